import { describe, expect, it } from 'vitest';
import type { Asset } from '../../src/assets/types.js';
import { createMaintenanceCalendar } from '../../src/maintenance/calendar.js';
import type { MaintenanceCalendar, MaintenanceTransition } from '../../src/maintenance/types.js';
import { createManualClock, type ManualClock } from '../../src/testing/manual-clock.js';

const T0 = Date.UTC(2024, 0, 1); // 2024-01-01T00:00:00Z, a Monday
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** sw-1 ← web-1 ← app-1 (app-1 depends on web-1, which depends on sw-1); db-1 stands alone. */
const ASSETS: Asset[] = [
  { id: 'sw-1', kind: 'network-device', labels: { site: 'ams1' } },
  { id: 'web-1', kind: 'host', labels: { site: 'ams1' }, dependsOn: ['sw-1'] },
  { id: 'app-1', kind: 'service', dependsOn: ['web-1'] },
  { id: 'db-1', kind: 'host', labels: { site: 'fra1' } },
];
const DESCENDANTS: Record<string, string[]> = { 'sw-1': ['web-1', 'app-1'], 'web-1': ['app-1'] };

function setup(start = T0): { clock: ManualClock; calendar: MaintenanceCalendar; seen: MaintenanceTransition[]; assets: Asset[] } {
  const clock = createManualClock(start);
  const seen: MaintenanceTransition[] = [];
  const assets = [...ASSETS];
  const calendar = createMaintenanceCalendar({
    clock,
    listAssets: () => assets,
    descendants: (id) => DESCENDANTS[id] ?? [],
    onTransition: (transition) => seen.push(transition),
  });
  return { clock, calendar, seen, assets };
}

const brief = (t: MaintenanceTransition) => `${new Date(t.at).toISOString()} ${t.type} ${t.window.id} [${t.assets.join(',')}]`;

