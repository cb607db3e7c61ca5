// Fleet: a switch, a host behind it and a web service on the host, watched over SNMP, SSH and
// HTTP; a remediation rule in dry run, a hand-run restart, and a maintenance window on the switch
// that keeps its children quiet. The three peers are started in this process on 127.0.0.1, so
// it runs anywhere Node runs:
//
//   npx tsx --conditions=@warden/source examples/fleet/index.ts
//
// Warden runs on a manual clock (35 simulated minutes, a few seconds of real time); the peers
// answer for real over loopback.
import { type CheckState, secret } from '@warden/core';
import { createTestWarden } from '@warden/core/testing';
import { cloud } from '@warden/plugin-cloud';
import { snmp } from '@warden/plugin-snmp';
import { ssh } from '@warden/plugin-ssh';
import { runUntil } from './drive.js';
import { CHECK_DB, startHost } from './peers/host.js';
import { startShop } from './peers/shop.js';
import { startSwitch } from './peers/switch.js';

const START = Date.UTC(2026, 2, 2, 9, 0); // Monday 09:00 UTC
const at = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return START + ((h - 9) * 60 + m) * 60_000;
};
const time = (ms: number): string => new Date(ms).toISOString().slice(11, 19);

await watchTheFleet();
// Nothing is left open: the process exits by itself.
console.log('stopped: Warden and the three peers are closed');

