import { z } from 'zod';
import type { Clock } from '../internal/clock.js';
import type { Duration } from '../internal/duration.js';
import type { Logger } from '../internal/logger.js';
import type { WardenPlugin } from '../plugins/define-plugin.js';
import type { Executor } from '../scheduler/types.js';
import type { StateStore } from '../store/types.js';
import type { NotificationSettings } from './incident-wiring.js';
import { durationSchema, positiveDurationSchema } from './schedule.js';

/** The global remediation switch. */
export interface RemediationOptions {
  /** Automatic rules act only when this is on; `warden.act()` is never gated. @defaultValue false */
  enabled?: boolean;
}

/** Options of `createWarden()`. Every field is optional. */
export interface WardenOptions {
  /** Plugin instances: `[snmp(), ssh({ knownHosts })]`. */
  plugins?: readonly WardenPlugin[];
  /** Where time comes from. @defaultValue the system clock */
  clock?: Clock;
  /** A pino-compatible logger. @defaultValue silent */
  logger?: Logger;
  /**
   * Where jobs run. The scheduler decides when; the executor runs the job — in process by
   * default. Pass your own to hand jobs to a job queue on an existing distributed engine.
   * @defaultValue `inProcessExecutor`
   */
  executor?: Executor;
  /** How many runs at once. */
  concurrency?: {
    /** In all. @defaultValue 64 */
    global?: number;
    /** Per asset. @defaultValue 4 */
    perAsset?: number;
    /** Per plugin. @defaultValue 32 */
    perPlugin?: number;
  };
  /** Automatic remediation. @defaultValue `{ enabled: false }` */
  remediation?: RemediationOptions;
  /** Interval of Warden's own `warden.*` samples (`asset="warden"`). `0` turns them off. @defaultValue `'15s'` */
  selfMetricsEvery?: Duration;
  /** How long `runOnce()` waits between the two readings a delta collector needs. @defaultValue `'1s'` */
  deltaGap?: Duration;
  /** Samples kept per series. @defaultValue 720 */
  maxSamplesPerSeries?: number;
  /**
   * Where check states, their history and incidents are kept. `stop()` flushes what is pending
   * into it; a store passed here is yours to close (so another Warden may reuse it).
   * @defaultValue an in-memory store, closed by `stop()`
   */
  store?: StateStore;
  /** Notification delivery: `groupWindow` (default `'5s'`), `rateLimit: { perMinute }`, `retry`, `sendTimeout`. */
  notifications?: NotificationSettings;
}

const objectWith = <T>(test: (value: unknown) => boolean, message: string) => z.custom<T>(test, message);

/** The schema `createWarden()` validates its options with. */
export const wardenOptionsSchema = z.strictObject({
  plugins: z.array(z.unknown()).optional(),
  clock: objectWith<Clock>(
    (v) => typeof v === 'object' && v !== null && typeof (v as Clock).now === 'function' && typeof (v as Clock).setTimer === 'function',
    'expected a Clock { now(), setTimer(fn, ms) }',
  ).optional(),
  executor: objectWith<Executor>(
    (v) => typeof v === 'object' && v !== null && typeof (v as Executor).execute === 'function',
    'expected an Executor { execute(run) }',
  ).optional(),
  logger: objectWith<Logger>(
    (v) =>
      typeof v === 'object' &&
      v !== null &&
      ['debug', 'info', 'warn', 'error'].every((m) => typeof (v as Record<string, unknown>)[m] === 'function'),
    'expected a pino-compatible logger with debug, info, warn and error methods',
  ).optional(),
  concurrency: z
    .strictObject({
      global: z.number().int().min(1).optional(),
      perAsset: z.number().int().min(1).optional(),
      perPlugin: z.number().int().min(1).optional(),
    })
    .optional(),
  remediation: z.strictObject({ enabled: z.boolean().optional() }).optional(),
  selfMetricsEvery: durationSchema.optional(),
  deltaGap: durationSchema.optional(),
  maxSamplesPerSeries: z.number().int().min(2).max(1_000_000).optional(),
  store: objectWith<StateStore>(
    (v) =>
      typeof v === 'object' &&
      v !== null &&
      ['saveCheckStates', 'loadCheckStates', 'appendStateChanges', 'queryStateChanges', 'saveIncidents', 'queryIncidents', 'close'].every(
        (m) => typeof (v as Record<string, unknown>)[m] === 'function',
      ),
    'expected a StateStore (createMemoryStore(), or a durable store such as @warden/store-sqlite)',
  ).optional(),
  notifications: z
    .strictObject({
      groupWindow: durationSchema.optional(),
      rateLimit: z.strictObject({ perMinute: z.number().int().min(1) }).optional(),
      retry: z
        .strictObject({
          attempts: z.number().int().min(1).optional(),
          backoff: durationSchema.optional(),
          maxBackoff: durationSchema.optional(),
        })
        .optional(),
      sendTimeout: positiveDurationSchema.optional(),
    })
    .optional(),
});

/** Re-exported for specs that need a positive duration. */
export { positiveDurationSchema };