describe('fixed windows', () => {
  it('is active from `from` (inclusive) to `to` (exclusive), with transitions at the exact edges on one timer', async () => {
    const { clock, calendar, seen } = setup();
    calendar.add({ id: 'patch', assets: { ids: ['web-1'] }, from: T0 + 10 * MIN, to: new Date(T0 + 40 * MIN), reason: 'kernel update' });
    calendar.start();
    expect(clock.pendingTimers()).toBe(1);
    expect(calendar.nextChange()).toBe(T0 + 10 * MIN);

    await clock.set(T0 + 10 * MIN - 1);
    expect(calendar.isActive({ asset: 'web-1', check: 'disk' })).toBe(false);
    expect(seen).toEqual([]);

    await clock.advance(1);
    expect(calendar.isActive({ asset: 'web-1', check: 'disk' })).toBe(true);
    expect(calendar.isActive({ asset: 'db-1', check: 'disk' })).toBe(false);
    expect(seen.map(brief)).toEqual(['2024-01-01T00:10:00.000Z started patch [web-1]']);
    expect(seen[0]?.window).toMatchObject({ from: T0 + 10 * MIN, to: T0 + 40 * MIN, reason: 'kernel update', selector: 'id=web-1' });
    expect(clock.pendingTimers()).toBe(1);

    await clock.set(T0 + 40 * MIN - 1);
    expect(calendar.isActive({ asset: 'web-1' })).toBe(true);
    await clock.advance(1);
    expect(calendar.isActive({ asset: 'web-1' })).toBe(false);
    expect(seen.map(brief)).toEqual(['2024-01-01T00:10:00.000Z started patch [web-1]', '2024-01-01T00:40:00.000Z ended patch [web-1]']);
    expect(clock.pendingTimers()).toBe(0);
    expect(calendar.nextChange()).toBeUndefined();
  });

  it('accepts ISO strings and answers for another time with `at`', () => {
    const { calendar } = setup();
    calendar.add({ assets: 'kind=host', from: '2024-01-02T00:00:00Z', to: '2024-01-02T01:00:00Z' });
    expect(calendar.isActive({ asset: 'web-1' })).toBe(false);
    expect(calendar.isActive({ asset: 'web-1', at: T0 + DAY })).toBe(true);
    expect(calendar.isActive({ asset: 'web-1', at: new Date(T0 + DAY + HOUR) })).toBe(false);
    expect(calendar.isActive({ asset: 'sw-1', at: T0 + DAY })).toBe(false);
  });

  it('scopes a window to checks: other checks, and the whole-asset question, are not in maintenance', () => {
    const { calendar } = setup();
    calendar.add({ assets: { ids: ['db-1'] }, checks: ['backup', 'replication'], from: T0, to: T0 + HOUR });
    expect(calendar.isActive({ asset: 'db-1', check: 'backup' })).toBe(true);
    expect(calendar.isActive({ asset: 'db-1', check: 'disk' })).toBe(false);
    expect(calendar.isActive({ asset: 'db-1' })).toBe(false);
  });

  it('covers descendants with includeChildren, and only then', async () => {
    const { calendar, seen } = setup();
    calendar.add({ id: 'core-switch', assets: { ids: ['sw-1'] }, includeChildren: true, from: T0, to: T0 + HOUR });
    calendar.add({ id: 'alone', assets: { ids: ['web-1'] }, checks: ['x'], from: T0, to: T0 + HOUR });
    calendar.start();
    for (const id of ['sw-1', 'web-1', 'app-1']) expect(calendar.isActive({ asset: id, check: 'ping' })).toBe(true);
    expect(calendar.isActive({ asset: 'db-1', check: 'ping' })).toBe(false);
    expect(calendar.isActive({ asset: 'app-1', check: 'x' })).toBe(true);
    expect(seen.map(brief)).toEqual([
      '2024-01-01T00:00:00.000Z started core-switch [sw-1,web-1,app-1]',
      '2024-01-01T00:00:00.000Z started alone [web-1]',
    ]);
  });

  it('ends a window that opens mid-incident with the assets and checks to re-evaluate', async () => {
    const { clock, calendar, seen } = setup();
    calendar.add({ id: 'w', assets: 'site=ams1', checks: ['disk'], from: T0 + MIN, to: T0 + 2 * MIN });
    calendar.start();
    await clock.advance(2 * MIN);
    const ended = seen.find((t) => t.type === 'ended');
    expect(ended?.assets).toEqual(['sw-1', 'web-1']);
    expect(ended?.window.checks).toEqual(['disk']);
    expect(ended?.at).toBe(T0 + 2 * MIN);
    // The engine re-evaluates each pair: none is still in maintenance.
    expect(ended?.assets.some((asset) => calendar.isActive({ asset, check: 'disk' }))).toBe(false);
  });

  it('keeps an asset covered by an overlapping window when one of two ends', async () => {
    const { clock, calendar } = setup();
    calendar.add({ assets: { ids: ['db-1'] }, from: T0, to: T0 + HOUR });
    calendar.add({ assets: 'kind=host', from: T0 + 30 * MIN, to: T0 + 2 * HOUR });
    calendar.start();
    await clock.advance(HOUR);
    expect(calendar.isActive({ asset: 'db-1' })).toBe(true);
    await clock.advance(HOUR);
    expect(calendar.isActive({ asset: 'db-1' })).toBe(false);
  });
});

