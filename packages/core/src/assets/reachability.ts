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
 * The asset's own state does not matter: a down asset may well be reachable. Pure and
 * memoised per call, so shared ancestors are judged once.
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
  const memo = new Map<string, boolean>();
  const visiting = new Set<string>();

  const parentUp = (parent: string): boolean => {
    const cached = memo.get(parent);
    if (cached !== undefined) return cached;
    // Registries refuse cycles; should one reach us anyway, treat the repeat as up, not loop.
    if (visiting.has(parent)) return true;
    const entries = dependsOnOf(parent);
    let up: boolean;
    if (entries === undefined) up = true;
    else if (isUp(parent) === false) up = false;
    else {
      visiting.add(parent);
      up = firstBlocked(entries) === undefined;
      visiting.delete(parent);
    }
    memo.set(parent, up);
    return up;
  };

  const firstBlocked = (entries: readonly DependsOnEntry[]): DependsOnEntry | undefined =>
    entries.find((entry) => (typeof entry === 'string' ? !parentUp(entry) : !entry.anyOf.some(parentUp)));

  const own = dependsOnOf(id);
  if (own === undefined) return { reachable: true };
  visiting.add(id);
  const blockedBy = firstBlocked(own);
  return blockedBy === undefined ? { reachable: true } : { reachable: false, blockedBy };
}
