import { afterEach, describe, expect, it } from 'vitest';
import type { CheckResultEvent } from '../../src/events/types.js';
import { createTestWarden, type TestWarden } from '../../src/testing/test-warden.js';
import { type FakeCalls, fakePlugin } from './fixtures.js';

const wardens: TestWarden[] = [];
afterEach(async () => {
  await Promise.all(wardens.splice(0).map((w) => w.stop()));
});

function setup(calls: FakeCalls) {
  const warden = createTestWarden({ plugins: [fakePlugin(calls)] });
  wardens.push(warden);
  const results: CheckResultEvent[] = [];
  warden.on('check:result', (e) => void results.push(e));
  warden.assets.add({ id: 'web-1', kind: 'host' });
  warden.collect({ collector: 'fake.disks' as never, assets: '*', every: '10s' });
  return { warden, results };
}

describe('metric checks', () => {
  it('judge once per completed collection; the worst series decides and the summary names the offenders', async () => {
    const calls: FakeCalls = { collect: [], probe: [], disks: { '/': 0.5, '/var': 0.85, '/data': 0.95 } };
    const { warden, results } = setup(calls);
    warden.check({ id: 'disk', assets: '*', metric: 'system.filesystem.utilization', warn: '>0.8', crit: '>0.9', every: '1m' });
    await warden.start();
    await warden.clock.advance(30_000);
    expect(results).toHaveLength(3); // three collections, three judgements — not one per series, not one per tick
    const last = results.at(-1)?.result;
    expect(last?.status).toBe('critical');
    expect(last?.summary).toContain('{mountpoint=/data}=0.95');
    expect(last?.summary).toContain('{mountpoint=/var}=0.85');
    expect(last?.summary).toContain('(2 of 3 series)');
    expect(last?.summary).not.toContain('mountpoint=/}');
  });

  it('is pending (no result, no state change) until there is enough data for a rate', async () => {
    const calls: FakeCalls = { collect: [], probe: [], disks: { '/': 1 } };
    const { warden, results } = setup(calls);
    warden.check({ id: 'growth', assets: '*', metric: 'system.filesystem.utilization', fn: 'rate', window: '1m', crit: '>0.01' });
    await warden.start();
    await warden.clock.advance(10_000);
    expect(results).toHaveLength(0);
    expect(warden.state('growth', 'web-1')?.status).toBe('pending');
    calls.disks = { '/': 2 }; // +1 in 10 s = 0.1/s
    await warden.clock.advance(10_000);
    expect(results.map((r) => r.result.status)).toEqual(['critical']);
  });

  it('a failed collection makes the check unknown with the collection error code', async () => {
    const calls: FakeCalls = { collect: [], probe: [], disks: { '/': 0.1 } };
    const { warden, results } = setup(calls);
    warden.check({ id: 'disk', assets: '*', metric: 'system.filesystem.utilization', crit: '>0.9' });
    await warden.start();
    await warden.clock.advance(10_000);
    calls.failDisks = true;
    await warden.clock.advance(10_000);
    expect(results.map((r) => r.result.status)).toEqual(['ok', 'unknown']);
    expect(results[1]?.result).toMatchObject({ code: 'ERR_TIMEOUT', summary: expect.stringContaining('disk table did not answer') });
  });

  it('goes unknown when the data is stale (3× the producing interval by default)', async () => {
    const calls: FakeCalls = { collect: [], probe: [], disks: { '/': 0.1 } };
    const warden = createTestWarden({ plugins: [fakePlugin(calls)] });
    wardens.push(warden);
    const results: CheckResultEvent[] = [];
    warden.on('check:result', (e) => void results.push(e));
    warden.assets.add({ id: 'web-1', kind: 'host' });
    const collection = warden.collect({ collector: 'fake.disks' as never, assets: '*', every: '10s' });
    warden.check({ id: 'disk', assets: '*', metric: 'system.filesystem.utilization', crit: '>0.9', every: '10s' });
    await warden.start();
    await warden.clock.advance(10_000);
    expect(results.map((r) => r.result.status)).toEqual(['ok']);
    collection.remove(); // the data stops coming
    await warden.clock.advance(20_000);
    expect(results.map((r) => r.result.status)).toEqual(['ok']); // 20 s of silence: not stale yet (30 s)
    await warden.clock.advance(20_000);
    expect(results.at(-1)?.result).toMatchObject({ status: 'unknown', summary: expect.stringContaining('is stale') });
  });

  it('predictLinear forecasts a filesystem filling up', async () => {
    const calls: FakeCalls = { collect: [], probe: [], disks: { '/': 0.5 } };
    const { warden, results } = setup(calls);
    warden.check({
      id: 'fills',
      assets: '*',
      metric: 'system.filesystem.utilization',
      fn: 'predictLinear',
      window: '1h',
      ahead: '1h',
      crit: '>=1',
    });
    await warden.start();
    for (let i = 1; i <= 6; i++) {
      await warden.clock.advance(10_000);
      calls.disks = { '/': 0.5 + i * 0.01 }; // +0.01 per 10 s → +3.6 per hour
    }
    expect(results.at(-1)?.result.status).toBe('critical');
    expect(results.at(-1)?.result.summary).toContain('predictLinear(system.filesystem.utilization) critical');
  });

  it('refuses invalid thresholds and incomplete forms at registration', () => {
    const { warden } = setup({ collect: [], probe: [] });
    expect(() => warden.check({ id: 'a', assets: '*', metric: 'm.x', warn: '>>1' })).toThrow(/warn/);
    expect(() => warden.check({ id: 'b', assets: '*', metric: 'm.x', fn: 'predictLinear', crit: '>1' })).toThrow(/needs `ahead`/);
    expect(() => warden.check({ id: 'c', assets: '*', metric: 'm.x' })).toThrow(/needs `warn`, `crit` or both/);
    expect(() => warden.check({ id: 'd', assets: '*', run: () => ({ status: 'ok', summary: '' }), warn: '>1' } as never)).toThrow(
      /belongs to metric checks/,
    );
  });

  it('runOnce collects, then judges metric checks', async () => {
    const calls: FakeCalls = { collect: [], probe: [], disks: { '/': 0.85 } };
    const { warden } = setup(calls);
    warden.check({ id: 'disk', assets: '*', metric: 'system.filesystem.utilization', warn: '>0.8', crit: '>0.9' });
    const report = await warden.runOnce();
    expect(report).toMatchObject({ worst: 'warning', exitCode: 1 });
    expect(report.results[0]?.summary).toContain('{mountpoint=/}=0.85');
  });
});

