import { describe, expect, it } from 'vitest';
import type { CheckStatus } from '../../src/checks/types.js';
import type { Incident } from '../../src/incidents/types.js';
import { computeAvailability } from '../../src/reports/availability.js';
import type { AvailabilityInput } from '../../src/reports/types.js';
import type { StateChangeRecord } from '../../src/store/types.js';

const T0 = Date.UTC(2024, 0, 1);
const M = 60_000;
/** Minutes after T0 → ms. */
const at = (minutes: number): number => T0 + minutes * M;

type Status = CheckStatus | 'pending';
function change(
  check: string,
  asset: string,
  minutes: number,
  previous: Status,
  status: Status,
  extra: Partial<StateChangeRecord> = {},
): StateChangeRecord {
  return { check, asset, at: at(minutes), previous, status, stateType: 'hard', ...extra };
}
function incident(id: string, check: string, asset: string, opened: number, resolved?: number): Incident {
  return {
    id,
    check,
    asset,
    problemId: `${check}/${asset}`,
    state: resolved === undefined ? 'open' : 'resolved',
    severity: 'critical',
    summary: '',
    openedAt: at(opened),
    updatedAt: at(resolved ?? opened),
    ...(resolved === undefined ? {} : { resolvedAt: at(resolved) }),
    flapping: false,
    notified: true,
    timeline: [],
  };
}

/*
 * The period is 00:00–10:00 (minutes 0–600). Timelines, in minutes:
 *
 * http/web-1  ok 0–60 | crit 60–90 | warn 90–100 | ok 100–300 (a soft blip 200–202 is ignored) |
 *             crit 300–310 | MAINT 310–360 | ok 360–400 | unknown 400–420 | ok 420–500 | crit 500–600
 *   ok 60+200+40+80 = 380, crit 30+10+100 = 140, warn 10, unknown 20, maint 50 (sum 600)
 *   counted (unknown = down) 380+140+10+20 = 550 → 380/550 = 69.0909…%
 *   incidents opened in period: I1 (60), I2 (300), I3 (500) = 3; I0 (−120 → −30) is outside
 *   resolved in period: I1 60→100 = 40, I2 300→330 = 30 → MTTR 35 min
 *   MTBF = ok / opened = 380/3 = 126.67 min; longest outage 500–600 = 100 min (60–100 is 40)
 *
 * disk/web-1  ok 0–250 | warn 250–280 | ok 280–310 | MAINT 310–360 | ok 360–600
 *   ok 250+30+240 = 520, warn 30, maint 50 → 520/550 = 94.5454…%; I4 250→280: MTTR 30, MTBF 520
 *
 * web-1 (down while any check is down):
 *   ok 0–60, crit 60–90, warn 90–100, ok 100–250, warn 250–280, ok 280–300, crit 300–310,
 *   maint 310–360, ok 360–400, unknown 400–420, ok 420–500, crit 500–600
 *   ok 60+150+20+40+80 = 350, crit 140, warn 40, unknown 20, maint 50 → 350/550 = 63.6363…%
 *   incidents 4; resolved I1 40 + I2 30 + I4 30 = 100/3 = 33.33 min; MTBF 350/4 = 87.5 min
 *
 * ping/db-1   ok 0–100 | unreachable 100–160 (its parent was down) | ok 160–600 → 540/540 = 100%
 */
const input: AvailabilityInput = {
  from: T0,
  to: new Date(at(600)),
  pairs: [
    { check: 'http', asset: 'web-1' },
    { check: 'disk', asset: 'web-1' },
    { check: 'ping', asset: 'db-1' },
  ],
  changes: [
    // Out of order on purpose; the report sorts.
    change('http', 'web-1', 60, 'ok', 'critical'),
    change('http', 'web-1', -120, 'ok', 'critical'),
    change('http', 'web-1', -30, 'critical', 'ok'),
    change('http', 'web-1', 90, 'critical', 'warning'),
    change('http', 'web-1', 100, 'warning', 'ok'),
    change('http', 'web-1', 200, 'ok', 'critical', { stateType: 'soft' }),
    change('http', 'web-1', 202, 'critical', 'ok', { stateType: 'soft' }),
    change('http', 'web-1', 300, 'ok', 'critical'),
    change('http', 'web-1', 330, 'critical', 'ok', { inMaintenance: true }),
    change('http', 'web-1', 400, 'ok', 'unknown'),
    change('http', 'web-1', 420, 'unknown', 'ok'),
    change('http', 'web-1', 500, 'ok', 'critical'),
    change('http', 'web-1', 600, 'critical', 'ok'), // at `to`: outside the period
    change('disk', 'web-1', -10, 'pending', 'ok'),
    change('disk', 'web-1', 250, 'ok', 'warning'),
    change('disk', 'web-1', 280, 'warning', 'ok'),
    change('ping', 'db-1', -60, 'pending', 'ok'),
    change('ping', 'db-1', 100, 'ok', 'unknown', { unreachable: true }),
    change('ping', 'db-1', 160, 'unknown', 'ok'),
    change('http', 'web-9', 10, 'ok', 'critical'), // not a reported pair
  ],
  incidents: [
    incident('I0', 'http', 'web-1', -120, -30),
    incident('I1', 'http', 'web-1', 60, 100),
    incident('I2', 'http', 'web-1', 300, 330),
    incident('I3', 'http', 'web-1', 500),
    incident('I4', 'disk', 'web-1', 250, 280),
    incident('X', 'http', 'web-9', 10),
  ],
  maintenance: [
    { asset: 'web-1', from: at(310), to: at(340) },
    { asset: 'web-1', from: at(330), to: at(360) }, // overlaps the first: one stretch 310–360
    { asset: 'web-1', checks: ['other'], from: at(0), to: at(600) }, // another check only
  ],
};

