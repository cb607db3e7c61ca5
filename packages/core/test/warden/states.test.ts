import { afterEach, describe, expect, it } from 'vitest';
import type { CheckFlappingEvent, CheckStateEvent } from '../../src/events/types.js';
import { count, harness, stopAll } from './harness.js';

afterEach(stopAll);

describe('soft and hard states', () => {
  it('goes soft → hard after `attempts`, retrying every `retryEvery`, then back to the normal interval; recovery resolves', async () => {
    const h = harness();
    const { warden } = h;
    const changes: CheckStateEvent[] = [];
    warden.on('check:state', (e) => void changes.push(e));
    warden.assets.add({ id: 'web-1', kind: 'host' });
    warden.notify({ notifier: 'fake.record' as never });
    warden.check({ id: 'http', assets: '*', run: h.run('http'), every: '1m', retryEvery: '10s', attempts: 3 });
    await warden.start();
    await warden.clock.advance(60_000);
    expect(warden.state('http', 'web-1')).toMatchObject({ status: 'ok', stateType: 'hard', attempt: 1 });

    h.set('critical', 'http');
    await warden.clock.advance(60_000);
    expect(count(h.runs, 'http/web-1')).toBe(2);
    expect(warden.state('http', 'web-1')).toMatchObject({ status: 'critical', stateType: 'soft', attempt: 1 });
    expect(warden.incidents.list({ open: true })).toEqual([]);

    // Soft: retried every 10 s, not every minute.
    await warden.clock.advance(10_000);
    expect(count(h.runs, 'http/web-1')).toBe(3);
    expect(warden.state('http', 'web-1')).toMatchObject({ stateType: 'soft', attempt: 2 });
    await warden.clock.advance(10_000);
    expect(count(h.runs, 'http/web-1')).toBe(4);
    expect(warden.state('http', 'web-1')).toMatchObject({ status: 'critical', stateType: 'hard', attempt: 3 });
    expect(warden.incidents.list({ open: true })).toMatchObject([{ check: 'http', asset: 'web-1', severity: 'critical' }]);
    expect(h.items()).toEqual(['opened web-1/http']);

    // Hard: back to once a minute.
    await warden.clock.advance(60_000);
    expect(count(h.runs, 'http/web-1')).toBe(5);
    expect(warden.state('http', 'web-1')?.attempt).toBe(3); // frozen while hard ("3/3 HARD")

    h.set('ok', 'http');
    await warden.clock.advance(60_000);
    expect(warden.state('http', 'web-1')).toMatchObject({ status: 'ok', stateType: 'hard', attempt: 1 });
    expect(warden.incidents.list({ open: true })).toEqual([]);
    expect(h.items()).toEqual(['opened web-1/http', 'resolved web-1/http']);
    expect(changes.map((c) => `${c.previous}→${c.status} ${c.stateType}`)).toEqual([
      'pending→ok hard',
      'ok→critical soft',
      'critical→critical hard',
      'critical→ok hard',
    ]);
  });

  it('a soft problem that recovers within its attempts opens nothing', async () => {
    const h = harness();
    h.warden.assets.add({ id: 'web-1', kind: 'host' });
    h.warden.notify({ notifier: 'fake.record' as never });
    h.warden.check({ id: 'http', assets: '*', run: h.run('http'), every: '10s', attempts: 3 });
    await h.warden.start();
    h.set('critical', 'http');
    await h.warden.clock.advance(20_000);
    h.set('ok', 'http');
    await h.warden.clock.advance(10_000);
    expect(h.warden.state('http', 'web-1')).toMatchObject({ status: 'ok', stateType: 'hard' });
    expect(await h.warden.incidents.history()).toEqual([]);
    expect(h.sent).toEqual([]);
  });

  it('`for:` keeps a problem soft until it has lasted that long', async () => {
    const h = harness();
    h.warden.assets.add({ id: 'web-1', kind: 'host' });
    h.warden.check({ id: 'http', assets: '*', run: h.run('http'), every: '10s', for: '30s' });
    await h.warden.start();
    h.set('warning', 'http');
    const types: string[] = [];
    for (let i = 0; i < 5; i++) {
      await h.warden.clock.advance(10_000);
      types.push(h.warden.state('http', 'web-1')?.stateType ?? '?');
    }
    // Results at 0, 10, 20 s of the problem are soft; the one at 30 s makes it hard.
    expect(types).toEqual(['soft', 'soft', 'soft', 'hard', 'hard']);
    expect(h.warden.incidents.list({ open: true })).toHaveLength(1);
  });

  it('refuses invalid state settings at registration, naming the field', () => {
    const h = harness();
    expect(() => h.warden.check({ id: 'a', assets: '*', run: h.run('a'), for: 'soon' as never })).toThrow(/for/);
    expect(() => h.warden.check({ id: 'b', assets: '*', run: h.run('b'), flapping: { low: 50, high: 10 } })).toThrow(
      /ERR_CONFIG_INVALID|flapping/,
    );
    expect(() => h.warden.check({ id: 'c', assets: '*', run: h.run('c'), attempts: 0 })).toThrow(/attempts/);
  });
});

