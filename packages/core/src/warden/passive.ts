import { z } from 'zod';
import type { CheckResult, CheckStatus } from '../checks/types.js';
import { parseConfig } from '../errors/config-error.js';
import { WardenError } from '../errors/warden-error.js';
import type { Clock, TimerHandle } from '../internal/clock.js';

/** What a passive pair needs: its freshness and the status when stale. */
export interface PassiveDef {
  /** Check id. */
  readonly id: string;
  /** How long a result stays fresh, ms. */
  readonly freshnessMs: number;
  /** The status when no result came in time. */
  readonly staleStatus: CheckStatus;
}

/** The schema `warden.submit()` validates a result with. */
export const submittedResultSchema = z.strictObject({
  status: z.enum(['ok', 'warning', 'critical', 'unknown']),
  summary: z.string(),
  details: z.string().optional(),
  samples: z
    .array(
      z.looseObject({
        name: z.string().min(1),
        value: z.number(),
      }),
    )
    .optional(),
});

/**
 * Validates a submitted result.
 *
 * @param result - what was submitted
 * @param where - the submission, for the error
 * @returns the result
 * @throws WardenError `ERR_CONFIG_INVALID` listing every problem with its path
 */
export function parseSubmittedResult(result: unknown, where: string): CheckResult {
  return parseConfig(submittedResultSchema, result, where) as CheckResult;
}

/**
 * Checks a `warden.submit()` call: the check exists and is passive, the asset exists and is
 * covered by it, the result is valid.
 *
 * @param checkId - the check named
 * @param assetId - the asset named
 * @param raw - what was submitted
 * @param found - what the engine knows about them
 * @returns the validated result
 * @throws WardenError `ERR_NOT_FOUND` for an unknown check or asset, or a pair the check does not
 *   cover; `ERR_CONFIG_INVALID` for a check that is not passive or an invalid result
 */
export function validateSubmission(
  checkId: string,
  assetId: string,
  raw: unknown,
  found: { check: { form: string; passive?: unknown } | undefined; passiveChecks(): string[]; assetExists: boolean; covered: boolean },
): CheckResult {
  const where = `submit("${checkId}", "${assetId}")`;
  if (!found.check)
    throw new WardenError(
      'ERR_NOT_FOUND',
      `${where}: unknown check "${checkId}"; passive checks: ${found.passiveChecks().join(', ') || '(none)'}`,
    );
  if (!found.check.passive)
    throw new WardenError(
      'ERR_CONFIG_INVALID',
      `${where}: check "${checkId}" is a ${found.check.form} check; only checks with passive: true take submitted results`,
    );
  if (!found.assetExists) throw new WardenError('ERR_NOT_FOUND', `${where}: unknown asset "${assetId}"; add it with warden.assets.add()`);
  if (!found.covered)
    throw new WardenError('ERR_NOT_FOUND', `${where}: check "${checkId}" does not cover asset "${assetId}" (not selected, or not active)`);
  return parseSubmittedResult(raw, `${where} result`);
}

const pairKey = (check: string, asset: string): string => `${check}\u0000${asset}`;

/**
 * The freshness timers of passive checks (dead-man's switches): one timer per (check, asset),
 * armed while the Warden runs and pushed back by every submitted result. When it fires, the
 * pair gets a result with the stale status, and the timer is armed again for another period,
 * so a pair that stays silent counts further attempts.
 */
export class PassiveTimers {
  readonly #clock: Clock;
  readonly #deliver: (check: string, asset: string, result: CheckResult) => void;
  readonly #timers = new Map<string, TimerHandle>();
  readonly #pairs = new Map<string, { def: PassiveDef; asset: string; since: number | undefined }>();
  #running = false;

  /**
   * @param clock - timers come from here
   * @param deliver - hands a stale result to the engine
   */
  constructor(clock: Clock, deliver: (check: string, asset: string, result: CheckResult) => void) {
    this.#clock = clock;
    this.#deliver = deliver;
  }

  /**
   * Watches a pair.
   *
   * @param def - the passive check
   * @param asset - asset id
   * @param lastAt - when its last result came (a restored state), if known
   */
  track(def: PassiveDef, asset: string, lastAt: number | undefined): void {
    const key = pairKey(def.id, asset);
    this.#pairs.set(key, { def, asset, since: lastAt });
    if (this.#running) this.#arm(key, lastAt ?? this.#clock.now());
  }

  /** Stops watching a pair. */
  untrack(check: string, asset: string): void {
    const key = pairKey(check, asset);
    this.#timers.get(key)?.cancel();
    this.#timers.delete(key);
    this.#pairs.delete(key);
  }

  /** A result arrived: the pair is fresh until `freshness` from now. */
  fresh(check: string, asset: string): void {
    const key = pairKey(check, asset);
    const pair = this.#pairs.get(key);
    if (!pair) return;
    pair.since = this.#clock.now();
    if (this.#running) this.#arm(key, pair.since);
  }

  /**
   * Arms every pair from its last result (restored from the store, say); a pair with no result
   * yet has `freshness` from now.
   *
   * @param lastAt - when a pair's last result came, if known
   */
  start(lastAt?: (check: string, asset: string) => number | undefined): void {
    if (this.#running) return;
    this.#running = true;
    const now = this.#clock.now();
    for (const [key, pair] of this.#pairs) {
      pair.since ??= lastAt?.(pair.def.id, pair.asset);
      this.#arm(key, pair.since ?? now);
    }
  }

  /** Cancels every timer. */
  stop(): void {
    this.#running = false;
    for (const timer of this.#timers.values()) timer.cancel();
    this.#timers.clear();
  }

  #arm(key: string, from: number): void {
    this.#timers.get(key)?.cancel();
    const pair = this.#pairs.get(key);
    if (!pair) return;
    const delay = Math.max(0, from + pair.def.freshnessMs - this.#clock.now());
    this.#timers.set(
      key,
      this.#clock.setTimer(() => {
        this.#timers.delete(key);
        if (!this.#running || this.#pairs.get(key) !== pair) return;
        const silentFor = pair.since === undefined ? undefined : this.#clock.now() - pair.since;
        this.#deliver(pair.def.id, pair.asset, staleResult(pair.def, silentFor));
        this.#arm(key, this.#clock.now());
      }, delay),
    );
  }
}

/**
 * The result a silent passive pair gets.
 *
 * @param def - the passive check
 * @param silentForMs - time since its last result; undefined when none ever came
 * @returns a result with the stale status and code `ERR_TIMEOUT` (an `ok` stale status: the
 *   event has cleared, no code)
 */
export function staleResult(def: PassiveDef, silentForMs: number | undefined): CheckResult {
  const freshness = formatMs(def.freshnessMs);
  if (def.staleStatus === 'ok') {
    const quiet = silentForMs === undefined ? freshness : formatMs(silentForMs);
    return { status: 'ok', summary: `cleared: no new result for ${quiet} (freshness ${freshness})` };
  }
  const summary =
    silentForMs === undefined
      ? `no result submitted within ${freshness} (freshness); is the sender running?`
      : `no result submitted for ${formatMs(silentForMs)} (freshness ${freshness}); is the sender running?`;
  return { status: def.staleStatus, summary, code: 'ERR_TIMEOUT' };
}

function formatMs(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
