import { afterEach, describe, expect, it } from 'vitest';
import type { WardenError } from '../../src/errors/warden-error.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { harness, stopAll } from './harness.js';

afterEach(stopAll);

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('passive checks', () => {
  function setup() {
    const h = harness();
    h.warden.assets.add({ id: 'db-1', kind: 'host' });
    h.warden.assets.add({ id: 'web-1', kind: 'host' });
    h.warden.notify({ notifier: 'fake.record' as never });
    h.warden.check({ id: 'backup', assets: { ids: ['db-1'] }, passive: true, freshness: '1h' });
    return h;
  }

  it("a submitted result sets the state; silence beyond `freshness` goes critical (dead-man's switch)", async () => {
    const h = setup();
    const { warden } = h;
    await warden.start();
    await warden.submit('backup', 'db-1', { status: 'ok', summary: 'nightly backup done' });
    expect(warden.state('backup', 'db-1')).toMatchObject({ status: 'ok', result: { summary: 'nightly backup done' } });
    await warden.clock.advance(50 * MIN);
    await warden.submit('backup', 'db-1', { status: 'ok', summary: 'again' }); // fresh for another hour
    await warden.clock.advance(55 * MIN);
    expect(warden.state('backup', 'db-1')?.status).toBe('ok');
    await warden.clock.advance(5 * MIN);
    expect(warden.state('backup', 'db-1')).toMatchObject({ status: 'critical', stateType: 'hard' });
    expect(warden.state('backup', 'db-1')?.result?.summary).toMatch(/no result submitted for 1h \(freshness 1h\)/);
    expect(h.items()).toEqual(['opened db-1/backup']);
    await warden.submit('backup', 'db-1', { status: 'ok', summary: 'late but done' });
    expect(h.items()).toEqual(['opened db-1/backup', 'resolved db-1/backup']);
  });

  it('a pair that never reported goes stale `freshness` after start, with the configured status', async () => {
    const h = harness();
    h.warden.assets.add({ id: 'db-1', kind: 'host' });
    h.warden.check({ id: 'heartbeat', assets: '*', passive: true, freshness: '10m', staleStatus: 'warning' });
    await h.warden.start();
    await h.warden.clock.advance(9 * MIN);
    expect(h.warden.state('heartbeat', 'db-1')?.status).toBe('pending');
    await h.warden.clock.advance(MIN);
    expect(h.warden.state('heartbeat', 'db-1')).toMatchObject({ status: 'warning' });
  });

  it("staleStatus 'ok' makes an event check that clears itself once `freshness` passes without another event", async () => {
    const h = harness();
    h.warden.assets.add({ id: 'sw-1', kind: 'switch' });
    h.warden.check({ id: 'restart', assets: '*', passive: true, freshness: '1h', staleStatus: 'ok' });
    await h.warden.start();
    await h.warden.submit('restart', 'sw-1', { status: 'warning', summary: 'coldStart trap' });
    await h.warden.clock.advance(59 * MIN);
    expect(h.warden.state('restart', 'sw-1')?.status).toBe('warning');
    await h.warden.clock.advance(MIN);
    expect(h.warden.state('restart', 'sw-1')?.result).toEqual({ status: 'ok', summary: 'cleared: no new result for 1h (freshness 1h)' });
  });

  it('freshness counts from the last result a previous Warden stored', async () => {
    const store = createMemoryStore();
    const first = harness({ store });
    first.warden.assets.add({ id: 'db-1', kind: 'host' });
    first.warden.check({ id: 'backup', assets: '*', passive: true, freshness: '1h' });
    await first.warden.start();
    await first.warden.submit('backup', 'db-1', { status: 'ok', summary: 'done' });
    await first.warden.clock.advance(40 * MIN);
    await first.warden.stop();

    const second = harness({ store, start: first.warden.clock.now() });
    second.warden.assets.add({ id: 'db-1', kind: 'host' });
    second.warden.check({ id: 'backup', assets: '*', passive: true, freshness: '1h' });
    await second.warden.start();
    await second.warden.clock.advance(19 * MIN);
    expect(second.warden.state('backup', 'db-1')?.status).toBe('ok');
    await second.warden.clock.advance(MIN); // an hour after the result, not after the restart
    expect(second.warden.state('backup', 'db-1')?.status).toBe('critical');
  });

  it('rejects unknown checks and assets, non-passive checks and invalid results', async () => {
    const h = setup();
    h.warden.check({ id: 'http', assets: '*', run: h.run('http') });
    const rejection = (promise: Promise<void>) =>
      promise.then(
        () => ({ code: 'resolved', message: '' }),
        (err: WardenError) => err,
      );
    expect(await rejection(h.warden.submit('bakup', 'db-1', { status: 'ok', summary: '' }))).toMatchObject({
      code: 'ERR_NOT_FOUND',
      message: expect.stringContaining('passive checks: backup'),
    });
    expect((await rejection(h.warden.submit('backup', 'db-9', { status: 'ok', summary: '' }))).code).toBe('ERR_NOT_FOUND');
    expect((await rejection(h.warden.submit('backup', 'web-1', { status: 'ok', summary: '' }))).message).toMatch(/does not cover/);
    expect((await rejection(h.warden.submit('http', 'db-1', { status: 'ok', summary: '' }))).code).toBe('ERR_CONFIG_INVALID');
    const bad = await rejection(h.warden.submit('backup', 'db-1', { status: 'fine', summary: 1 } as never));
    expect(bad.code).toBe('ERR_CONFIG_INVALID');
    expect(bad.message).toContain('status');
    expect(bad.message).toContain('summary');
    expect(() => h.warden.check({ id: 'p', assets: '*', passive: true } as never)).toThrow(/needs `freshness`/);
  });
});

