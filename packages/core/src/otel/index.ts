/**
 * `@warden/core/otel`: publishes Warden's samples and check states through OpenTelemetry
 * observable instruments. `@opentelemetry/api` is an optional peer dependency of
 * `@warden/core`: install it to use this entry point.
 *
 * @packageDocumentation
 */
export { CHECK_STATUS_METRIC } from './check-status.js';
export { toOpenTelemetry } from './to-open-telemetry.js';
export type { OpenTelemetryOptions, OpenTelemetryPublisher } from './types.js';
