// Finds SNMP agents, adds them to the inventory, checks them once, and listens for traps:
//   npx tsx --conditions=@warden/source examples/snmp/index.ts 127.0.0.1:<port> [more targets…]
// Targets are addresses, CIDR ranges (at most a /20) or host names, each optionally :port.
// Environment: SNMP_COMMUNITY (default public), WARDEN_SNMP_TRAP_PORT (default off), WARDEN_SNMP_LISTEN_MS.
// A private agent to try it on: WARDEN_SYSTEM_STATE=$(mktemp -d) bash scripts/system/peers/snmpd.sh
import { createWarden, secret } from '@warden/core';
import { type SnmpTrap, snmp } from '@warden/plugin-snmp';

const targets = process.argv.slice(2);
if (targets.length === 0) {
  console.error('usage: examples/snmp/index.ts <address|cidr|host>[:port] …');
  process.exit(3);
}
process.env.SNMP_COMMUNITY ??= 'public';
const community = secret.env('SNMP_COMMUNITY');
const trapPort = Number(process.env.WARDEN_SNMP_TRAP_PORT ?? 0);
const traps: SnmpTrap[] = [];

const warden = createWarden({
  plugins: [snmp(trapPort > 0 ? { traps: { port: trapPort, address: '127.0.0.1', communities: [community] } } : {})],
});
warden.on('snmp:trap', (trap) => void traps.push(trap));
warden.on('discovery:progress', ({ done, total, found }) => console.error(`sweep: ${done}/${total} probed, ${found} found`));

// 1. Inventory: every agent that answers becomes an asset with vendor, kind and OS facts.
for await (const proposal of warden.discover('snmp.sweep', { targets, communities: [community], timeout: '1s' })) {
  warden.assets.upsert(proposal);
  const { vendor = '?', os = '?', sysDescr = '' } = proposal.facts ?? {};
  console.log(`found ${proposal.id}: kind=${proposal.kind} vendor=${vendor} os=${os} "${String(sysDescr).slice(0, 60)}"`);
}

// 2. Checks: reachability, and the canonical metrics the SNMP collectors produce.
warden.collect({ collector: 'snmp.system', assets: {}, every: '1m' });
warden.collect({ collector: 'snmp.interfaces', assets: {}, every: '1m' });
warden.collect({ collector: 'snmp.storage', assets: 'kind=host', every: '1m' });
warden.check({ id: 'snmp-up', assets: {}, probe: 'snmp.reachable', every: '1m', liveness: true });
warden.check({ id: 'disk', assets: 'kind=host', metric: 'system.filesystem.utilization', warn: '>0.8', crit: '>0.9' });
warden.check({ id: 'uptime', assets: {}, metric: 'system.uptime', warn: '<600' });

const report = await warden.runOnce();
for (const r of report.results) console.log(`${r.status.toUpperCase().padEnd(8)} ${r.check} on ${r.asset}: ${r.summary}`);
console.log(report.summary);

// 3. Traps: with WARDEN_SNMP_TRAP_PORT set, listen a while and show what arrived. Link traps
// feed the passive check snmp.trap.link of the asset at the sender's address.
if (trapPort > 0) {
  warden.check({ id: 'snmp.trap.link', assets: {}, passive: true, freshness: '1d' });
  await new Promise((resolve) => setTimeout(resolve, Number(process.env.WARDEN_SNMP_LISTEN_MS ?? 5000)));
  for (const trap of traps) {
    const meaning = trap.passive ? `${trap.passive.check} ${trap.passive.result.status}: ${trap.passive.result.summary}` : 'no mapping';
    console.log(
      `trap ${trap.name ?? trap.trapOid} from ${trap.source.address} (v${trap.version}, asset ${trap.asset ?? 'none'}): ${meaning}`,
    );
  }
  for (const asset of warden.assets.list()) {
    const state = warden.state('snmp.trap.link', asset.id);
    if (state?.result) console.log(`snmp.trap.link on ${asset.id}: ${state.status.toUpperCase()} ${state.result.summary}`);
  }
}
await warden.stop();
process.exitCode = report.exitCode;
