import type { AssetRegistry } from '../assets/registry-types.js';
import type { StateStatus } from '../checks/state-types.js';
import type { Logger } from '../internal/logger.js';

/** One liveness check of an asset, as dependency decisions need it. */
export interface LivenessView {
  /** Check id. */
  readonly check: string;
  /** Its current status (soft or hard). */
  readonly status: StateStatus;
  /** When it last ran. */
  readonly lastCheckAt: number | undefined;
}

/** What the dependency rules read: the inventory and the liveness checks of each asset. */
export interface DependencyView {
  /** The inventory (`dependsOn`, ancestors, descendants). */
  readonly registry: AssetRegistry;
  /** The liveness checks tracked for an asset (empty when it has none). */
  livenessOf(asset: string): readonly LivenessView[];
}

/**
 * Whether an asset is up, as its liveness checks say. Nagios maps a host check's result the same
 * way: `ok` and `warning` are up, `critical` and `unknown` are down. The latest result counts,
 * soft or hard, so a child never alerts while its parent is being retried.
 *
 * @param view - inventory and liveness checks
 * @param asset - asset id
 * @returns `true` up, `false` down, `undefined` when no liveness check has a result (never "down")
 */
export function isAssetUp(view: DependencyView, asset: string): boolean | undefined {
  let known = false;
  for (const liveness of view.livenessOf(asset)) {
    if (liveness.status === 'pending') continue;
    if (liveness.status === 'critical' || liveness.status === 'unknown') return false;
    known = true;
  }
  return known ? true : undefined;
}

/**
 * Whether a check of an asset can be judged: every `dependsOn` entry is up (an `anyOf` group
 * while any member is), transitively; for a check that is not itself a liveness check, the
 * asset must be up too.
 *
 * @param view - inventory and liveness checks
 * @param asset - asset id
 * @param liveness - whether the check is a liveness check of the asset
 * @returns false when the pair is unreachable
 */
export function isPairReachable(view: DependencyView, asset: string, liveness: boolean): boolean {
  if (!liveness && isAssetUp(view, asset) === false) return false;
  if (view.registry.parents(asset).length === 0) return true;
  return view.registry.reachability(asset, (id) => isAssetUp(view, id)).reachable;
}

/**
 * The liveness checks to re-run before a pair goes hard non-OK (as Nagios re-checks the host
 * and its parents on demand): those of the asset (unless the check is one of them) and of every
 * ancestor, nearest first, skipping any that already ran at `now`.
 *
 * @param view - inventory and liveness checks
 * @param asset - the asset about to alert
 * @param includeSelf - also the asset's own liveness checks (false for a liveness check)
 * @param now - the current time
 * @returns the (check, asset) pairs to re-run
 */
export function livenessToVerify(
  view: DependencyView,
  asset: string,
  includeSelf: boolean,
  now: number,
): Array<{ check: string; asset: string }> {
  const assets = view.registry.parents(asset).length === 0 ? [] : view.registry.ancestors(asset);
  if (includeSelf) assets.unshift(asset);
  const out: Array<{ check: string; asset: string }> = [];
  for (const id of assets) {
    for (const liveness of view.livenessOf(id)) if (liveness.lastCheckAt !== now) out.push({ check: liveness.check, asset: id });
  }
  return out;
}

/**
 * Warns once per parent asset that has no liveness check: such a parent is never "down", so its
 * children alert on their own when it fails.
 */
export class ParentWarnings {
  readonly #seen = new Set<string>();
  readonly #warned = new Set<string>();
  readonly #logger: Logger;

  /** @param logger - where the warning goes */
  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /**
   * Looks at an asset's ancestors the first time the asset produces a result.
   *
   * @param view - inventory and liveness checks
   * @param asset - asset id
   */
  examine(view: DependencyView, asset: string): void {
    if (this.#seen.has(asset)) return;
    this.#seen.add(asset);
    if (view.registry.parents(asset).length === 0) return;
    for (const parent of view.registry.ancestors(asset)) {
      if (this.#warned.has(parent) || view.livenessOf(parent).length > 0) continue;
      this.#warned.add(parent);
      this.#logger.warn(
        { asset: parent, child: asset },
        `asset "${parent}" has dependents but no liveness check, so it is never considered down and its dependents alert on their own; add a check with liveness: true for it`,
      );
    }
  }

  /** Forgets what was examined (the inventory or the checks changed). */
  reset(): void {
    this.#seen.clear();
  }
}
