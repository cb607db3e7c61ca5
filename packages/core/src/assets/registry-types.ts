import type { z } from 'zod';
import type { AssetPatch } from './merge.js';
import type { IsUp, Reachability } from './reachability.js';
import type { CompiledSelector, Selector } from './selector-types.js';
import type { Asset, DependsOnEntry } from './types.js';

/** A successful change to the registry, reported after it happened. */
export interface AssetChange {
  /** What happened. */
  type: 'added' | 'updated' | 'removed';
  /** The asset as stored now (for `removed`: as it was). */
  asset: Asset;
  /** The asset before an update. */
  previous?: Asset;
}

/** Options of {@link createAssetRegistry}. */
export interface AssetRegistryOptions {
  /**
   * Plugin name → schema of that plugin's connection block (`snmp` → `{ version, community, … }`).
   * Any other top-level key on an asset is refused.
   * @defaultValue no plugin blocks
   */
  connectionSchemas?: ReadonlyMap<string, z.ZodType>;
  /** Called after each successful mutation, once per asset changed, in order. */
  onChange?: (change: AssetChange) => void;
  /**
   * Called when `onChange` throws; the mutation has happened regardless.
   * @defaultValue rethrow the listener's error from the mutating call, after every change was reported
   */
  onListenerError?: (error: unknown, change: AssetChange) => void;
}

/** What {@link AssetRegistry.upsert} did. */
export interface UpsertResult {
  /** `added` (new id), `updated` (merged, something changed) or `unchanged`. */
  action: 'added' | 'updated' | 'unchanged';
  /** The asset as stored now. */
  asset: Asset;
}

/** Options of {@link AssetRegistry.addMany}. */
export interface AddManyOptions {
  /**
   * Replace assets that already exist (as a whole, no merge) instead of refusing them.
   * @defaultValue false
   */
  replaceExisting?: boolean;
  /**
   * Where the list sits in the caller's configuration, prefixed to error paths (`assets`).
   * @defaultValue none: paths start with the index (`[2].snmp.version`)
   */
  path?: string;
}

/** A `dependsOn` reference to an asset that is not registered (yet). */
export interface DanglingDependency {
  /** The asset declaring the dependency. */
  assetId: string;
  /** The id it names that is not registered. */
  missing: string;
}

/**
 * The inventory: validated, frozen assets with their dependency graph. Every mutation is
 * validated completely before anything changes, so an error leaves the registry as it was.
 */
export interface AssetRegistry extends Iterable<Asset> {
  /** How many assets are registered. */
  readonly size: number;
  /**
   * Registers a new asset.
   * @returns the stored (frozen) asset, defaults applied
   * @throws WardenError `ERR_CONFIG_INVALID` listing every issue with its path (including a secret's problem or a dependency cycle); `ERR_DUPLICATE` if the id exists
   */
  add(asset: Asset): Asset;
  /**
   * Registers several assets, all or nothing (assets in the batch may depend on each other in any order).
   * @returns the stored assets, in order
   * @throws WardenError `ERR_CONFIG_INVALID` listing every issue of every asset; `ERR_DUPLICATE` naming every id that exists or repeats
   */
  addMany(assets: readonly Asset[], options?: AddManyOptions): Asset[];
  /**
   * Adds a discovered asset, or merges it into the stored one: labels and facts merge key by key,
   * other given fields replace, `lifecycle` is kept. Reports `unchanged` (and emits nothing) when the merge changes nothing.
   * @throws WardenError `ERR_CONFIG_INVALID` when the proposal or the merged asset is invalid
   */
  upsert(proposal: Asset): UpsertResult;
  /**
   * Changes an asset: a patch of top-level fields (`undefined` removes one) or a function from the
   * stored asset to the new one. Emits nothing when nothing changed.
   * @returns the stored asset after the update
   * @throws WardenError `ERR_NOT_FOUND` for an unknown id; `ERR_CONFIG_INVALID` when the result is invalid or changes the id
   */
  update(id: string, change: AssetPatch | ((asset: Asset) => Asset)): Asset;
  /**
   * Removes an asset. Children that name it keep the reference (it dangles until an asset with that id is added again).
   * @returns whether an asset was removed
   */
  remove(id: string): boolean;
  /** The stored asset, or `undefined`. */
  get(id: string): Asset | undefined;
  /** Whether an asset with this id is registered. */
  has(id: string): boolean;
  /**
   * Every asset, or those matching the selector, in registration order.
   * @throws WardenError `ERR_CONFIG_INVALID` for an invalid selector
   */
  list(selector?: Selector | CompiledSelector): Asset[];
  /**
   * The assets matching the selector, in registration order.
   * @throws WardenError `ERR_CONFIG_INVALID` for an invalid selector
   */
  select(selector: Selector | CompiledSelector): Asset[];
  /** The asset's `dependsOn` entries as declared (empty for an unknown id). */
  parents(id: string): readonly DependsOnEntry[];
  /** Every registered asset `id` depends on, directly or not, anyOf members included, nearest first. */
  ancestors(id: string): string[];
  /** The registered assets whose `dependsOn` names `id` (also when `id` is not registered). */
  children(id: string): string[];
  /** Every registered asset depending on `id`, directly or not, nearest first. */
  descendants(id: string): string[];
  /**
   * Whether every `dependsOn` entry of the asset is up (see {@link checkReachability}: an unregistered parent or an unknown state counts as up).
   */
  isReachable(id: string, isUp: IsUp): boolean;
  /** Like {@link AssetRegistry.isReachable}, also naming the entry that blocks it. */
  reachability(id: string, isUp: IsUp): Reachability;
  /** Every `dependsOn` reference to an id that is not registered. */
  danglingDependencies(): DanglingDependency[];
}
