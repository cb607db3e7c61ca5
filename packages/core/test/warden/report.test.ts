import { afterEach, describe, expect, it } from 'vitest';
import type { Incident } from '../../src/incidents/types.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { StateChangeRecord } from '../../src/store/types.js';
import { harness, stopAll } from './harness.js';

afterEach(stopAll);

const H = 3_600_000;
const DAY = Date.UTC(2026, 0, 1);
const at = (hours: number) => DAY + hours * H;

function change(hours: number, previous: StateChangeRecord['status'], status: StateChangeRecord['status']): StateChangeRecord {
  return { check: 'http', asset: 'web-1', at: at(hours), previous, status, stateType: 'hard' };
}

function incident(id: string, opened: number, resolved: number): Incident {
  return {
    id,
    check: 'http',
    asset: 'web-1',
    problemId: 'http@web-1',
    state: 'resolved',
    severity: 'critical',
    summary: 'down',
    openedAt: at(opened),
    updatedAt: at(resolved),
    resolvedAt: at(resolved),
    resolution: 'recovered',
    flapping: false,
    notified: false,
    timeline: [],
  };
}

describe('report()', () => {
  it('computes availability, incidents, MTTR, MTBF and the longest outage on a constructed timeline', async () => {
    // 10:00–20:00. OK from 09:00 (before the period), critical 11:00–12:00 and 15:00–16:00,
    // with maintenance 15:30–16:30.
    //   ok       = 10–11 + 12–15 + 16:30–20 = 1 + 3 + 3.5 = 7.5 h
    //   critical = 11–12 + 15–15:30          = 1.5 h
    //   counted  = 9 h → availability 7.5 / 9 = 83.33 %
    //   MTTR = (1 h + 1 h) / 2 = 1 h; MTBF = 7.5 h / 2 incidents = 3.75 h; longest outage 11–12.
    const store = createMemoryStore();
    await store.appendStateChanges([
      change(9, 'pending', 'ok'),
      change(11, 'ok', 'critical'),
      change(12, 'critical', 'ok'),
      change(15, 'ok', 'critical'),
      change(16, 'critical', 'ok'),
      { ...change(13, 'ok', 'critical'), asset: 'web-2' }, // another asset: not selected
    ]);
    await store.saveIncidents([incident('i1', 11, 12), incident('i2', 15, 16)]);
    const h = harness({ store, start: at(21) });
    h.warden.assets.add({ id: 'web-1', kind: 'host', labels: { team: 'web' } });
    h.warden.assets.add({ id: 'web-2', kind: 'host' });
    h.warden.check({ id: 'http', assets: '*', run: h.run('http') });
    h.warden.maintenance({ assets: { ids: ['web-1'] }, from: at(15.5), to: at(16.5) });

    const report = await h.warden.report({ from: at(10), to: at(20), assets: 'team=web' });
    expect(report.rows).toHaveLength(1);
    const [row] = report.rows;
    expect(row).toMatchObject({ check: 'http', asset: 'web-1', incidents: 2, resolved: 2, mttrMs: H, mtbfMs: 3.75 * H });
    expect(row?.availability).toBeCloseTo((7.5 / 9) * 100, 6);
    expect(row?.time).toMatchObject({ ok: 7.5 * H, critical: 1.5 * H, maintenance: H, counted: 9 * H });
    expect(row?.longestOutage).toEqual({ from: at(11), to: at(12), ms: H });
    expect(report.assets).toMatchObject([{ asset: 'web-1', checks: ['http'] }]);
  });

  it('reports what the engine recorded itself', async () => {
    const h = harness();
    h.warden.assets.add({ id: 'web-1', kind: 'host' });
    h.warden.check({ id: 'http', assets: '*', run: h.run('http'), every: '1m' });
    const from = h.warden.clock.now();
    await h.warden.start();
    await h.warden.clock.advance(10 * 60_000);
    h.set('critical', 'http');
    await h.warden.clock.advance(5 * 60_000);
    h.set('ok', 'http');
    await h.warden.clock.advance(5 * 60_000);
    const report = await h.warden.report({ from, to: h.warden.clock.now() });
    const [row] = report.rows;
    expect(row?.incidents).toBe(1);
    expect(row?.mttrMs).toBe(5 * 60_000); // both edges fall on the check's phase, one minute apart each
    expect(row?.time.critical).toBe(5 * 60_000);
  });

  it('refuses a period that ends before it starts', async () => {
    const h = harness();
    await expect(h.warden.report({ from: 10, to: 5 })).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' });
    await expect(h.warden.report({ from: 'yesterday' })).rejects.toThrow(/not a time/);
  });
});
