import { afterEach, describe, expect, it } from 'vitest';
import type { WardenError } from '../../src/errors/warden-error.js';
import { secret } from '../../src/secrets/secret.js';
import { createTestWarden, type TestWarden } from '../../src/testing/test-warden.js';
import { createWarden } from '../../src/warden/warden.js';
import { thrown } from '../helpers/thrown.js';
import { type FakeCalls, fakePlugin } from './fixtures.js';

const wardens: TestWarden[] = [];
const newWarden = (calls?: FakeCalls) => {
  const warden = createTestWarden({ plugins: [fakePlugin(calls)] });
  wardens.push(warden);
  return warden;
};
afterEach(async () => {
  await Promise.all(wardens.splice(0).map((w) => w.stop()));
});

describe('createWarden', () => {
  it('refuses unknown and invalid options, listing each with its path', () => {
    const err = thrown(() => createWarden({ concurrency: { global: 0 }, selfMetricsEvery: 'often', bogus: 1 } as never));
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.message).toContain('concurrency.global');
    expect(err.message).toContain('selfMetricsEvery');
    expect(err.message).toContain('bogus');
  });

  it('registers core built-ins under their own names', () => {
    const warden = newWarden();
    expect(() => warden.collect({ collector: 'host.local', assets: { ids: ['self'] } })).not.toThrow();
  });
});

describe('collect()', () => {
  it('names the known collectors when given an unknown one, and registers nothing', () => {
    const warden = newWarden();
    const err = thrown(() => warden.collect({ collector: 'fake.countr' as never, assets: '*' }));
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.message).toMatch(/unknown collector "fake.countr"; known collectors: .*fake.counter/);
    expect(() => warden.collect({ collector: 'fake.counter' as never, assets: '*' })).not.toThrow();
  });

  it('refuses an invalid schedule with the path', () => {
    const warden = newWarden();
    expect(() => warden.collect({ collector: 'fake.counter' as never, assets: '*', every: '5 minutes' })).toThrow(
      /every: "5 minutes" is not a duration/,
    );
    expect(() => warden.collect({ collector: 'fake.counter' as never, assets: '*', cron: 'not cron' })).toThrow(/ERR_CONFIG_INVALID|cron/);
  });

  it('runs on its schedule for every matching active asset, and follows the inventory live', async () => {
    const calls: FakeCalls = { collect: [], probe: [] };
    const warden = newWarden(calls);
    warden.assets.add({ id: 'a', kind: 'host' });
    warden.assets.add({ id: 'planned', kind: 'host', lifecycle: 'planned' });
    warden.assets.add({ id: 'switch', kind: 'network-device' });
    warden.collect({ collector: 'fake.counter' as never, assets: 'kind=host', every: '10s' });
    await warden.start();
    await warden.clock.advance(10_000);
    expect(calls.collect).toEqual(['a']);

    warden.assets.add({ id: 'b', kind: 'host' }); // selectors are live
    warden.assets.update('planned', { lifecycle: 'active' });
    await warden.clock.advance(10_000);
    expect(calls.collect.slice(1).sort()).toEqual(['a', 'b', 'planned']);

    warden.assets.remove('a');
    warden.assets.update('b', { kind: 'ups' });
    const before = calls.collect.length;
    await warden.clock.advance(20_000);
    expect(calls.collect.slice(before)).toEqual(['planned', 'planned']);
    expect(warden.metrics.latest('fake.calls', { asset: 'planned' })?.value).toBe(3);
  });

  it('turns a failing collector into collect:error with a tagged, scrubbed PluginError; others carry on', async () => {
    process.env.WARDEN_TEST_PASSWORD = 'hunter2-very-secret';
    const calls: FakeCalls = { collect: [], probe: [] };
    const warden = newWarden(calls);
    const errors: WardenError[] = [];
    warden.on('collect:error', (e) => void errors.push(e.error));
    warden.assets.add({ id: 'db', kind: 'host', fake: { password: secret.env('WARDEN_TEST_PASSWORD') } } as never);
    warden.collect({ collector: 'fake.fail' as never, assets: 'kind=host', every: '10s' });
    warden.collect({ collector: 'fake.counter' as never, assets: 'kind=host', every: '10s' });
    await warden.start();
    await warden.clock.advance(10_000);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'ERR_PLUGIN', plugin: 'fake', hook: 'fake.fail', assetId: 'db' });
    expect(errors[0]?.message).toContain('login to db failed with password [redacted]');
    expect(errors[0]?.message).not.toContain('hunter2');
    expect(calls.collect).toEqual(['db']);
  });

  it('returns a handle whose remove() stops the jobs', async () => {
    const calls: FakeCalls = { collect: [], probe: [] };
    const warden = newWarden(calls);
    warden.assets.add({ id: 'a', kind: 'host' });
    const handle = warden.collect({ id: 'c1', collector: 'fake.counter' as never, assets: '*', every: '10s' });
    expect(handle.id).toBe('c1');
    await warden.start();
    await warden.clock.advance(10_000);
    handle.remove();
    handle.remove();
    await warden.clock.advance(30_000);
    expect(calls.collect).toEqual(['a']);
    // the id is free again
    expect(() => warden.collect({ id: 'c1', collector: 'fake.counter' as never, assets: '*' })).not.toThrow();
  });
});