describe('metric check incidents', () => {
  it('an incident names the failing series and is updated when that set changes', async () => {
    const calls: FakeCalls = { collect: [], probe: [], disks: { '/': 0.5, '/var': 0.95, '/data': 0.5 } };
    const { warden } = setup(calls);
    const updated: string[] = [];
    warden.on('incident:updated', (i) => void updated.push(i.summary));
    warden.check({ id: 'disk', assets: '*', metric: 'system.filesystem.utilization', crit: '>0.9' });
    await warden.start();
    await warden.clock.advance(10_000);
    expect(warden.incidents.list({ open: true })).toMatchObject([{ severity: 'critical', failingSeries: ['{mountpoint=/var}'] }]);
    await warden.clock.advance(10_000); // same set: nothing new
    expect(updated).toEqual([]);
    calls.disks = { '/': 0.5, '/var': 0.95, '/data': 0.97 };
    await warden.clock.advance(10_000);
    expect(updated).toHaveLength(1);
    expect(warden.incidents.list({ open: true })[0]?.failingSeries?.sort()).toEqual(['{mountpoint=/data}', '{mountpoint=/var}']);
  });

  it('volatile: every hard non-OK result notifies again', async () => {
    const calls: FakeCalls = { collect: [], probe: [], disks: { '/': 0.95 } };
    const { warden } = setup(calls);
    let updates = 0;
    warden.on('incident:updated', () => void updates++);
    warden.check({ id: 'disk', assets: '*', metric: 'system.filesystem.utilization', crit: '>0.9', volatile: true });
    await warden.start();
    await warden.clock.advance(30_000);
    expect(warden.incidents.list({ open: true })).toHaveLength(1);
    expect(updates).toBe(2); // opened by the first result, updated by each of the next two
  });
});