describe('computeAvailability', () => {
  const report = computeAvailability(input);
  const row = (check: string, asset: string) => report.rows.find((r) => r.check === check && r.asset === asset);

  it('splits a pair’s time into buckets, maintenance winning over status', () => {
    expect(row('http', 'web-1')?.time).toEqual({
      ok: 380 * M,
      critical: 140 * M,
      warning: 10 * M,
      unknown: 20 * M,
      pending: 0,
      unreachable: 0,
      maintenance: 50 * M,
      counted: 550 * M,
    });
    expect(row('http', 'web-1')?.availability).toBeCloseTo((380 / 550) * 100, 10);
  });

  it('counts incidents opened in the period, MTTR over those resolved in it, MTBF and the longest outage', () => {
    const http = row('http', 'web-1');
    expect(http?.incidents).toBe(3);
    expect(http?.resolved).toBe(2);
    expect(http?.mttrMs).toBe(35 * M);
    expect(http?.mtbfMs).toBeCloseTo((380 / 3) * M, 6);
    expect(http?.longestOutage).toEqual({ from: at(500), to: at(600), ms: 100 * M });

    const disk = row('disk', 'web-1');
    expect(disk?.availability).toBeCloseTo((520 / 550) * 100, 10);
    expect(disk).toMatchObject({
      incidents: 1,
      resolved: 1,
      mttrMs: 30 * M,
      mtbfMs: 520 * M,
      longestOutage: { from: at(250), to: at(280), ms: 30 * M },
    });
  });

  it('rolls an asset up over its checks: down while any check is down', () => {
    expect(report.assets.map((a) => a.asset)).toEqual(['web-1', 'db-1']);
    const web = report.assets[0];
    expect(web?.checks).toEqual(['http', 'disk']);
    expect(web?.time).toMatchObject({
      ok: 350 * M,
      critical: 140 * M,
      warning: 40 * M,
      unknown: 20 * M,
      maintenance: 50 * M,
      counted: 550 * M,
    });
    expect(web?.availability).toBeCloseTo((350 / 550) * 100, 10);
    expect(web?.incidents).toBe(4);
    expect(web?.mttrMs).toBeCloseTo((100 / 3) * M, 6);
    expect(web?.mtbfMs).toBe(87.5 * M);
    expect(web?.longestOutage?.ms).toBe(100 * M);
  });

  it('leaves unreachable time out of the denominator and reports it', () => {
    const ping = row('ping', 'db-1');
    expect(ping?.time).toMatchObject({ ok: 540 * M, unreachable: 60 * M, counted: 540 * M });
    expect(ping?.availability).toBe(100);
    expect(ping).toMatchObject({ incidents: 0, mttrMs: undefined, mtbfMs: undefined, longestOutage: undefined });
  });

  it('can leave unknown out of the denominator, and count soft states', () => {
    const excluded = computeAvailability({ ...input, unknown: 'excluded' }).rows[0];
    expect(excluded?.time.counted).toBe(530 * M);
    expect(excluded?.availability).toBeCloseTo((380 / 530) * 100, 10);
    // The soft blip 200–202 now counts: ok 378, critical 142.
    const soft = computeAvailability({ ...input, softStates: true }).rows[0];
    expect(soft?.time).toMatchObject({ ok: 378 * M, critical: 142 * M });
    expect(soft?.availability).toBeCloseTo((378 / 550) * 100, 10);
  });

  it('treats a pair without history as pending (no availability) unless told its initial status', () => {
    const pairs = [{ check: 'ping', asset: 'new-1' }];
    const none = computeAvailability({ from: T0, to: at(60), changes: [], incidents: [], pairs }).rows[0];
    expect(none?.availability).toBeUndefined();
    expect(none?.time.pending).toBe(60 * M);
    const assumed = computeAvailability({ from: T0, to: at(60), changes: [], incidents: [], pairs, initialStatus: 'ok' }).rows[0];
    expect(assumed?.availability).toBe(100);
  });

  it('refuses a period that ends before it starts', () => {
    expect(() => computeAvailability({ ...input, from: at(10), to: at(10) })).toThrow(
      expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }),
    );
  });
});
