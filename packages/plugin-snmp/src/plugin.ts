import { definePlugin } from '@warden/core';
import { setAction } from './actions/set.js';
import { CounterGuard } from './collectors/counter-guard.js';
import { mibCollectors, type ReaderFor, tableCollector } from './collectors/definitions.js';
import { sweepDiscoverer } from './discovery/sweep.js';
import { type SnmpPluginOptions, snmpAssetConfigSchema, snmpPluginOptionsSchema } from './options.js';
import { getProbe, interfaceProbe, reachableProbe } from './probes/probes.js';
import { loadMibNames, type MibNames } from './transport/mib-names.js';
import { DevicePool, scopeFor, snmpConfigOf } from './transport/pool.js';
import './registry.js';
import { type SnmpTrapReceiver, startTrapReceiver } from './traps/receiver.js';

/**
 * The SNMP plugin: collectors `snmp.system`, `snmp.interfaces`, `snmp.storage`, `snmp.cpu`,
 * `snmp.ucd`, `snmp.ups`, `snmp.sensors`, `snmp.table`; probes `snmp.reachable`, `snmp.get`,
 * `snmp.interface`; action `snmp.set`; discoverer `snmp.sweep`; with `traps`, a trap/inform
 * receiver started with Warden that turns each trap into an `snmp:trap` event attached to its
 * asset by address, and well-known traps into passive check results. Sessions are reused per device over a few
 * shared UDP sockets and closed when Warden stops.
 *
 * @param options - per-device concurrency, shared socket count, trap receiver
 * @returns the plugin for `createWarden({ plugins })`
 * @throws WardenError `ERR_CONFIG_INVALID` for unknown or invalid options
 * @example
 * ```ts
 * const warden = createWarden({ plugins: [snmp()] });
 * warden.assets.add({ id: 'sw-1', kind: 'network-device', address: '10.0.0.2',
 *   snmp: { version: '2c', community: secret.env('SNMP_COMMUNITY') } });
 * warden.collect({ collector: 'snmp.interfaces', assets: 'kind=network-device', every: '30s' });
 * ```
 */
export const snmp = definePlugin<SnmpPluginOptions>({
  name: 'snmp',
  version: '0.1.0',
  core: '^0.1.0',
  options: snmpPluginOptionsSchema,
  assetConfig: snmpAssetConfigSchema,
  setup(ctx, options) {
    const pool = new DevicePool({ sockets: options?.sockets, concurrencyPerDevice: options?.concurrencyPerDevice });
    const readerFor: ReaderFor = (asset, hookCtx) => pool.reader(asset, hookCtx);
    const guard = new CounterGuard();
    for (const collector of mibCollectors(readerFor, guard)) ctx.collector(collector);
    // net-snmp's module store takes a few hundred ms to build: only with mibs, or a profile using names.
    let names: MibNames | undefined = options?.mibs?.length ? loadMibNames(options.mibs) : undefined;
    if (names?.notes.length) ctx.logger.warn({ notes: names.notes }, `snmp({ mibs }): the MIB parser reported: ${names.notes.join('; ')}`);
    ctx.collector(tableCollector(readerFor, () => (names ??= loadMibNames([]))));
    ctx.probe(reachableProbe(readerFor));
    ctx.probe(getProbe(readerFor));
    ctx.probe(interfaceProbe(readerFor));
    ctx.action(
      setAction(async (asset, hookCtx, varbinds) => {
        const device = await pool.device(asset, hookCtx, 'write');
        return device.set(varbinds, scopeFor(snmpConfigOf(asset), hookCtx));
      }),
    );
    ctx.discoverer(sweepDiscoverer());
    let receiver: SnmpTrapReceiver | undefined;
    const traps = options?.traps;
    if (traps) {
      ctx.onStart(async (start) => {
        receiver = await startTrapReceiver(traps, {
          now: () => start.clock.now(),
          reveal: (value) => start.secrets.reveal(value),
          assetAt: (address) => start.assets.byAddress(address),
          submit: (check, asset, result) => start.submit(check, asset, result),
          logger: start.logger,
          deliver: (trap) => {
            start.emit('snmp:trap', trap);
            if (traps.onTrap) {
              try {
                traps.onTrap(trap);
              } catch (err) {
                start.logger.error({ err }, 'snmp traps.onTrap threw; the trap was still delivered as an event');
              }
            }
          },
        });
        start.logger.info({ port: receiver.port }, `SNMP trap receiver listening on ${traps.address ?? '0.0.0.0'}:${receiver.port}`);
      });
    }
    ctx.onDispose(async () => {
      pool.close();
      guard.clear();
      await receiver?.close();
    });
  },
});
