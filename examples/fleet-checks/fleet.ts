// A simulated morning of a small fleet, on a manual clock: what Warden raises, and what it keeps
// quiet. Every check here is a `run` function reading a simulated world, so the story is the same
// on every machine and runs in milliseconds; swap them for `tcp`, `ping` or `nagios` probes to
// watch a real fleet.
import type { CheckStatus } from '@warden/core';
import { createTestWarden } from '@warden/core/testing';

/** What the simulation prints and returns. */
export interface FleetRun {
  /** One line per thing an operator would see, with the simulated time. */
  timeline: string[];
  /** The availability report for the morning. */
  report: Awaited<ReturnType<ReturnType<typeof createTestWarden>['report']>>;
}

const START = Date.UTC(2026, 2, 2, 8, 0); // Monday 08:00 UTC
const at = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return START + ((h - 8) * 60 + m) * 60_000;
};
const clockTime = (ms: number): string => new Date(ms).toISOString().slice(11, 16);

/**
 * Runs the morning: 08:00 to 12:00.
 *
 * @returns the timeline and the report
 */
export async function runFleet(): Promise<FleetRun> {
  await using warden = createTestWarden({ start: START, notifications: { groupWindow: '30s' } });
  const timeline: string[] = [];
  const say = (line: string) => timeline.push(`${clockTime(warden.clock.now())}  ${line}`);

  // The world: what each (check, asset) would answer right now.
  const world = new Map<string, CheckStatus>();
  const status = (check: string, asset: string): CheckStatus => world.get(`${check}/${asset}`) ?? 'ok';
  const set = (check: string, asset: string, value: CheckStatus) => world.set(`${check}/${asset}`, value);
  const answer = (check: string) => (asset: { id: string }) => {
    const s = status(check, asset.id);
    return { status: s, summary: `${check} on ${asset.id}: ${s}` };
  };

  // Inventory: a router, a switch behind it, three web servers and a database behind the switch.
  warden.assets.add({ id: 'router', kind: 'network-device' });
  warden.assets.add({ id: 'sw-1', kind: 'network-device', dependsOn: ['router'] });
  for (const id of ['web-1', 'web-2', 'web-3']) warden.assets.add({ id, kind: 'host', dependsOn: ['sw-1'], labels: { role: 'web' } });
  warden.assets.add({ id: 'db-1', kind: 'host', dependsOn: ['sw-1'], labels: { role: 'db' } });
  warden.assets.add({ id: 'web-pool', kind: 'service', dependsOn: ['sw-1'] });

  // Liveness: is the box up? Everything behind a dead box is unreachable, not alerting.
  warden.check({ id: 'ping', assets: 'kind in (host,network-device)', run: answer('ping'), every: '1m', liveness: true });
  // A service check that must fail 3 times in a row (retried every 10 s) before it is hard.
  warden.check({ id: 'http', assets: 'role=web', run: answer('http'), every: '1m', attempts: 3, retryEvery: '10s' });
  // The pool: warning when one web server is down, critical from two.
  warden.check({ id: 'pool', assets: { ids: ['web-pool'] }, aggregate: { check: 'http', warn: '>=1', crit: '>=2' }, every: '5m' });
  // A dead-man's switch: the backup job reports every hour; two hours of silence is critical.
  warden.check({ id: 'backup', assets: 'role=db', passive: true, freshness: '2h' });

  warden.notify({ notifier: 'log' });
  warden.on('incident:opened', (i) => void say(`OPENED    ${i.asset}/${i.check} (${i.status}): ${i.summary}`));
  warden.on('incident:resolved', (i) => void say(`RESOLVED  ${i.asset}/${i.check}`));
  warden.on('maintenance:started', (m) => void say(`maintenance "${m.id}" started on ${m.assets.join(', ')}`));
  warden.on('maintenance:ended', (m) => void say(`maintenance "${m.id}" ended`));

  await warden.start();
  await warden.submit('backup', 'db-1', { status: 'ok', summary: 'backup of 08:00 done' });

  // 08:10 web-2's HTTP service breaks: soft for two retries, hard at the third failure.
  await warden.clock.set(at('08:10'));
  set('http', 'web-2', 'critical');
  await warden.clock.set(at('08:30'));
  say(
    `web-2/http is ${warden.state('http', 'web-2')?.stateType} ${warden.state('http', 'web-2')?.status}; pool is ${warden.state('pool', 'web-pool')?.status}`,
  );
  set('http', 'web-2', 'ok');

  // 09:00 the switch dies, taking every box behind it along: one incident, not five.
  await warden.clock.set(at('09:00'));
  await warden.submit('backup', 'db-1', { status: 'ok', summary: 'backup of 09:00 done' });
  set('ping', 'sw-1', 'critical');
  for (const id of ['web-1', 'web-2', 'web-3', 'db-1']) {
    set('ping', id, 'critical');
    if (id !== 'db-1') set('http', id, 'critical');
  }
  await warden.clock.set(at('09:15'));
  const cutOff = warden.states().filter((s) => !s.reachable).length;
  say(`switch down: ${warden.incidents.list({ open: true }).length} open incident(s), ${cutOff} checks unreachable`);
  // 09:15 it comes back; the boxes behind it are re-checked at once and found fine: no storm.
  world.clear();
  await warden.clock.set(at('09:30'));

  // 10:00–11:00 db-1 is patched in a maintenance window: its reboot pages nobody.
  warden.maintenance({ id: 'db-patching', assets: 'role=db', includeChildren: true, from: at('10:00'), to: at('11:00') });
  await warden.clock.set(at('10:05'));
  set('ping', 'db-1', 'critical');
  await warden.clock.set(at('10:20'));
  set('ping', 'db-1', 'ok');

  // The backup job was broken by the patch: no report since 09:00, so at 11:00 the switch trips.
  await warden.clock.set(at('12:00'));
  const report = await warden.report({ from: START, to: at('12:00') });
  return { timeline, report };
}
