import { afterEach, describe, expect, it } from 'vitest';
import { createCaptureLogger } from '../../src/testing/capture-logger.js';
import { count, type Harness, harness, stopAll } from './harness.js';

afterEach(stopAll);

/** router ← switch ← host, each with a `ping` liveness check; the host also runs `http`. */
function chain(h: Harness): void {
  const { warden } = h;
  warden.assets.add({ id: 'host', kind: 'host', dependsOn: ['switch'] }); // a parent may come later
  warden.assets.add({ id: 'router', kind: 'network-device' });
  warden.assets.add({ id: 'switch', kind: 'network-device', dependsOn: ['router'] });
  warden.notify({ notifier: 'fake.record' as never });
  warden.check({ id: 'ping', assets: '*', run: h.run('ping'), every: '1m', liveness: true });
  warden.check({ id: 'http', assets: { ids: ['host'] }, run: h.run('http'), every: '1m' });
}

describe('dependencies', () => {
  it('a dead router alerts alone: the switch and host behind it are unreachable, never ahead of it', async () => {
    const h = harness();
    chain(h);
    await h.warden.start();
    await h.warden.clock.advance(60_000);
    expect(h.warden.states().every((s) => s.status === 'ok')).toBe(true);

    // Everything behind the router fails with it. Whatever order the jobs run in, a check about
    // to go hard re-runs its ancestors' liveness checks first.
    h.set('critical', 'ping');
    h.set('critical', 'http');
    await h.warden.clock.advance(60_000);
    expect(h.warden.incidents.list({ open: true }).map((i) => `${i.asset}/${i.check}`)).toEqual(['router/ping']);
    expect(h.items()).toEqual(['opened router/ping']);
    expect(h.warden.state('ping', 'switch')).toMatchObject({ status: 'critical', reachable: false });
    expect(h.warden.state('ping', 'host')).toMatchObject({ status: 'critical', reachable: false });
    expect(h.warden.state('http', 'host')).toMatchObject({ status: 'critical', reachable: false });
    expect(h.warden.state('ping', 'router')).toMatchObject({ status: 'critical', reachable: true });

    // It stays that way on later rounds.
    await h.warden.clock.advance(120_000);
    expect(h.warden.incidents.list({ open: true })).toHaveLength(1);
  });

  it('re-runs the parent on demand before a child goes hard', async () => {
    const h = harness();
    chain(h);
    await h.warden.start();
    await h.warden.clock.advance(60_000);
    const routerRuns = count(h.runs, 'ping/router');
    // Only the host's http fails: its own ping and the ancestors' are re-run first, find them
    // up, and the incident opens.
    h.set('critical', 'http');
    await h.warden.clock.advance(60_000);
    expect(count(h.runs, 'ping/router')).toBeGreaterThanOrEqual(routerRuns + 1);
    expect(h.warden.incidents.list({ open: true }).map((i) => `${i.asset}/${i.check}`)).toEqual(['host/http']);
  });

  it('a host whose own liveness check is down: its other checks are unreachable', async () => {
    const h = harness();
    chain(h);
    await h.warden.start();
    await h.warden.clock.advance(60_000);
    h.set('critical', 'ping', 'host');
    h.set('critical', 'http');
    await h.warden.clock.advance(60_000);
    expect(h.warden.incidents.list({ open: true }).map((i) => `${i.asset}/${i.check}`)).toEqual(['host/ping']);
    expect(h.warden.state('http', 'host')?.reachable).toBe(false);
  });

  it('after the parent recovers, its children are re-checked before anything is raised (no alert storm)', async () => {
    const h = harness();
    chain(h);
    await h.warden.start();
    await h.warden.clock.advance(60_000);
    h.set('critical', 'ping');
    h.set('critical', 'http');
    await h.warden.clock.advance(120_000);
    // The router comes back and so does everything behind it — except the host's http, which
    // has a problem of its own.
    h.set('ok', 'ping');
    h.set('ok', 'ping', 'router');
    const before = h.runs.length;
    for (let i = 0; i < 60 && h.warden.state('ping', 'router')?.status !== 'ok'; i++) await h.warden.clock.advance(1_000);
    // At the moment the router recovered, its failing descendants were re-run at once.
    const rerun = h.runs.slice(before);
    expect(rerun).toEqual(expect.arrayContaining(['ping/switch', 'ping/host', 'http/host']));
    const recoveredAt = h.warden.state('ping', 'router')?.lastCheckAt;
    expect(h.warden.state('http', 'host')?.lastCheckAt).toBe(recoveredAt);
    expect(h.warden.state('ping', 'switch')?.status).toBe('ok');
    expect(h.warden.state('ping', 'host')?.status).toBe('ok');
    const open = h.warden.incidents.list({ open: true }).map((i) => `${i.asset}/${i.check}`);
    expect(open).toEqual(['host/http']); // its real problem, raised once it was confirmed
    expect(h.items()).toEqual(['opened router/ping', 'resolved router/ping', 'opened host/http']);
  });

  it('anyOf: a host behind redundant uplinks is reachable while one is up', async () => {
    const h = harness();
    const { warden } = h;
    warden.assets.add({ id: 'uplink-a', kind: 'network-device' });
    warden.assets.add({ id: 'uplink-b', kind: 'network-device' });
    warden.assets.add({ id: 'db', kind: 'host', dependsOn: [{ anyOf: ['uplink-a', 'uplink-b'] }] });
    warden.check({ id: 'ping', assets: '*', run: h.run('ping'), every: '1m', liveness: true });
    warden.check({ id: 'sql', assets: { ids: ['db'] }, run: h.run('sql'), every: '1m' });
    await warden.start();
    await warden.clock.advance(60_000);
    h.set('critical', 'ping', 'uplink-a');
    h.set('critical', 'sql');
    await warden.clock.advance(60_000);
    expect(warden.state('sql', 'db')?.reachable).toBe(true);
    const open = () =>
      warden.incidents
        .list({ open: true })
        .map((i) => `${i.asset}/${i.check}`)
        .sort();
    expect(open()).toEqual(['db/sql', 'uplink-a/ping']);

    // Both uplinks down: the db is cut off; its open incident is kept (resolutions still flow).
    h.set('critical', 'ping', 'uplink-b');
    h.set('critical', 'ping', 'db');
    await warden.clock.advance(60_000);
    expect(warden.state('ping', 'db')).toMatchObject({ status: 'critical', reachable: false });
    expect(open()).toEqual(['db/sql', 'uplink-a/ping', 'uplink-b/ping']);
    h.set('ok', 'sql');
    h.set('ok', 'ping', 'db');
    await warden.clock.advance(60_000);
    // Still cut off, but the recovery of sql is never suppressed.
    expect(warden.state('sql', 'db')).toMatchObject({ status: 'ok', reachable: false });
    expect(open()).toEqual(['uplink-a/ping', 'uplink-b/ping']);
  });

  it('warns once about a parent with no liveness check', async () => {
    const logger = createCaptureLogger();
    const h = harness({ logger });
    h.warden.assets.add({ id: 'switch', kind: 'network-device' });
    h.warden.assets.add({ id: 'a', kind: 'host', dependsOn: ['switch'] });
    h.warden.assets.add({ id: 'b', kind: 'host', dependsOn: ['switch'] });
    h.warden.check({ id: 'http', assets: 'kind=host', run: h.run('http'), every: '1m' });
    await h.warden.start();
    await h.warden.clock.advance(120_000);
    const warnings = logger.records.filter((r) => r.level === 'warn' && r.msg?.includes('no liveness check'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toContain('asset "switch"');
  });
});