describe('flapping', () => {
  async function flapping(end: 'ok' | 'critical') {
    const h = harness();
    const flaps: CheckFlappingEvent[] = [];
    h.warden.on('check:flapping', (e) => void flaps.push(e));
    h.warden.assets.add({ id: 'web-1', kind: 'host' });
    h.warden.notify({ notifier: 'fake.record' as never });
    h.warden.check({ id: 'http', assets: '*', run: h.run('http'), every: '10s' });
    await h.warden.start();
    // c, o, c, o, c, o from a fresh check: after the 6th result 6 transitions weigh
    // 0.75·6 + 6·(39 − 6)/76 = 7.105 → 35.5 % ≥ 30 %: flapping starts (after 5: 29.9 %).
    for (const status of ['critical', 'ok', 'critical', 'ok', 'critical', 'ok'] as const) {
      h.set(status, 'http');
      await h.warden.clock.advance(10_000);
    }
    expect(flaps).toMatchObject([{ flapping: true }]);
    expect(flaps[0]?.percent).toBeCloseTo(35.53, 1);
    expect(h.warden.state('http', 'web-1')?.flapping).toBe(true);
    expect(h.items()).toEqual([
      'opened web-1/http',
      'resolved web-1/http',
      'opened web-1/http',
      'resolved web-1/http',
      'opened web-1/http',
      'flapping web-1/http', // one notice; the incident stays open, marked flapping
    ]);
    expect(h.warden.incidents.list({ open: true })).toMatchObject([{ flapping: true }]);
    // While flapping, changes notify nobody.
    for (const status of ['critical', 'ok', 'critical'] as const) {
      h.set(status, 'http');
      await h.warden.clock.advance(10_000);
    }
    expect(h.items()).toHaveLength(6);
    h.set(end, 'http');
    for (let i = 0; i < 30 && flaps.length < 2; i++) await h.warden.clock.advance(10_000);
    expect(flaps.at(-1)?.flapping).toBe(false);
    expect(flaps.at(-1)?.percent).toBeLessThanOrEqual(20);
    return h;
  }

  it('pauses notifications while flapping; when it stops on OK the incident resolves', async () => {
    const h = await flapping('ok');
    expect(h.items().slice(6)).toEqual(['resolved web-1/http']);
    expect(h.warden.incidents.list({ open: true })).toEqual([]);
  });

  it('when flapping stops while still failing, the incident is reconciled and notified again', async () => {
    const h = await flapping('critical');
    expect(h.items().slice(6)).toEqual(['updated web-1/http']);
    expect(h.warden.incidents.list({ open: true })).toMatchObject([{ flapping: false, severity: 'critical' }]);
  });

  it('an incident opened while flapping is opened marked flapping, and heard of by listeners', async () => {
    const h = harness();
    const opened: string[] = [];
    h.warden.on('incident:opened', (i) => void opened.push(i.id));
    h.warden.assets.add({ id: 'web-1', kind: 'host' });
    h.warden.notify({ notifier: 'fake.record' as never });
    // 3 transitions from a fresh check: (0.75·3 + 3·36/76) / 20 = 18.4 % ≥ 15 %: flapping.
    h.warden.check({ id: 'http', assets: '*', run: h.run('http'), every: '10s', flapping: { low: 5, high: 15 } });
    await h.warden.start();
    for (const status of ['critical', 'ok', 'critical'] as const) {
      h.set(status, 'http');
      await h.warden.clock.advance(10_000);
    }
    expect(opened).toHaveLength(2);
    expect(h.warden.incidents.list({ open: true })).toMatchObject([{ flapping: true }]);
    expect(h.items()).toEqual(['opened web-1/http', 'resolved web-1/http']); // paused: nobody hears of the flapping one
  });
});