describe('aggregate checks', () => {
  it('counts members in a hard non-OK state against thresholds, re-judged when a member changes', async () => {
    const h = harness();
    const { warden } = h;
    for (const id of ['web-1', 'web-2', 'web-3', 'web-4']) warden.assets.add({ id, kind: 'host', labels: { role: 'web' } });
    warden.assets.add({ id: 'pool', kind: 'service' });
    warden.check({ id: 'http', assets: 'role=web', run: h.run('http'), every: '1m' });
    warden.check({
      id: 'web-pool',
      assets: { ids: ['pool'] },
      aggregate: { check: 'http', assets: 'role=web', warn: '>=1', crit: '>=2' },
      every: '1h',
    });
    await warden.start();
    await warden.clock.advance(MIN);
    expect(warden.state('web-pool', 'pool')?.result?.summary).toBe('0 of 4 members of "http" non-OK');

    h.set('critical', 'http', 'web-2');
    await warden.clock.advance(MIN); // well before the aggregate's own hourly run
    expect(warden.state('web-pool', 'pool')).toMatchObject({ status: 'warning' });
    expect(warden.state('web-pool', 'pool')?.result?.summary).toBe('1 of 4 members of "http" non-OK: web-2 (critical)');

    h.set('warning', 'http', 'web-4');
    await warden.clock.advance(MIN);
    expect(warden.state('web-pool', 'pool')).toMatchObject({ status: 'critical' });

    h.set('ok', 'http');
    h.set('ok', 'http', 'web-2');
    h.set('ok', 'http', 'web-4');
    await warden.clock.advance(MIN);
    expect(warden.state('web-pool', 'pool')).toMatchObject({ status: 'ok' });
    expect(warden.incidents.list({ open: true })).toEqual([]);
    await warden.clock.advance(HOUR); // its own schedule judges it too
    expect(warden.state('web-pool', 'pool')?.status).toBe('ok');
  });

  it('refuses an aggregate without thresholds or counting itself', () => {
    const h = harness();
    expect(() => h.warden.check({ id: 'a', assets: '*', aggregate: { check: 'http' } })).toThrow(/needs `warn`, `crit` or both/);
    expect(() => h.warden.check({ id: 'a', assets: '*', aggregate: { check: 'a', crit: '>0' } })).toThrow(/cannot count itself/);
    expect(() => h.warden.check({ id: 'a', assets: '*', aggregate: { check: 'http', crit: '>>0' } })).toThrow(/aggregate\.crit/);
  });
});
