import { afterEach, describe, expect, it } from 'vitest';
import { WardenError } from '../../src/errors/warden-error.js';
import { CHECK_STATUS_METRIC, toOpenTelemetry } from '../../src/otel/index.js';
import { createTestWarden, type TestWarden } from '../../src/testing/test-warden.js';
import { createTestOtel, pointsOf, type Readings, readingsPlugin, type TestOtel, withNames } from './helpers.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const ROUTER_NAMES = ['system.network.io', 'system.network.interface.up', 'system.uptime'];
const WRAP_32 = 2 ** 32;

/** A started Warden collecting `readings` from sw-1 (and any other asset given) every 10 s, and an OTel SDK. */
async function setup(readings: Readings, assets: string[] = ['sw-1']): Promise<{ warden: TestWarden; otel: TestOtel }> {
  const warden = createTestWarden({ plugins: [readingsPlugin(readings)] });
  for (const id of assets) warden.assets.add({ id, kind: 'network-device' });
  warden.collect({ collector: 'meter.readings' as never, assets: 'kind=network-device', every: '10s' });
  await warden.start();
  await warden.clock.advance(10_000);
  const otel = createTestOtel();
  cleanup.push(
    () => warden.stop(),
    () => otel.shutdown(),
  );
  return { warden, otel };
}

function routerReadings(octets: number, up = 1): Readings {
  return {
    'sw-1': [
      {
        name: 'system.network.io',
        value: octets,
        type: 'counter',
        counterBits: 32,
        unit: 'By',
        labels: { device: 'eth0', direction: 'receive' },
      },
      { name: 'system.network.interface.up', value: up, unit: '1', labels: { device: 'eth0' } },
      { name: 'system.uptime', value: 3600, unit: 's' },
    ],
  };
}