describe('check()', () => {
  it('runs a probe with asset macros and keeps the state in the hot cache', async () => {
    const warden = newWarden();
    const seen: string[] = [];
    warden.on('check:result', (e) => void seen.push(`${e.check}/${e.asset}:${e.result.status}:${e.result.summary}`));
    warden.assets.add({ id: 'web-1', kind: 'host', address: '127.0.0.9' });
    warden.check({ id: 'web', assets: 'kind=host', probe: 'fake.status' as never, params: { status: 'warning' } as never, every: '30s' });
    expect(warden.state('web', 'web-1')?.status).toBe('pending');
    await warden.start();
    await warden.clock.advance(30_000);
    expect(seen).toEqual(['web/web-1:warning:warning from 127.0.0.9']);
    const state = warden.state('web', 'web-1');
    expect(state).toMatchObject({ status: 'warning', attempt: 1 });
    expect(state?.lastCheckAt).toBeGreaterThan(warden.clock.now() - 30_000);
    expect(state?.lastCheckAt).toBeLessThanOrEqual(warden.clock.now());
  });

  it('stores what probes measure under a check label, so two checks never share a series', async () => {
    const warden = newWarden();
    const errors: unknown[] = [];
    warden.on('warden:error', (e) => void errors.push(e));
    warden.assets.add({ id: 'web-1', kind: 'host' });
    warden.check({ id: 'first', assets: '*', probe: 'fake.status' as never, params: { status: 'ok' } as never });
    warden.check({ id: 'second', assets: '*', probe: 'fake.status' as never, params: { status: 'ok' } as never });
    await warden.runOnce();
    expect(
      warden.metrics
        .query('fake.latency', { asset: 'web-1' })
        .map((s) => s.labels.check)
        .sort(),
    ).toEqual(['first', 'second']);
    expect(warden.metrics.latest('fake.latency', { asset: 'web-1', check: 'first' })?.value).toBe(0.25);
    expect(errors).toEqual([]);
  });

  it('refuses params that fail the probe schema, and a check without a form', () => {
    const warden = newWarden();
    const err = thrown(() => warden.check({ id: 'x', assets: '*', probe: 'fake.status' as never, params: { status: 'fine' } as never }));
    expect(err.message).toContain('params.status');
    expect(() => warden.check({ id: 'y', assets: '*' } as never)).toThrow(
      /a check needs one of `probe`, `run`, `metric`, `passive` or `aggregate`/,
    );
    expect(() =>
      warden.check({ id: 'z', assets: '*', probe: 'fake.status' as never, params: { status: 'ok', host: '{labels.site' } as never }),
    ).not.toThrow();
  });

  it('contains a run function that throws or returns garbage as unknown', async () => {
    const warden = newWarden();
    warden.assets.add({ id: 'a', kind: 'host' });
    warden.check({
      id: 'throws',
      assets: '*',
      run: () => {
        throw 'a string';
      },
    });
    warden.check({ id: 'garbage', assets: '*', run: () => ({ status: 'fine' }) as never });
    const report = await warden.runOnce();
    expect(report.results).toEqual([
      expect.objectContaining({ check: 'garbage', status: 'unknown', summary: expect.stringContaining('returned status "fine"') }),
      expect.objectContaining({ check: 'throws', status: 'unknown', summary: expect.stringContaining('a string') }),
    ]);
  });
});

