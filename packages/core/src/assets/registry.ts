import { type ConfigIssue, configError, formatPath } from '../errors/config-error.js';
import { WardenError } from '../errors/warden-error.js';
import { DependencyIndex, dependencyIds } from './graph.js';
import { type AssetPatch, applyPatch, mergeProposal } from './merge.js';
import { checkReachability } from './reachability.js';
import type {
  AddManyOptions,
  AssetChange,
  AssetRegistry,
  AssetRegistryOptions,
  DanglingDependency,
  UpsertResult,
} from './registry-types.js';
import { validateAsset } from './schema.js';
import { compileSelector } from './selector.js';
import { frozenCopy, isPlainObject, sameData } from './snapshot.js';
import type { Asset } from './types.js';

/** A validated asset waiting to be committed, with where it came from for error paths. */
interface Candidate {
  asset: Asset;
  /** Path segments of the input (`[2]` in a batch), for issues. */
  at: PropertyKey[];
}

const idOf = (input: unknown): string | undefined => (isPlainObject(input) && typeof input.id === 'string' ? input.id : undefined);
const describe = (input: unknown): string => {
  const id = idOf(input);
  return id === undefined ? 'asset' : `asset ${JSON.stringify(id)}`;
};

/** Puts an asset-relative path (`snmp.version`, `(root)`) under the input's position (`assets[2]`). */
function joinPath(at: readonly PropertyKey[], path: string): string {
  if (at.length === 0) return path;
  if (path === '(root)') return formatPath(at);
  return `${formatPath(at)}${path.startsWith('[') ? '' : '.'}${path}`;
}

/**
 * Creates an asset registry: the inventory Warden schedules jobs against.
 *
 * Assets are validated completely before anything changes (base fields, each plugin's
 * connection block, secrets' `problem()`, dependency cycles), then stored as deeply frozen
 * copies. `onChange` hears about each change after it happened.
 *
 * @param options - connection block schemas by plugin, and the change listener
 * @returns an empty registry
 * @example
 * ```ts
 * const assets = createAssetRegistry({ connectionSchemas: new Map([['snmp', snmpBlockSchema]]) });
 * assets.add({ id: 'sw-1', kind: 'network-device', address: '10.0.0.2', snmp: { version: '2c', community: secret.env('SNMP_COMMUNITY') } });
 * assets.add({ id: 'web-1', kind: 'host', dependsOn: ['sw-1'] });
 * assets.select('kind=host'); // [web-1]
 * ```
 */