describe('registration and removal', () => {
  it('reports started on add() of an open window and ended on remove(), synchronously', () => {
    const { calendar, seen } = setup(T0 + 5 * MIN);
    calendar.start();
    const handle = calendar.add({ assets: { ids: ['db-1'] }, from: T0, to: T0 + HOUR });
    expect(handle.id).toBe('maintenance-1');
    expect(seen.map(brief)).toEqual(['2024-01-01T00:05:00.000Z started maintenance-1 [db-1]']);
    handle.remove();
    handle.remove();
    expect(seen.map(brief)).toEqual([
      '2024-01-01T00:05:00.000Z started maintenance-1 [db-1]',
      '2024-01-01T00:05:00.000Z ended maintenance-1 [db-1]',
    ]);
    expect(calendar.isActive({ asset: 'db-1' })).toBe(false);
  });

  it('reports nothing before start(), then the windows already open', () => {
    const { calendar, seen } = setup();
    calendar.add({ id: 'a', assets: '*', from: T0, to: T0 + HOUR });
    expect(calendar.isActive({ asset: 'sw-1' })).toBe(true);
    expect(seen).toEqual([]);
    calendar.start();
    calendar.start();
    expect(seen.map((t) => t.type)).toEqual(['started']);
  });

  it('refuses a duplicate id', () => {
    const { calendar } = setup();
    calendar.add({ id: 'a', assets: '*', from: T0, to: T0 + HOUR });
    expect(() => calendar.add({ id: 'a', assets: '*', from: T0, to: T0 + HOUR })).toThrow(
      expect.objectContaining({ code: 'ERR_DUPLICATE' }),
    );
  });

  it('stop() cancels the timer and reporting', async () => {
    const { clock, calendar, seen } = setup();
    calendar.add({ assets: '*', from: T0 + MIN, to: T0 + HOUR });
    calendar.start();
    calendar.stop();
    expect(clock.pendingTimers()).toBe(0);
    await clock.advance(2 * MIN);
    expect(seen).toEqual([]);
    expect(calendar.isActive({ asset: 'db-1' })).toBe(true);
  });

  it('re-reads the inventory after assetsChanged()', () => {
    const { calendar, assets } = setup();
    calendar.add({ assets: 'kind=host', from: T0, to: T0 + HOUR });
    expect(calendar.isActive({ asset: 'web-2' })).toBe(false);
    assets.push({ id: 'web-2', kind: 'host' });
    expect(calendar.isActive({ asset: 'web-2' })).toBe(false); // cached until told
    calendar.assetsChanged();
    expect(calendar.isActive({ asset: 'web-2' })).toBe(true);
  });

  it('reaches a far edge in hops of at most a day, still at the exact time', async () => {
    const { clock, calendar, seen } = setup();
    calendar.add({ assets: '*', from: T0 + 60 * DAY, to: T0 + 61 * DAY });
    calendar.start();
    expect(clock.nextTimerAt()).toBe(T0 + DAY);
    await clock.set(T0 + 60 * DAY);
    expect(seen.map((t) => [t.type, t.at])).toEqual([['started', T0 + 60 * DAY]]);
  });

  it('routes what onTransition throws to onError and still reports the rest', async () => {
    const clock = createManualClock(T0);
    const errors: string[] = [];
    const seen: string[] = [];
    const calendar = createMaintenanceCalendar({
      clock,
      listAssets: () => ASSETS,
      onTransition: (t) => {
        seen.push(t.window.id);
        if (t.window.id === 'a') throw new Error('listener broke');
      },
      onError: (error, t) => errors.push(`${t.window.id}: ${(error as Error).message}`),
    });
    calendar.add({ id: 'a', assets: '*', from: T0 + MIN, to: T0 + HOUR });
    calendar.add({ id: 'b', assets: '*', from: T0 + MIN, to: T0 + HOUR });
    calendar.start();
    await clock.advance(MIN);
    expect(seen).toEqual(['a', 'b']);
    expect(errors).toEqual(['a: listener broke']);
    expect(clock.pendingTimers()).toBe(1);
  });
});