describe('runOnce()', () => {
  it.each([
    ['ok', 0],
    ['warning', 1],
    ['critical', 2],
    ['unknown', 3],
  ] as const)('worst %s → exit %i', async (status, exitCode) => {
    const warden = newWarden();
    warden.assets.add({ id: 'a', kind: 'host' });
    warden.assets.add({ id: 'b', kind: 'host' });
    warden.check({ id: 'fine', assets: { ids: ['a'] }, run: () => ({ status: 'ok', summary: 'fine' }) });
    warden.check({ id: 'worst', assets: { ids: ['b'] }, run: () => ({ status, summary: status }) });
    const report = await warden.runOnce();
    expect(report.worst).toBe(status);
    expect(report.exitCode).toBe(exitCode);
  });

  it('critical beats warning beats unknown', async () => {
    const warden = newWarden();
    warden.assets.add({ id: 'a', kind: 'host' });
    warden.check({ id: 'u', assets: '*', run: () => ({ status: 'unknown', summary: '' }) });
    warden.check({ id: 'w', assets: '*', run: () => ({ status: 'warning', summary: '' }) });
    expect((await warden.runOnce()).worst).toBe('warning');
    warden.check({ id: 'c', assets: '*', run: () => ({ status: 'critical', summary: '' }) });
    expect((await warden.runOnce()).exitCode).toBe(2);
  });

  it('exits 3 saying so when no check matches', async () => {
    const warden = newWarden();
    warden.assets.add({ id: 'a', kind: 'host' });
    warden.check({ id: 'c', assets: 'kind=ups', run: () => ({ status: 'ok', summary: '' }) });
    const report = await warden.runOnce({ assets: 'kind=host' });
    expect(report).toMatchObject({ exitCode: 3, worst: 'unknown', results: [] });
    expect(report.summary).toMatch(/no check matched for assets kind/);
  });

  it('collects before checking, limited to the selected assets', async () => {
    const calls: FakeCalls = { collect: [], probe: [] };
    const warden = newWarden(calls);
    warden.assets.add({ id: 'a', kind: 'host' });
    warden.assets.add({ id: 'b', kind: 'ups' });
    warden.collect({ collector: 'fake.counter' as never, assets: '*' });
    warden.check({
      id: 'seen',
      assets: '*',
      run: (asset) => {
        const value = warden.metrics.latest('fake.calls', { asset: asset.id })?.value;
        return { status: value === 1 ? 'ok' : 'critical', summary: `calls=${value}` };
      },
    });
    const report = await warden.runOnce({ assets: 'kind=host' });
    expect(calls.collect).toEqual(['a']);
    expect(report.results).toEqual([expect.objectContaining({ check: 'seen', asset: 'a', status: 'ok', summary: 'calls=1' })]);
  });
});

describe('executor seam', () => {
  it('hands every run to the executor it was given (a stand-in for a distributed job queue)', async () => {
    const asked: string[] = [];
    const calls: FakeCalls = { collect: [], probe: [] };
    const warden = createTestWarden({
      plugins: [fakePlugin(calls)],
      executor: {
        execute: async (run) => {
          asked.push(`${run.key}@${run.assetId}`);
          return run.run(run.signal);
        },
      },
    });
    wardens.push(warden);
    warden.assets.add({ id: 'a', kind: 'host' });
    warden.collect({ id: 'c', collector: 'fake.counter' as never, assets: '*', every: '10s' });
    await warden.start();
    await warden.clock.advance(10_000);
    expect(asked).toEqual(['collect:c:a@a']);
    expect(calls.collect).toEqual(['a']);
  });
});

describe('lifecycle', () => {
  it('start twice is a no-op; stop is final', async () => {
    const warden = newWarden();
    await warden.start();
    await warden.start();
    expect(warden.status).toBe('running');
    await warden.stop();
    expect(warden.status).toBe('stopped');
    await expect(warden.start()).rejects.toMatchObject({ code: 'ERR_STOPPED' });
    await expect(warden.runOnce()).rejects.toMatchObject({ code: 'ERR_STOPPED' });
    expect(() => warden.collect({ collector: 'fake.counter' as never, assets: '*' })).toThrow(/after stop/);
  });

  it('works with await using', async () => {
    let stoppedWarden: TestWarden | undefined;
    {
      await using warden = createTestWarden({ plugins: [fakePlugin()] });
      stoppedWarden = warden;
      await warden.start();
    }
    expect(stoppedWarden?.status).toBe('stopped');
  });
});
