import { WardenError } from '../errors/warden-error.js';
import { isPlainObject } from './snapshot.js';
import type { Asset } from './types.js';

/**
 * A change to some of an asset's top-level fields. A field set to `undefined` is removed;
 * a field that is absent is kept. Objects (labels, facts, connection blocks) are replaced
 * whole: use the function form of `update()` to change one label.
 */
export type AssetPatch = { [K in Exclude<keyof Asset, 'id'>]?: Asset[K] | undefined } & {
  /** Must be the asset's own id if given: ids never change (remove and add instead). */
  id?: string;
};

/**
 * Applies a patch to a stored asset (shallow, top level).
 *
 * @param current - the stored asset
 * @param patch - the fields to set or (with `undefined`) remove
 * @returns the candidate asset, not yet validated
 * @throws WardenError `ERR_CONFIG_INVALID` when the patch is not an object or changes the id
 */
export function applyPatch(current: Asset, patch: unknown): Record<string, unknown> {
  if (!isPlainObject(patch))
    throw new WardenError('ERR_CONFIG_INVALID', `invalid update of asset "${current.id}": expected a patch object`);
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  return next;
}

/**
 * Merges a discovery proposal into an existing asset. A discoverer sees part of the truth, an
 * operator curates the rest, so:
 * - `labels` and `facts` merge key by key: the proposal's keys win, keys it does not mention stay;
 * - `lifecycle` is never changed (retiring an asset is a person's decision; use `update()`);
 * - any other field the proposal gives (kind, name, address, dependsOn, a connection block)
 *   replaces the stored one whole; fields it omits stay.
 *
 * @param current - the stored asset
 * @param proposal - the discovered asset
 * @returns the candidate asset, not yet validated
 */
export function mergeProposal(current: Asset, proposal: Record<string, unknown>): Record<string, unknown> {
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(proposal)) {
    if (value === undefined || key === 'lifecycle' || key === 'id') continue;
    if ((key === 'labels' || key === 'facts') && isPlainObject(value)) {
      const stored = current[key];
      next[key] = { ...(isPlainObject(stored) ? stored : {}), ...value };
    } else next[key] = value;
  }
  return next;
}