describe('toOpenTelemetry', () => {
  it('publishes gauges and counters with Warden names, UCUM units and labels as attributes (asset included)', async () => {
    const { warden, otel } = await setup(routerReadings(1_000));
    toOpenTelemetry(warden, otel.meter, { metrics: ROUTER_NAMES });
    const { points, errors } = await otel.collect();
    expect(errors).toEqual([]);
    expect(pointsOf(points, 'system.network.io')).toEqual([
      {
        name: 'system.network.io',
        unit: 'By',
        kind: 'sum',
        monotonic: true,
        attributes: { asset: 'sw-1', device: 'eth0', direction: 'receive' },
        value: 1_000,
      },
    ]);
    expect(pointsOf(points, 'system.network.interface.up')).toEqual([
      {
        name: 'system.network.interface.up',
        unit: '1',
        kind: 'gauge',
        monotonic: undefined,
        attributes: { asset: 'sw-1', device: 'eth0' },
        value: 1,
      },
    ]);
    expect(pointsOf(points, 'system.uptime')).toMatchObject([{ unit: 's', kind: 'gauge', attributes: { asset: 'sw-1' }, value: 3600 }]);
  });

  it('reads the newest sample at each collection', async () => {
    const readings = routerReadings(1_000);
    const { warden, otel } = await setup(readings);
    toOpenTelemetry(warden, otel.meter, { metrics: ROUTER_NAMES });
    expect(pointsOf((await otel.collect()).points, 'system.network.interface.up')[0]?.value).toBe(1);
    Object.assign(readings, routerReadings(2_000, 0));
    await warden.clock.advance(10_000);
    const { points } = await otel.collect();
    expect(pointsOf(points, 'system.network.interface.up')[0]?.value).toBe(0);
    expect(pointsOf(points, 'system.network.io')[0]?.value).toBe(2_000);
  });

  it('keeps a 32-bit counter monotonic across a wrap: the total goes on from where it was', async () => {
    const readings = routerReadings(WRAP_32 - 1_000);
    const { warden, otel } = await setup(readings);
    toOpenTelemetry(warden, otel.meter, { metrics: ROUTER_NAMES });
    expect(pointsOf((await otel.collect()).points, 'system.network.io')[0]?.value).toBe(WRAP_32 - 1_000);
    Object.assign(readings, routerReadings(500)); // wrapped: 1 000 to the top, then 500
    await warden.clock.advance(10_000);
    expect(warden.metrics.latest('system.network.io', { asset: 'sw-1', device: 'eth0', direction: 'receive' })?.value).toBe(500);
    const after = pointsOf((await otel.collect()).points, 'system.network.io')[0];
    expect(after?.value).toBe(WRAP_32 + 500);
    expect(after?.monotonic).toBe(true);
  });

  it('under delta temporality, the exported delta across a wrap is the real increase, never negative', async () => {
    const readings = routerReadings(WRAP_32 - 1_000);
    const { warden } = await setup(readings);
    const delta = createTestOtel('delta');
    cleanup.push(() => delta.shutdown());
    toOpenTelemetry(warden, delta.meter, { metrics: ['system.network.io'] });
    await delta.collect();
    Object.assign(readings, routerReadings(500));
    await warden.clock.advance(10_000);
    expect(pointsOf((await delta.collect()).points, 'system.network.io')).toMatchObject([{ kind: 'sum', monotonic: true, value: 1_500 }]);
  });

  it('counts every sample between two collections, so a reset in between is not mistaken for a small step', async () => {
    const counter = (value: number): Readings => ({
      'sw-1': [{ name: 'warden.test.requests', value, type: 'counter', unit: '{request}' }],
    });
    const readings = counter(1_000);
    const { warden, otel } = await setup(readings);
    toOpenTelemetry(warden, otel.meter, { metrics: ['warden.test.requests'] });
    expect(pointsOf((await otel.collect()).points, 'warden.test.requests')[0]?.value).toBe(1_000);
    Object.assign(readings, counter(1_500));
    await warden.clock.advance(10_000);
    Object.assign(readings, counter(50)); // the device restarted (no width: a drop is a reset)
    await warden.clock.advance(10_000);
    // 1 000, +500, then +50 counted from zero; the last reading alone (50 < 1 000) would give +50.
    expect(pointsOf((await otel.collect()).points, 'warden.test.requests')[0]?.value).toBe(1_550);
    Object.assign(readings, counter(80));
    await warden.clock.advance(10_000);
    expect(pointsOf((await otel.collect()).points, 'warden.test.requests')[0]?.value).toBe(1_580);
  });

  it('publishes new series of a known metric at the next collection (a new asset, a new interface)', async () => {
    const readings: Readings = { ...routerReadings(1_000) };
    const { warden, otel } = await setup(readings, ['sw-1']);
    toOpenTelemetry(warden, otel.meter, { metrics: ROUTER_NAMES });
    expect(pointsOf((await otel.collect()).points, 'system.network.interface.up')).toHaveLength(1);
    readings['sw-2'] = [{ name: 'system.network.interface.up', value: 0, unit: '1', labels: { device: 'ge-0/0/1' } }];
    warden.assets.add({ id: 'sw-2', kind: 'network-device' });
    await warden.clock.advance(10_000);
    const up = pointsOf((await otel.collect()).points, 'system.network.interface.up');
    expect(up.map((p) => [p.attributes.asset, p.attributes.device, p.value]).sort()).toEqual([
      ['sw-1', 'eth0', 1],
      ['sw-2', 'ge-0/0/1', 0],
    ]);
  });

  it('creates instruments as metric names appear: a collection that stores a new name publishes it at the next export', async () => {
    const readings = routerReadings(1_000);
    const { warden, otel } = await setup(readings);
    const names = new Set(['system.uptime', 'hw.temperature']);
    const publisher = toOpenTelemetry(
      withNames(warden, () => [...names]),
      otel.meter,
    );
    expect(publisher.instruments).toBe(2); // system.uptime and warden.check.status
    expect(pointsOf((await otel.collect()).points, 'hw.temperature')).toEqual([]);
    readings['sw-1']?.push({ name: 'hw.temperature', value: 41.5, unit: 'Cel', labels: { sensor: 'inlet' } });
    await warden.clock.advance(10_000);
    expect(publisher.instruments).toBe(3);
    expect(pointsOf((await otel.collect()).points, 'hw.temperature')).toMatchObject([
      { unit: 'Cel', kind: 'gauge', attributes: { asset: 'sw-1', sensor: 'inlet' }, value: 41.5 },
    ]);
  });

  it('a name stored outside a collection (self-metrics) is found by the SDK collection that first sees it, and published from the next', async () => {
    const warden = createTestWarden({ selfMetricsEvery: 15_000 });
    cleanup.push(() => warden.stop());
    const otel = createTestOtel();
    cleanup.push(() => otel.shutdown());
    const publisher = toOpenTelemetry(
      withNames(warden, () => ['warden.scheduler.jobs']),
      otel.meter,
    );
    expect(publisher.instruments).toBe(1);
    await warden.start();
    await warden.clock.advance(15_000);
    expect(warden.metrics.latest('warden.scheduler.jobs', { asset: 'warden' })).toBeDefined();
    expect(pointsOf((await otel.collect()).points, 'warden.scheduler.jobs')).toEqual([]);
    expect(publisher.instruments).toBe(2);
    expect(pointsOf((await otel.collect()).points, 'warden.scheduler.jobs')).toMatchObject([
      { unit: '{job}', kind: 'gauge', attributes: { asset: 'warden' } },
    ]);
  });

  it('keeps one instrument per name: a series of another type or unit under the same name is left out', async () => {
    const readings: Readings = {
      'sw-1': [{ name: 'vendor.traffic', value: 10, type: 'counter', unit: 'By' }],
      'sw-2': [
        { name: 'vendor.traffic', value: 3, unit: 'By' }, // a gauge under a counter's name
        { name: 'vendor.temperature', value: 20, unit: 'Cel' },
      ],
      'sw-3': [{ name: 'vendor.temperature', value: 68, unit: '[degF]' }],
    };
    const { warden, otel } = await setup(readings, ['sw-1', 'sw-2', 'sw-3']);
    toOpenTelemetry(warden, otel.meter, { metrics: ['vendor.traffic', 'vendor.temperature'] });
    const { points, errors } = await otel.collect();
    expect(errors).toEqual([]);
    const traffic = pointsOf(points, 'vendor.traffic');
    const temperature = pointsOf(points, 'vendor.temperature');
    expect(traffic).toHaveLength(1);
    expect(temperature).toHaveLength(1);
    // Whichever series was seen first decides; the other is not published under a clashing kind or unit.
    const first = (name: string) => warden.metrics.query(name)[0];
    expect(traffic[0]).toMatchObject({ kind: first('vendor.traffic')?.type === 'counter' ? 'sum' : 'gauge', unit: 'By' });
    expect(temperature[0]?.unit).toBe(first('vendor.temperature')?.unit);
  });

  it('publishes only the metrics named in options.metrics', async () => {
    const { warden, otel } = await setup(routerReadings(1_000));
    toOpenTelemetry(warden, otel.meter, { metrics: ['system.uptime'] });
    const names = new Set((await otel.collect()).points.map((p) => p.name));
    expect([...names]).toEqual(['system.uptime']); // and no check is registered, so no warden.check.status
    expect(CHECK_STATUS_METRIC).toBe('warden.check.status');
  });

  it('stops observing a series with no sample for staleAfter (default 15m), unless staleAfter is false', async () => {
    const { warden, otel } = await setup(routerReadings(1_000), ['sw-1']);
    // Delta temporality: the JS SDK repeats unobserved attribute sets under cumulative (see docs).
    const delta = createTestOtel('delta');
    cleanup.push(() => delta.shutdown());
    const strict = toOpenTelemetry(warden, delta.meter, { metrics: ['system.uptime'] });
    toOpenTelemetry(warden, otel.meter, { metrics: ['system.uptime'], staleAfter: false });
    expect(pointsOf((await delta.collect()).points, 'system.uptime')).toHaveLength(1);
    await warden.stop();
    await warden.clock.advance(14 * 60_000);
    expect(pointsOf((await delta.collect()).points, 'system.uptime')).toHaveLength(1);
    await warden.clock.advance(2 * 60_000);
    expect(pointsOf((await delta.collect()).points, 'system.uptime')).toEqual([]);
    expect(pointsOf((await otel.collect()).points, 'system.uptime')).toMatchObject([{ value: 3600 }]);
    strict.stop();
  });

  it('publishes check states as warden.check.status: 1 for the current state, 0 for the others', async () => {
    const { warden, otel } = await setup(routerReadings(1_000));
    warden.check({ id: 'uplink', assets: { ids: ['sw-1'] }, every: '10s', run: () => ({ status: 'critical', summary: 'eth0 down' }) });
    warden.check({ id: 'later', assets: { ids: ['sw-1'] }, passive: true, freshness: '1h' });
    await warden.clock.advance(10_000);
    expect(warden.state('uplink', 'sw-1')?.status).toBe('critical');
    toOpenTelemetry(warden, otel.meter, { metrics: [] });
    const { points } = await otel.collect();
    const uplink = pointsOf(points, CHECK_STATUS_METRIC, { check: 'uplink', asset: 'sw-1' });
    expect(Object.fromEntries(uplink.map((p) => [p.attributes.state, p.value]))).toEqual({
      ok: 0,
      warning: 0,
      critical: 1,
      unknown: 0,
      pending: 0,
    });
    expect(uplink[0]).toMatchObject({ unit: '1', kind: 'gauge' });
    const later = pointsOf(points, CHECK_STATUS_METRIC, { check: 'later', state: 'pending' });
    expect(later.map((p) => p.value)).toEqual([1]);
  });

  it('stop() removes the callback: the next collection has nothing from Warden; stop() is idempotent', async () => {
    const { warden } = await setup(routerReadings(1_000));
    const otel = createTestOtel('delta');
    cleanup.push(() => otel.shutdown());
    const publisher = toOpenTelemetry(warden, otel.meter, { metrics: ROUTER_NAMES });
    expect((await otel.collect()).points.length).toBeGreaterThan(0);
    expect((await otel.collect()).points.length).toBeGreaterThan(0);
    publisher.stop();
    publisher.stop();
    expect((await otel.collect()).points).toEqual([]);
  });

  it('two Wardens can publish through one meter side by side', async () => {
    const a = await setup(routerReadings(1_000));
    const b = await setup({ 'sw-2': routerReadings(7_000)['sw-1'] ?? [] }, ['sw-2']);
    toOpenTelemetry(a.warden, a.otel.meter, { metrics: ['system.network.io'] });
    toOpenTelemetry(b.warden, a.otel.meter, { metrics: ['system.network.io'] });
    const io = pointsOf((await a.otel.collect()).points, 'system.network.io');
    expect(io.map((p) => [p.attributes.asset, p.value]).sort()).toEqual([
      ['sw-1', 1_000],
      ['sw-2', 7_000],
    ]);
  });

  it('rejects bad options and a non-meter with ERR_CONFIG_INVALID naming the problem', async () => {
    const { warden, otel } = await setup(routerReadings(1_000));
    const fail = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return err as WardenError;
      }
      throw new Error('expected a throw');
    };
    const badStale = fail(() => toOpenTelemetry(warden, otel.meter, { staleAfter: 'soon' as never, metrics: [] }));
    expect(badStale).toBeInstanceOf(WardenError);
    expect(badStale.code).toBe('ERR_CONFIG_INVALID');
    expect(badStale.message).toContain('staleAfter');
    const unknownKey = fail(() => toOpenTelemetry(warden, otel.meter, { metric: ['x'] } as never));
    expect(unknownKey.message).toContain('metric');
    const notAMeter = fail(() => toOpenTelemetry(warden, {} as never, { metrics: [] }));
    expect(notAMeter.code).toBe('ERR_CONFIG_INVALID');
    expect(notAMeter.message).toContain('OpenTelemetry Meter');
  });
});
