import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CheckStatus } from '../checks/types.js';
import type { Duration } from '../internal/duration.js';
import type { SchedulerStats } from '../scheduler/types.js';
import type { WardenStatus } from '../warden/types.js';

/**
 * A `node:http` request handler. It also works as an express route handler (express passes
 * node's request and response objects) and in fastify as `(req, reply) => handler(req.raw, reply.raw)`
 * (call `reply.hijack()` first).
 */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** A read-only snapshot of Warden's own engine, from `warden.engine()`: what liveness is judged on. */
export interface WardenEngineInfo {
  /** The Warden's lifecycle state. */
  readonly status: WardenStatus;
  /** The scheduler's numbers (read without resetting its windows). */
  readonly scheduler: SchedulerStats;
  /** Ids of the checks registered with `readiness: true`. */
  readonly readinessChecks: readonly string[];
}

/** Options of {@link healthHandler}. */
export interface HealthHandlerOptions {
  /** Which probe: liveness (Warden's own engine) or readiness (the checks marked `readiness: true`). @defaultValue `'ready'` */
  kind?: 'live' | 'ready';
  /** Liveness fails when the scheduler's p99 lag exceeds this. @defaultValue `'30s'` */
  maxLag?: Duration;
  /** Liveness fails when the event loop's p99 delay exceeds this. @defaultValue `'5s'` */
  maxEventLoopDelay?: Duration;
  /** Liveness before `start()`: report 200 (`true`) or 503. @defaultValue false */
  liveBeforeStart?: boolean;
  /** Readiness treats a hard `warning` as degraded but ready (200, `status: "degraded"`) when true, else as not ready. @defaultValue true */
  warningIsReady?: boolean;
  /** Readiness treats `pending` (no result yet) as ready. @defaultValue false */
  pendingIsReady?: boolean;
}

/** One check's line in a readiness body. */
export interface HealthCheckEntry {
  /** Check id. */
  check: string;
  /** Asset id. */
  asset: string;
  /** Current status. */
  status: CheckStatus | 'pending';
  /** Soft while retrying, hard once confirmed. */
  stateType: 'soft' | 'hard';
  /** The last summary line. */
  summary: string | undefined;
  /** When it last ran (ISO 8601), if ever. */
  lastCheckAt: string | undefined;
}

/** The JSON body of a health response. */
export interface HealthBody {
  /** `ok` (200), `degraded` (200, with warnings) or `fail` (503). */
  status: 'ok' | 'degraded' | 'fail';
  /** Which probe answered. */
  kind: 'live' | 'ready';
  /** Why it is not `ok`, one line each. */
  reasons: string[];
  /** Readiness: the checks it was judged on. Liveness: empty. */
  checks: HealthCheckEntry[];
  /** Liveness: the engine numbers it was judged on (ms). */
  engine?: HealthEngineNumbers;
}

/** The engine numbers a liveness body carries. */
export interface HealthEngineNumbers {
  /** The Warden's lifecycle state. */
  status: WardenStatus;
  /** Scheduler lag, 99th percentile (ms). */
  lagP99Ms: number;
  /** Event-loop delay, 99th percentile (ms); undefined before start. */
  eventLoopDelayP99Ms: number | undefined;
}

/** Options of {@link metricsHandler}. */
export interface MetricsHandlerOptions {
  /** Drop series whose newest sample is older than this before rendering; `false` keeps everything. @defaultValue `'15m'` */
  staleAfter?: Duration | false;
}

/** Options of `warden.serve()`. */
export interface ServeOptions {
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Address to listen on. @defaultValue `'127.0.0.1'` */
  host?: string;
  /** When set, every request needs `Authorization: Bearer <token>` (else 401). */
  token?: string;
  /** Options for `/health/live` and `/health/ready`. */
  health?: Omit<HealthHandlerOptions, 'kind'>;
  /** Options for `/metrics`. */
  metrics?: MetricsHandlerOptions;
}

/** What `warden.serve()` returns. */
export interface WardenServer {
  /** The port actually listened on. */
  readonly port: number;
  /** The address listened on. */
  readonly host: string;
  /** Stops listening and closes open connections (idempotent). */
  close(): Promise<void>;
}
