// Polls one SNMP agent once with the plugin's collectors and probe hooks, without the engine:
//   WARDEN_SNMPD_PORT=<port> npx tsx --conditions=@warden/source examples/snmp/index.ts
// (start a private agent with `WARDEN_SYSTEM_STATE=$(mktemp -d) bash scripts/system/peers/snmpd.sh`).
import {
  type Asset,
  type CollectorDefinition,
  type PluginSetupContext,
  type ProbeDefinition,
  silentLogger,
  systemClock,
} from '@warden/core';
import { snmp } from '@warden/plugin-snmp';

const port = Number(process.env.WARDEN_SNMPD_PORT ?? 161);
const asset = { id: 'agent', kind: 'host', address: '127.0.0.1', snmp: { version: '2c', port, community: 'public' } } as Asset;

const collectors = new Map<string, CollectorDefinition<unknown>>();
const probes = new Map<string, ProbeDefinition<unknown>>();
const disposers: Array<() => unknown> = [];
const setup: PluginSetupContext = {
  plugin: 'snmp',
  logger: silentLogger,
  collector: (d) => void collectors.set(d.name, d as CollectorDefinition<unknown>),
  probe: (d) => void probes.set(d.name, d as ProbeDefinition<unknown>),
  action: () => {},
  discoverer: () => {},
  notifier: () => {},
  onStart: () => {},
  onDispose: (fn) => void disposers.push(fn),
};
snmp().setup(setup);
const ctx = {
  signal: AbortSignal.timeout(10_000),
  logger: silentLogger,
  clock: systemClock,
  secrets: { reveal: async (s: unknown) => String(s), scrub: (t: string) => t },
  emit: () => {},
  params: undefined,
};
console.log(await probes.get('reachable')?.run(asset, undefined, ctx));
for (const name of ['system', 'interfaces', 'storage', 'ucd']) {
  const samples = (await collectors.get(name)?.collect(asset, ctx, undefined)) ?? [];
  console.log(`snmp.${name}: ${samples.length} samples`, samples.slice(0, 3));
}
for (const dispose of disposers) await dispose();
