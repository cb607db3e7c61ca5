/**
 * `@warden/core/http`: health and metrics endpoints for `node:http`, express and fastify.
 *
 * @packageDocumentation
 */
export { healthHandler } from './health.js';
export { metricsHandler, OPENMETRICS_CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE, wantsOpenMetrics } from './metrics.js';
export { toOpenMetrics } from './openmetrics.js';
export type {
  HealthBody,
  HealthCheckEntry,
  HealthEngineNumbers,
  HealthHandlerOptions,
  MetricsHandlerOptions,
  NodeHandler,
  ServeOptions,
  WardenEngineInfo,
  WardenServer,
} from './types.js';