export function createAssetRegistry(options: AssetRegistryOptions = {}): AssetRegistry {
  const schemas = options.connectionSchemas ?? new Map();
  const assets = new Map<string, Asset>();
  const graph = new DependencyIndex();

  const validate = (input: unknown, at: PropertyKey[], issues: ConfigIssue[], batch: boolean): Asset | undefined => {
    const result = validateAsset(input, schemas);
    if (result.ok) return frozenCopy(result.asset);
    const id = idOf(input);
    const suffix = batch && id !== undefined ? ` (asset ${JSON.stringify(id)})` : '';
    for (const issue of result.issues) issues.push({ path: joinPath(at, issue.path), message: `${issue.message}${suffix}` });
    return undefined;
  };

  const cycleIssue = (candidates: readonly Candidate[]): ConfigIssue | undefined => {
    const proposed = new Map(candidates.map((c) => [c.asset.id, dependencyIds(c.asset.dependsOn)] as const));
    const cycle = graph.findCycle(proposed);
    if (cycle === undefined) return undefined;
    const culprit = candidates.find((c) => cycle.includes(c.asset.id)) ?? candidates[0];
    const path = formatPath([...(culprit?.at ?? []), 'dependsOn']);
    return { path, message: `dependency cycle: ${cycle.join(' → ')}; an asset cannot depend on itself, directly or through others` };
  };

  const emit = (changes: readonly AssetChange[]): void => {
    const listener = options.onChange;
    if (listener === undefined) return;
    let failure: { error: unknown } | undefined;
    for (const change of changes) {
      try {
        listener(change);
      } catch (error) {
        if (options.onListenerError === undefined) failure ??= { error };
        else options.onListenerError(error, change);
      }
    }
    if (failure !== undefined) throw failure.error;
  };

  /** Stores validated, cycle-free candidates (nothing here can fail), then reports them. */
  const commit = (candidates: readonly Candidate[]): Asset[] => {
    const changes: AssetChange[] = [];
    const stored: Asset[] = [];
    for (const { asset } of candidates) {
      const previous = assets.get(asset.id);
      if (previous !== undefined && sameData(previous, asset)) {
        stored.push(previous);
        continue;
      }
      assets.set(asset.id, asset);
      graph.set(asset.id, asset.dependsOn);
      stored.push(asset);
      changes.push(previous === undefined ? { type: 'added', asset } : { type: 'updated', asset, previous });
    }
    emit(changes);
    return stored;
  };

  /** Validates one asset (and the cycles it would close) and commits it. */
  const put = (input: unknown, what: string): Asset => {
    const issues: ConfigIssue[] = [];
    const asset = validate(input, [], issues, false);
    if (asset === undefined) throw configError(what, issues);
    const cycle = cycleIssue([{ asset, at: [] }]);
    if (cycle !== undefined) throw configError(what, [cycle], 'remove one of these dependencies');
    return commit([{ asset, at: [] }])[0] as Asset;
  };

  const add = (input: Asset): Asset => {
    const id = idOf(input);
    if (id !== undefined && assets.has(id)) {
      throw new WardenError('ERR_DUPLICATE', `asset ${JSON.stringify(id)} already exists; use update() or upsert() to change it`);
    }
    return put(input, describe(input));
  };

  const addMany = (inputs: readonly Asset[], manyOptions: AddManyOptions = {}): Asset[] => {
    const prefix: PropertyKey[] = manyOptions.path === undefined ? [] : [manyOptions.path];
    const what = manyOptions.path ?? 'assets';
    if (!Array.isArray(inputs)) throw configError(what, [{ path: formatPath(prefix), message: 'expected a list of assets' }]);
    const issues: ConfigIssue[] = [];
    const candidates: Candidate[] = [];
    inputs.forEach((input, index) => {
      const at = [...prefix, index];
      const asset = validate(input, at, issues, true);
      if (asset !== undefined) candidates.push({ asset, at });
    });
    if (issues.length > 0) throw configError(what, issues, 'nothing was added');
    const duplicates: string[] = [];
    const seen = new Map<string, number>();
    candidates.forEach(({ asset, at }) => {
      const first = seen.get(asset.id);
      if (first !== undefined) duplicates.push(`${formatPath(at)}: ${JSON.stringify(asset.id)} repeats ${formatPath([...prefix, first])}`);
      else if (assets.has(asset.id) && manyOptions.replaceExisting !== true)
        duplicates.push(`${formatPath(at)}: ${JSON.stringify(asset.id)} already exists`);
      seen.set(asset.id, first ?? (at[at.length - 1] as number));
    });
    if (duplicates.length > 0) {
      const hint = manyOptions.replaceExisting === true ? '' : '\npass { replaceExisting: true } to replace assets that exist';
      throw new WardenError('ERR_DUPLICATE', `duplicate asset ids in ${what}, nothing was added:\n  - ${duplicates.join('\n  - ')}${hint}`);
    }
    const cycle = cycleIssue(candidates);
    if (cycle !== undefined) throw configError(what, [cycle], 'nothing was added; remove one of these dependencies');
    return commit(candidates);
  };

  const upsert = (proposal: Asset): UpsertResult => {
    const id = idOf(proposal);
    const current = id === undefined ? undefined : assets.get(id);
    if (current === undefined) return { action: 'added', asset: put(proposal, describe(proposal)) };
    if (!isPlainObject(proposal)) throw configError(describe(proposal), [{ path: '(root)', message: 'expected an asset object' }]);
    const asset = put(mergeProposal(current, proposal), describe(proposal));
    return { action: asset === current ? 'unchanged' : 'updated', asset };
  };

  const update = (id: string, change: AssetPatch | ((asset: Asset) => Asset)): Asset => {
    const current = assets.get(id);
    if (current === undefined)
      throw new WardenError('ERR_NOT_FOUND', `no asset ${JSON.stringify(id)} to update; add it first, or use upsert()`);
    const next: unknown = typeof change === 'function' ? change(current) : applyPatch(current, change);
    const nextId = idOf(next);
    if (nextId !== undefined && nextId !== id) {
      throw configError(`update of asset ${JSON.stringify(id)}`, [
        { path: 'id', message: `an asset's id cannot change (got ${JSON.stringify(nextId)}); remove it and add it under the new id` },
      ]);
    }
    const candidate = isPlainObject(next) && nextId === undefined ? { ...next, id } : next;
    return put(candidate, `update of asset ${JSON.stringify(id)}`);
  };

  const remove = (id: string): boolean => {
    const asset = assets.get(id);
    if (asset === undefined) return false;
    assets.delete(id);
    graph.delete(id);
    emit([{ type: 'removed', asset }]);
    return true;
  };

  const select = (selector: Parameters<AssetRegistry['select']>[0]): Asset[] => {
    const compiled = compileSelector(selector);
    const out: Asset[] = [];
    for (const asset of assets.values()) if (compiled.matches(asset)) out.push(asset);
    return out;
  };

  const dependsOnOf = (id: string) => {
    const asset = assets.get(id);
    return asset === undefined ? undefined : (asset.dependsOn ?? []);
  };

  const danglingDependencies = (): DanglingDependency[] => {
    const out: DanglingDependency[] = [];
    for (const [missing, children] of graph.referenced()) {
      if (!assets.has(missing)) for (const assetId of children) out.push({ assetId, missing });
    }
    return out;
  };

  return {
    get size() {
      return assets.size;
    },
    [Symbol.iterator]: () => assets.values(),
    add,
    addMany,
    upsert,
    update,
    remove,
    get: (id) => assets.get(id),
    has: (id) => assets.has(id),
    list: (selector) => (selector === undefined ? [...assets.values()] : select(selector)),
    select,
    parents: (id) => assets.get(id)?.dependsOn ?? [],
    ancestors: (id) => graph.walk(id, 'up').filter((other) => assets.has(other)),
    children: (id) => [...graph.childrenOf(id)],
    descendants: (id) => graph.walk(id, 'down'),
    isReachable: (id, isUp) => checkReachability(id, dependsOnOf, isUp).reachable,
    reachability: (id, isUp) => checkReachability(id, dependsOnOf, isUp),
    danglingDependencies,
  };
}