async function watchTheFleet(): Promise<void> {
  // The peers: an HTTP service (the shop), an SSH server (the host), an SNMP agent (the switch).
  // `await using` closes them when this function ends, even on a throw, after Warden (declared
  // last, so stopped first).
  await using shop = await startShop();
  await using host = await startHost((unit) => {
    if (unit === 'shop') shop.healthy = true; // a restart cures it
  });
  await using sw = await startSwitch(START - 41 * 86_400_000); // up for 41 days
  console.log(`peers on 127.0.0.1: switch SNMP udp/${sw.port}, host SSH tcp/${host.port}, shop HTTP tcp/${shop.port}`);
  console.log(`host key pinned: ${host.hostKeyFingerprint}\n`);

  await using warden = createTestWarden({
    start: START,
    plugins: [
      snmp(),
      // Strict host keys: only the key with this fingerprint is accepted.
      ssh({ knownHosts: { fingerprints: [host.hostKeyFingerprint] } }),
      cloud(),
    ],
    // Automatic remediation is switched on; the rule below is still a dry run.
    remediation: { enabled: true },
  });

  const timeline: string[] = [];
  const say = (line: string): void => {
    timeline.push(`${time(warden.clock.now())}  ${line}`);
  };

  // The inventory: the service runs on web-1, which hangs off sw-1.
  warden.assets.add({
    id: 'sw-1',
    kind: 'network-device',
    address: '127.0.0.1',
    snmp: { version: '2c', port: sw.port, community: 'public' },
  });
  const login = { port: host.port, username: host.username, privateKey: secret.value(host.clientKey) };
  warden.assets.add({ id: 'web-1', kind: 'host', address: '127.0.0.1', dependsOn: ['sw-1'], ssh: login });
  // The service's ssh block reaches the host it runs on, so an action can restart it there.
  warden.assets.add({ id: 'shop', kind: 'service', address: '127.0.0.1', dependsOn: ['web-1'], ssh: login });

  // Metrics every 5 minutes; checks every minute.
  warden.collect({ collector: 'snmp.system', assets: { ids: ['sw-1'] }, every: '5m' });
  warden.collect({ collector: 'snmp.interfaces', assets: { ids: ['sw-1'] }, every: '5m' });
  warden.collect({ collector: 'ssh.linux', assets: { ids: ['web-1'] }, every: '5m' });

  // Liveness: is the box there at all? Everything behind a dead box is unreachable, not alerting.
  warden.check({ id: 'sw-up', assets: { ids: ['sw-1'] }, probe: 'snmp.reachable', every: '1m', liveness: true });
  warden.check({ id: 'ssh', assets: { ids: ['web-1'] }, probe: 'ssh.reachable', every: '1m', liveness: true });
  // The uplink port of the switch (IF-MIB ifOperStatus).
  warden.check({ id: 'uplink', assets: { ids: ['sw-1'] }, probe: 'snmp.interface', params: { interfaces: ['Gi0/1'] }, every: '1m' });
  // A Monitoring Plugin run on the host over SSH: is PostgreSQL listening?
  warden.check({ id: 'db', assets: { ids: ['web-1'] }, probe: 'ssh.command', params: { command: CHECK_DB, mode: 'nagios' }, every: '1m' });
  // A threshold on what ssh.linux collected: the root filesystem's share used.
  warden.check({
    id: 'disk',
    assets: { ids: ['web-1'] },
    metric: 'system.filesystem.utilization',
    labels: { mountpoint: '/' },
    warn: '>0.8',
    crit: '>0.9',
  });
  // The service itself, over HTTP; hard after two failures 20 s apart.
  warden.check({
    id: 'shop-http',
    assets: { ids: ['shop'] },
    probe: 'cloud.http',
    params: { url: `http://{address}:${shop.port}/health`, expect: { status: 200 } },
    every: '1m',
    attempts: 2,
    retryEvery: '20s',
  });

  // When the service goes hard critical, restart it on its host — planned and audited, not done.
  warden.remediate({
    id: 'restart-shop',
    on: { check: 'shop-http', status: ['critical'] },
    steps: [{ action: 'ssh.restartService', params: { unit: 'shop' } }],
    policy: { dryRun: true, maxAttempts: 2, cooldown: '15m' },
  });

  // The switch's firmware upgrade, 09:15–09:30: it and everything behind it stay quiet.
  warden.maintenance({
    id: 'sw-1-firmware',
    assets: { ids: ['sw-1'] },
    includeChildren: true,
    from: at('09:15'),
    to: at('09:30'),
    reason: 'firmware upgrade, CHG-1042',
  });

  // The timeline: state changes (past the first result), incidents, remediation, maintenance.
  warden.on('check:state', (s) => {
    if (s.previous === 'pending') return;
    const change = s.previous === s.status ? `${s.status} (soft → hard)` : `${s.previous} → ${s.status} (${s.stateType})`;
    say(`state        ${s.check} on ${s.asset}: ${change}`);
  });
  warden.on('incident:opened', (i) => say(`INCIDENT     opened ${i.check} on ${i.asset} (${i.status}): ${i.summary}`));
  warden.on('incident:resolved', (i) => say(`INCIDENT     resolved ${i.check} on ${i.asset}`));
  for (const kind of ['planned', 'skipped', 'started', 'succeeded', 'failed', 'verified'] as const) {
    warden.on(`remediation:${kind}`, (r) => say(`remediation  ${kind} ${r.action} on ${r.asset} (${r.rule}): ${r.message}`));
  }
  warden.on('maintenance:started', (m) => say(`maintenance  "${m.id}" started: ${m.assets.join(', ')} covered`));
  warden.on('maintenance:ended', (m) => say(`maintenance  "${m.id}" ended`));
  warden.on('collect:error', (e) => say(`collect      ${e.collector} on ${e.asset} failed: ${e.error.message}`));
  warden.on('warden:error', (e) => say(`error        ${e.source}: ${e.error.message}`));

  const advance = (hhmm: string) => runUntil(warden, at(hhmm), (now) => sw.setTime(now));

  await warden.start();
  await advance('09:02');
  const states = warden.states();
  say(`${states.filter((s) => s.status === 'ok').length} of ${states.length} checks OK after the first rounds`);

  // 09:04 the shop breaks. Soft at the first failure, hard at the second; the rule plans a restart.
  await advance('09:04');
  shop.healthy = false;
  say('(the shop starts answering 503: its worker pool is exhausted)');
  await advance('09:08');

  // 09:08 an operator does what the rule proposed: one explicit, audited act.
  say('(ana restarts the shop by hand: warden.act("ssh.restartService", "shop", { unit: "shop" }))');
  const restart = await warden.act('ssh.restartService', 'shop', { unit: 'shop' }, { actor: 'ana' });
  say(`act          ssh.restartService on shop: ${restart.ok ? 'ok' : 'failed'}: ${restart.output ?? restart.error}`);
  await advance('09:14');

  // 09:17 inside the window: the uplink flaps off and PostgreSQL on web-1 is down for the update.
  await advance('09:17');
  sw.setLink(1, false);
  host.postgres = false;
  say('(upgrade work: Gi0/1 goes down on sw-1, PostgreSQL on web-1 stops)');
  await advance('09:24');
  const failing = warden.states().filter((st) => st.status === 'critical' && st.stateType === 'hard');
  say(
    `hard CRITICAL: ${failing.map((st) => `${st.check} on ${st.asset}`).join(', ')}; open incidents: ${warden.incidents.list({ open: true }).length}`,
  );
  sw.setLink(1, true);
  host.postgres = true;
  say('(work done: Gi0/1 up, PostgreSQL listening again)');
  await advance('09:35');

  console.log('Timeline (simulated clock, UTC):');
  for (const line of timeline) console.log(`  ${line}`);

  console.log('\nAudit trail (warden.audit.query()):');
  for (const r of await warden.audit.query({})) {
    const detail = r.reason ?? r.output ?? (r.params === undefined ? '' : JSON.stringify(r.params));
    const ok = r.ok === undefined ? '' : r.ok ? ' ok' : ' FAILED';
    console.log(`  ${time(r.at)}  ${r.kind.padEnd(8)} ${r.rule.padEnd(12)} ${r.action} on ${r.asset}${ok}  ${detail}`);
  }

  console.log('\nIncidents (warden.incidents.history()):');
  for (const i of await warden.incidents.history()) {
    const resolved = i.resolvedAt === undefined ? 'open' : `resolved ${time(i.resolvedAt)}`;
    console.log(`  ${time(i.openedAt)}  ${i.check} on ${i.asset}: ${i.severity}, ${resolved} — ${i.summary}`);
  }

  console.log('\nFinal states:');
  printStates(warden.states());
  const uptime = warden.metrics.latest('system.uptime', { asset: 'sw-1' });
  const load = warden.metrics.latest('system.cpu.load_average.1m', { asset: 'web-1' });
  const rx = warden.metrics.rate('system.network.io', { asset: 'sw-1', device: 'Gi0/1', direction: 'receive' }, '15m');
  console.log(
    `\nsw-1 up ${uptime ? (uptime.value / 86_400).toFixed(1) : '?'} days, Gi0/1 receiving ${rx === undefined ? '?' : ((rx * 8) / 1e6).toFixed(1)} Mbit/s; web-1 load ${load?.value.toFixed(2) ?? '?'}`,
  );
  const restarts = host.commands.filter((line) => line.includes('systemctl restart')).length;
  console.log(`the host answered ${host.commands.length} SSH commands, ${restarts} of them a restart; nothing ran on this machine`);
}

function printStates(states: CheckState[]): void {
  const rows = states.map((s) => [s.check, s.asset, `${s.status}`.toUpperCase(), s.stateType, s.result?.summary ?? '']);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const row of rows) console.log(`  ${row.map((c, i) => (i < 4 ? c.padEnd(widths[i] ?? 0) : c)).join('  ')}`);
}
