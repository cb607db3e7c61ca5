import { z } from 'zod';
import { parseConfig } from '../errors/config-error.js';
import { durationSchema, positiveDurationSchema } from '../warden/schedule.js';
import type { HealthHandlerOptions, MetricsHandlerOptions, ServeOptions } from './types.js';

const healthFields = {
  maxLag: positiveDurationSchema.default(30_000),
  maxEventLoopDelay: positiveDurationSchema.default(5_000),
  liveBeforeStart: z.boolean().default(false),
  warningIsReady: z.boolean().default(true),
  pendingIsReady: z.boolean().default(false),
};

const healthSchema = z.strictObject({ kind: z.enum(['live', 'ready']).default('ready'), ...healthFields });

const metricsSchema = z.strictObject({ staleAfter: z.union([z.literal(false), durationSchema]).default(15 * 60_000) });

export const serveSchema = z.strictObject({
  port: z.number().int().min(0).max(65_535),
  host: z.string().min(1).default('127.0.0.1'),
  token: z.string().min(1, 'must not be empty; leave it out to serve without a token').optional(),
  health: z.strictObject(healthFields).optional(),
  metrics: metricsSchema.optional(),
});

/** Health options with defaults applied and durations in ms. */
export type ResolvedHealthOptions = z.output<typeof healthSchema>;

/** Metrics options with defaults applied and durations in ms. */
export type ResolvedMetricsOptions = z.output<typeof metricsSchema>;

/** Serve options with defaults applied. */
export type ResolvedServeOptions = z.output<typeof serveSchema>;

/**
 * Validates health handler options.
 *
 * @param options - as given
 * @param what - where they came from, for the error
 * @returns the options with defaults
 * @throws WardenError `ERR_CONFIG_INVALID` listing each issue with its path
 */
export function parseHealthOptions(options: HealthHandlerOptions, what: string): ResolvedHealthOptions {
  return parseConfig(healthSchema, options, what);
}

/**
 * Validates metrics handler options.
 *
 * @param options - as given
 * @param what - where they came from, for the error
 * @returns the options with defaults
 * @throws WardenError `ERR_CONFIG_INVALID` listing each issue with its path
 */
export function parseMetricsOptions(options: MetricsHandlerOptions, what: string): ResolvedMetricsOptions {
  return parseConfig(metricsSchema, options, what);
}

/**
 * Validates `serve()` options.
 *
 * @param options - as given
 * @returns the options with defaults
 * @throws WardenError `ERR_CONFIG_INVALID` listing each issue with its path
 */
export function parseServeOptions(options: ServeOptions): ResolvedServeOptions {
  return parseConfig(serveSchema, options, 'serve() options');
}
