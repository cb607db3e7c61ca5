import { dependencyIds } from './graph.js';
import type { DependsOnEntry } from './types.js';

/**
 * Says whether an asset is up: `true` up, `false` down, `undefined` not known (no liveness
 * check, or none has run yet). Only `false` makes a parent count as down.
 */
export type IsUp = (id: string) => boolean | undefined;

/** Whether an asset can be reached through its dependencies, and if not, which entry blocks it. */
export interface Reachability {
  /** Every `dependsOn` entry is up. */
  reachable: boolean;
  /** The first entry that is down (an id, or an anyOf group with every member down). */
  blockedBy?: DependsOnEntry;
}

/**
 * Decides reachability from the dependency graph, Nagios-style:
 * - every `dependsOn` entry must be up; an `{ anyOf }` group is up while any member is up;
 * - a parent is up when `isUp(parent)` is not `false` **and** the parent is itself reachable,
 *   so a dead grandparent makes the whole subtree unreachable;
 * - a parent that is not registered (a dangling reference) counts as up: an inventory that
 *   is still being filled in must not silence its assets;
 * - an unknown state (`undefined`) counts as up: a parent with no liveness check is never down.
 *
 * The asset's own state does not matter: a down asset may well be reachable. Pure, iterative
 * and memoised per call, so shared ancestors are judged once and deep chains are safe.
 *
 * @param id - the asset to judge
 * @param dependsOnOf - an asset's declared entries, or `undefined` when it is not registered
 * @param isUp - the current liveness of an asset
 * @returns whether `id` is reachable and, if not, the first blocking entry
 * @example
 * ```ts
 * const down = new Set(['sw-1']);
 * checkReachability('web-1', (id) => registry.get(id)?.dependsOn ?? (registry.has(id) ? [] : undefined),
 *   (id) => !down.has(id)); // { reachable: false, blockedBy: 'sw-1' }
 * ```
 */
export function checkReachability(
  id: string,
  dependsOnOf: (id: string) => readonly DependsOnEntry[] | undefined,
  isUp: IsUp,
): Reachability {
  const own = dependsOnOf(id);
  if (own === undefined || own.length === 0) return { reachable: true };
  // Whether each ancestor counts as up, filled bottom-up with an explicit stack so a chain of
  // thousands of assets cannot overflow the call stack.
  const up = new Map<string, boolean>();
  const waiting = new Set<string>([id]);
  const counts = (parent: string): boolean => up.get(parent) !== false;
  const firstBlocked = (entries: readonly DependsOnEntry[]): DependsOnEntry | undefined =>
    entries.find((entry) => (typeof entry === 'string' ? !counts(entry) : !entry.anyOf.some(counts)));

  const stack = dependencyIds(own);
  while (stack.length > 0) {
    const current = stack[stack.length - 1] as string;
    if (up.has(current)) {
      stack.pop();
      continue;
    }
    const entries = dependsOnOf(current);
    if (entries === undefined || (!waiting.has(current) && isUp(current) === false)) {
      up.set(current, entries === undefined);
      stack.pop();
      continue;
    }
    // Registries refuse cycles; should one reach us anyway, a parent already waiting counts as up.
    const pending = dependencyIds(entries).filter((parent) => !up.has(parent) && !waiting.has(parent));
    if (pending.length > 0 && !waiting.has(current)) {
      waiting.add(current);
      stack.push(...pending);
      continue;
    }
    up.set(current, firstBlocked(entries) === undefined);
    waiting.delete(current);
    stack.pop();
  }
  const blockedBy = firstBlocked(own);
  return blockedBy === undefined ? { reachable: true } : { reachable: false, blockedBy };
}
