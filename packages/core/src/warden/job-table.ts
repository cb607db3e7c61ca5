import type { CompiledSelector } from '../assets/selector-types.js';
import type { Asset } from '../assets/types.js';

/** One spec (a collection or a check) and the jobs it has, one per matching active asset. */
export interface Binding {
  /** Job key prefix: `collect:<id>` or `check:<id>`. */
  readonly prefix: string;
  /** Which assets the spec applies to. */
  readonly selector: CompiledSelector;
  /** Creates the job for one asset (adds it to the scheduler). */
  readonly attach: (asset: Asset, key: string) => void;
  /** Removes one job (from the scheduler). */
  readonly detach: (key: string) => void;
  /** Asset id → job key, for the assets that currently have a job. */
  readonly jobs: Map<string, string>;
}

/**
 * Keeps every spec's jobs in step with the inventory: selectors are live, so adding,
 * changing or removing an asset adds or removes its jobs at once. Only `active` assets
 * get jobs.
 */
export class JobTable {
  readonly #bindings = new Map<string, Binding>();

  /**
   * Adds a spec and creates jobs for the assets it matches now.
   *
   * @param binding - the spec's selector and how to attach/detach a job
   * @param assets - the current inventory
   */
  bind(binding: Omit<Binding, 'jobs'>, assets: Iterable<Asset>): void {
    const full: Binding = { ...binding, jobs: new Map() };
    this.#bindings.set(binding.prefix, full);
    for (const asset of assets) this.#sync(full, asset);
  }

  /**
   * Removes a spec and all its jobs.
   *
   * @param prefix - the spec's job key prefix
   * @returns whether the spec existed
   */
  unbind(prefix: string): boolean {
    const binding = this.#bindings.get(prefix);
    if (!binding) return false;
    for (const key of binding.jobs.values()) binding.detach(key);
    this.#bindings.delete(prefix);
    return true;
  }

  /** Whether a spec with this prefix is bound. */
  has(prefix: string): boolean {
    return this.#bindings.has(prefix);
  }

  /**
   * Re-evaluates every spec for a changed asset.
   *
   * @param asset - the asset as it is now
   * @param removed - the asset was removed
   */
  assetChanged(asset: Asset, removed = false): void {
    for (const binding of this.#bindings.values()) this.#sync(binding, asset, removed);
  }

  /**
   * The job keys of one spec, by asset id.
   *
   * @param prefix - the spec's job key prefix
   * @returns asset id → job key
   */
  jobsOf(prefix: string): ReadonlyMap<string, string> {
    return this.#bindings.get(prefix)?.jobs ?? new Map();
  }

  /** Every binding, in registration order. */
  bindings(): IterableIterator<Binding> {
    return this.#bindings.values();
  }

  #sync(binding: Binding, asset: Asset, removed = false): void {
    const wanted = !removed && (asset.lifecycle ?? 'active') === 'active' && binding.selector.matches(asset);
    const existing = binding.jobs.get(asset.id);
    // A job reads its asset from the registry at each run, so an update that keeps the asset
    // selected needs no new job (and a running job is not disturbed).
    if (existing !== undefined && !wanted) {
      binding.detach(existing);
      binding.jobs.delete(asset.id);
    } else if (existing === undefined && wanted) {
      const key = `${binding.prefix}:${asset.id}`;
      binding.attach(asset, key);
      binding.jobs.set(asset.id, key);
    }
  }
}
