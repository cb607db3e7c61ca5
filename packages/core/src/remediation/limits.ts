import type { NormalizedRule } from './rule-spec.js';

const HOUR = 3_600_000;

/** What a rule's limits are judged on. */
export interface LimitView {
  /** The rule's actions in progress (an action and its verification). */
  busy: number;
  /** The rule's actions started (time, asset), oldest first, covering at least the last hour and `period`. */
  history: ReadonlyArray<{ at: number; asset: string }>;
  /** Automatic actions of every rule and change in the last hour (read only when `rateLimit.global` is set). */
  globalLastHour(): number;
  /** How many assets the rule covers (read only when `maxPercent` < 100). */
  covered(): number;
}

/**
 * Why a rule's concurrency, rate limits or blast radius forbid another action on the asset now.
 *
 * @param rule - the rule
 * @param asset - the asset about to be acted on
 * @param now - the present (ms)
 * @param view - the counts to judge
 * @returns the reason to audit, or undefined when the action may go ahead
 */
export function limitRefusal(rule: NormalizedRule, asset: string, now: number, view: LimitView): string | undefined {
  if (rule.maxConcurrent !== undefined && view.busy >= rule.maxConcurrent)
    return `maxConcurrent (${rule.maxConcurrent}) actions of this rule are in progress`;
  if (rule.globalPerHour !== undefined) {
    const all = view.globalLastHour();
    if (all >= rule.globalPerHour)
      return `rate limit: ${all} automatic actions (every rule and change) in the last hour (global ${rule.globalPerHour})`;
  }
  const lastHour = view.history.filter((h) => h.at > now - HOUR);
  if (rule.perHour !== undefined && lastHour.length >= rule.perHour)
    return `rate limit: ${rule.perHour} actions of this rule in the last hour`;
  if (rule.perAssetPerHour !== undefined && lastHour.filter((h) => h.asset === asset).length >= rule.perAssetPerHour)
    return `rate limit: ${rule.perAssetPerHour} actions of this rule on this asset in the last hour`;
  if (rule.maxPercent < 100) {
    const covered = view.covered();
    const allowed = Math.max(1, Math.floor((covered * rule.maxPercent) / 100));
    const acted = new Set(view.history.filter((h) => h.at > now - rule.periodMs).map((h) => h.asset));
    if (!acted.has(asset) && acted.size >= allowed)
      return `blast radius: ${acted.size} of ${covered} assets already acted on within the period (maxPercent ${rule.maxPercent})`;
  }
  return undefined;
}