describe('recurring windows', () => {
  it('opens at each cron occurrence in its time zone and closes after the duration', async () => {
    const { clock, calendar, seen } = setup();
    // 02:00 Amsterdam = 01:00Z in winter (CET, UTC+1).
    calendar.add({ id: 'nightly', assets: { ids: ['db-1'] }, cron: '0 2 * * *', duration: '2h', timezone: 'Europe/Amsterdam' });
    calendar.start();
    expect(calendar.nextChange()).toBe(T0 + HOUR);
    await clock.set(T0 + 2 * DAY);
    expect(seen.map(brief)).toEqual([
      '2024-01-01T01:00:00.000Z started nightly [db-1]',
      '2024-01-01T03:00:00.000Z ended nightly [db-1]',
      '2024-01-02T01:00:00.000Z started nightly [db-1]',
      '2024-01-02T03:00:00.000Z ended nightly [db-1]',
    ]);
    expect(seen[0]?.window.recurring).toEqual({ cron: '0 2 * * *', durationMs: 2 * HOUR, timezone: 'Europe/Amsterdam' });
    expect(calendar.isActive({ asset: 'db-1', at: T0 + 2 * DAY + HOUR })).toBe(true);
    expect(calendar.isActive({ asset: 'db-1', at: T0 + 2 * DAY + 3 * HOUR })).toBe(false);
  });

  it('is already open when added inside an occurrence', () => {
    const { calendar, seen } = setup(T0 + HOUR + 30 * MIN);
    calendar.start();
    calendar.add({ id: 'nightly', assets: { ids: ['db-1'] }, cron: '0 1 * * *', duration: '1h', timezone: 'UTC' });
    expect(seen.map(brief)).toEqual(['2024-01-01T01:30:00.000Z started nightly [db-1]']);
    expect(seen[0]?.window).toMatchObject({ from: T0 + HOUR, to: T0 + 2 * HOUR });
  });

  it('merges occurrences that touch or overlap into one stretch: no ended/started flicker', async () => {
    const { clock, calendar, seen } = setup();
    // Every hour for 90 minutes, 06:00–09:00 UTC: 06:00–07:30, 07:00–08:30, 08:00–09:30 → one span 06:00–09:30.
    calendar.add({ id: 'busy', assets: { ids: ['db-1'] }, cron: '0 6-8 * * *', duration: '90m', timezone: 'UTC' });
    calendar.start();
    await clock.set(T0 + 12 * HOUR);
    expect(seen.map(brief)).toEqual(['2024-01-01T06:00:00.000Z started busy [db-1]', '2024-01-01T09:30:00.000Z ended busy [db-1]']);
  });

  it('lists maintenance per asset between two times, clipped', () => {
    const { calendar } = setup();
    calendar.add({ id: 'nightly', assets: 'site=ams1', checks: ['disk'], cron: '0 23 * * *', duration: '2h', timezone: 'UTC' });
    calendar.add({ id: 'once', assets: { ids: ['db-1'] }, from: T0 - HOUR, to: T0 + HOUR });
    const intervals = calendar.windowsBetween(T0, T0 + 2 * DAY);
    const show = intervals.map(
      (i) => `${i.window} ${i.asset} ${new Date(i.from).toISOString()}→${new Date(i.to).toISOString()} ${i.checks ?? '*'}`,
    );
    // The occurrence of Dec 31 23:00 still covers the first hour of the range.
    expect(show).toEqual([
      'nightly sw-1 2024-01-01T00:00:00.000Z→2024-01-01T01:00:00.000Z disk',
      'nightly sw-1 2024-01-01T23:00:00.000Z→2024-01-02T01:00:00.000Z disk',
      'nightly sw-1 2024-01-02T23:00:00.000Z→2024-01-03T00:00:00.000Z disk',
      'nightly web-1 2024-01-01T00:00:00.000Z→2024-01-01T01:00:00.000Z disk',
      'nightly web-1 2024-01-01T23:00:00.000Z→2024-01-02T01:00:00.000Z disk',
      'nightly web-1 2024-01-02T23:00:00.000Z→2024-01-03T00:00:00.000Z disk',
      'once db-1 2024-01-01T00:00:00.000Z→2024-01-01T01:00:00.000Z *',
    ]);
  });

  it('reports the windows open at a time with their assets', () => {
    const { calendar } = setup();
    calendar.add({ id: 'nightly', assets: 'kind=host', cron: '30 0 * * *', duration: '1h', timezone: 'UTC' });
    expect(calendar.activeWindows(T0 + 45 * MIN)).toMatchObject([
      { id: 'nightly', from: T0 + 30 * MIN, to: T0 + 90 * MIN, assets: ['web-1', 'db-1'] },
    ]);
    expect(calendar.activeWindows()).toEqual([]);
  });
});
