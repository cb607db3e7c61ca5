import type { CheckState, Warden } from '../warden/types.js';
import { parseHealthOptions, type ResolvedHealthOptions } from './options.js';
import { rejectUnlessRead, sendJson } from './respond.js';
import type { HealthBody, HealthCheckEntry, HealthHandlerOptions, NodeHandler } from './types.js';

/**
 * A `(req, res)` health endpoint for `node:http`, express or fastify. It reads cached state
 * only and never runs a check.
 *
 * - `kind: 'live'` reflects Warden's own engine: started, scheduler running, scheduler lag p99
 *   and event-loop delay p99 under their limits. The monitored estate never fails it, so a full
 *   remote disk does not get the embedding app restarted.
 * - `kind: 'ready'` (the default) reflects the checks registered with `readiness: true`: every
 *   pair hard OK → 200 `ok`; a hard `warning` → 200 `degraded` (or 503 with
 *   `warningIsReady: false`); a hard critical/unknown, or a pending pair → 503. A soft problem
 *   (still being retried) does not fail readiness until it is confirmed.
 *
 * The body is JSON ({@link HealthBody}) with `Cache-Control: no-store`.
 *
 * @param warden - the Warden to report on
 * @param options - probe kind and limits
 * @returns the handler
 * @throws WardenError `ERR_CONFIG_INVALID` for invalid options
 * @example
 * ```ts
 * app.get('/healthz', healthHandler(warden, { kind: 'live' }));
 * app.get('/readyz', healthHandler(warden, { kind: 'ready' }));
 * ```
 */
export function healthHandler(warden: Warden, options: HealthHandlerOptions = {}): NodeHandler {
  const resolved = parseHealthOptions(options, 'healthHandler() options');
  return (req, res) => {
    if (rejectUnlessRead(req, res)) return;
    const body = resolved.kind === 'live' ? liveness(warden, resolved) : readiness(warden, resolved);
    sendJson(req, res, body.status === 'fail' ? 503 : 200, body);
  };
}

/**
 * Judges Warden's own engine.
 *
 * @param warden - the Warden
 * @param options - limits
 * @returns the liveness body
 */
export function liveness(warden: Pick<Warden, 'engine'>, options: ResolvedHealthOptions): HealthBody {
  const info = warden.engine();
  const reasons: string[] = [];
  const lag = info.scheduler.lag.p99;
  const loop = info.scheduler.eventLoopDelay?.p99;
  if (info.status === 'idle' && !options.liveBeforeStart) reasons.push('warden is not started');
  if (info.status === 'stopping' || info.status === 'stopped') reasons.push(`warden is ${info.status}`);
  if (info.status === 'running' && info.scheduler.state !== 'running') reasons.push(`scheduler is ${info.scheduler.state}`);
  if (lag > options.maxLag) reasons.push(`scheduler lag p99 ${Math.round(lag)}ms exceeds ${options.maxLag}ms`);
  if (loop !== undefined && loop > options.maxEventLoopDelay) {
    reasons.push(`event-loop delay p99 ${Math.round(loop)}ms exceeds ${options.maxEventLoopDelay}ms`);
  }
  return {
    status: reasons.length === 0 ? 'ok' : 'fail',
    kind: 'live',
    reasons,
    checks: [],
    engine: { status: info.status, lagP99Ms: lag, eventLoopDelayP99Ms: loop },
  };
}

/**
 * Judges the checks marked `readiness: true`.
 *
 * @param warden - the Warden
 * @param options - how warnings and pending pairs count
 * @returns the readiness body
 */
export function readiness(warden: Pick<Warden, 'engine' | 'states'>, options: ResolvedHealthOptions): HealthBody {
  const info = warden.engine();
  const reasons: string[] = [];
  const checks: HealthCheckEntry[] = [];
  let degraded = false;
  if (info.status === 'stopping' || info.status === 'stopped') reasons.push(`warden is ${info.status}`);
  for (const check of info.readinessChecks) {
    for (const state of warden.states({ check })) {
      checks.push(entry(state));
      const verdict = judge(state, options);
      if (verdict === 'degraded') degraded = true;
      else if (verdict === 'fail') reasons.push(`${state.check} on ${state.asset}: ${state.status}${summaryOf(state)}`);
    }
  }
  let status: HealthBody['status'] = 'ok';
  if (reasons.length > 0) status = 'fail';
  else if (degraded) status = 'degraded';
  return { status, kind: 'ready', reasons, checks };
}

function judge(state: CheckState, options: ResolvedHealthOptions): 'ok' | 'degraded' | 'fail' {
  if (state.status === 'ok') return 'ok';
  if (state.status === 'pending') return options.pendingIsReady ? 'ok' : 'fail';
  // A problem still being retried has not been confirmed: the pair stays as it was.
  if (state.stateType === 'soft') return 'ok';
  if (state.status === 'warning') return options.warningIsReady ? 'degraded' : 'fail';
  return 'fail';
}

function summaryOf(state: CheckState): string {
  return state.result?.summary ? ` (${state.result.summary})` : '';
}

function entry(state: CheckState): HealthCheckEntry {
  return {
    check: state.check,
    asset: state.asset,
    status: state.status,
    stateType: state.stateType,
    summary: state.result?.summary,
    lastCheckAt: state.lastCheckAt === undefined ? undefined : new Date(state.lastCheckAt).toISOString(),
  };
}
