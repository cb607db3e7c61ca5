import type { WardenOptions } from '../warden/options.js';
import type { Warden } from '../warden/types.js';
import { createWarden } from '../warden/warden.js';
import { createManualClock, type ManualClock } from './manual-clock.js';

/** A Warden on a manual clock, for tests. */
export interface TestWarden extends Warden {
  /** The manual clock the Warden runs on: `await warden.clock.advance(30_000)`. */
  readonly clock: ManualClock;
}

/** Options of {@link createTestWarden}: Warden's options, with the clock's start time. */
export interface TestWardenOptions extends Omit<WardenOptions, 'clock'> {
  /** Start time of the manual clock. @defaultValue 2026-01-01T00:00:00Z */
  start?: number | Date;
}

/**
 * Creates a Warden that runs entirely on a manual clock: nothing happens until the test
 * advances time, so schedules, timeouts and retries are deterministic and never sleep.
 * Self-metrics are off and `runOnce()` takes delta readings back to back unless asked otherwise.
 *
 * @param options - Warden options (plugins, logger, limits) and the clock's start
 * @returns the test Warden; `warden.clock.advance(ms)` drives it
 * @example
 * ```ts
 * const warden = createTestWarden({ plugins: [acme({ token: 't' })] });
 * warden.assets.add({ id: 'pdu-1', kind: 'pdu' });
 * warden.collect({ collector: 'acme.outlets', assets: 'kind=pdu', every: '30s' });
 * await warden.start();
 * await warden.clock.advance(60_000);
 * ```
 */
export function createTestWarden(options: TestWardenOptions = {}): TestWarden {
  const { start, ...rest } = options;
  const clock = createManualClock(start ?? Date.UTC(2026, 0, 1));
  const warden = createWarden({ selfMetricsEvery: 0, deltaGap: 0, ...rest, clock });
  return warden as TestWarden;
}
