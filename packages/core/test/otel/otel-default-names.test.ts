import { afterEach, describe, expect, it } from 'vitest';
import { toOpenTelemetry } from '../../src/otel/index.js';
import { createTestWarden, type TestWarden } from '../../src/testing/test-warden.js';
import { createTestOtel, pointsOf, type Readings, readingsPlugin, type TestOtel } from './helpers.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(readings: Readings): Promise<{ warden: TestWarden; otel: TestOtel }> {
  const warden = createTestWarden({ plugins: [readingsPlugin(readings)] });
  warden.assets.add({ id: 'sw-1', kind: 'network-device' });
  warden.collect({ collector: 'meter.readings' as never, assets: 'kind=network-device', every: '10s' });
  await warden.start();
  const otel = createTestOtel();
  cleanup.push(
    () => warden.stop(),
    () => otel.shutdown(),
  );
  return { warden, otel };
}

describe('toOpenTelemetry without options.metrics', () => {
  it('publishes every metric the store holds, including names that appear later', async () => {
    const readings: Readings = { 'sw-1': [{ name: 'system.uptime', value: 3600, unit: 's', description: 'Uptime' }] };
    const { warden, otel } = await setup(readings);
    toOpenTelemetry(warden, otel.meter); // before the first collection, as an app sets it up
    await warden.clock.advance(10_000);
    expect(pointsOf((await otel.collect()).points, 'system.uptime')).toMatchObject([{ unit: 's', value: 3600 }]);
    readings['sw-1']?.push({ name: 'hw.temperature', value: 41.5, unit: 'Cel', labels: { sensor: 'inlet' } });
    await warden.clock.advance(10_000);
    const { points } = await otel.collect();
    expect(pointsOf(points, 'hw.temperature')).toMatchObject([
      { unit: 'Cel', attributes: { asset: 'sw-1', sensor: 'inlet' }, value: 41.5 },
    ]);
    expect(pointsOf(points, 'system.uptime')).toHaveLength(1);
  });
});
