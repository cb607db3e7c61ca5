import type { AssetRegistry } from '../assets/registry-types.js';
import { compileSelector } from '../assets/selector.js';
import { parseConfig } from '../errors/config-error.js';
import { WardenError } from '../errors/warden-error.js';
import type { PluginHost } from '../plugins/host.js';
import type { Scheduler } from '../scheduler/types.js';
import type { CheckRunner } from './check-runner.js';
import type { BoundCollection } from './engine-helpers.js';
import type { JobTable } from './job-table.js';
import { DEFAULT_TIMEOUT_MS, type NormalizedSchedule, normalizeSchedule } from './schedule.js';
import { type CheckSpec, type CollectSpec, checkSpecSchema, collectSpecSchema } from './specs.js';

/** The Warden's parts that registering a spec touches. */
export interface RegistrationParts {
  host: PluginHost;
  scheduler: Scheduler;
  jobs: JobTable;
  collections: Map<string, BoundCollection>;
  checks: CheckRunner;
  assets: AssetRegistry;
  /** Runs one collection (the job's work). */
  collect(bound: BoundCollection, assetId: string, signal: AbortSignal): Promise<number>;
}

/** A registered spec: its id and how to take it back. */
export interface Registered {
  id: string;
  remove(): void;
}

/**
 * Validates a collection spec and binds its jobs to the matching assets (live).
 *
 * @param parts - the Warden's parts
 * @param rawSpec - the spec as given
 * @returns the id and a remover
 * @throws WardenError `ERR_CONFIG_INVALID` for an invalid spec, unknown collector or params; `ERR_DUPLICATE` for a taken id
 */
export function registerCollection(parts: RegistrationParts, rawSpec: CollectSpec): Registered {
  const spec = parseConfig(collectSpecSchema, rawSpec, 'collect spec', []);
  const id = spec.id ?? spec.collector;
  const where = `collect spec "${id}"`;
  const prefix = `collect:${id}`;
  if (parts.jobs.has(prefix))
    throw new WardenError('ERR_DUPLICATE', `${where}: a collection with id "${id}" exists; give this one another \`id\``);
  const entry = parts.host.resolve('collector', spec.collector, where);
  const params = entry.definition.params
    ? parseConfig(entry.definition.params, spec.params ?? {}, `${where} params`, ['params'])
    : spec.params;
  const selector = compileSelector(rawSpec.assets, { where: `${where}.assets` });
  const schedule = normalizeSchedule(spec);
  const timeoutMs = timeoutOf(spec.timeout, schedule);
  const bound: BoundCollection = {
    id,
    collector: entry.name,
    plugin: entry.plugin,
    params,
    deltas: entry.definition.deltas === true,
    intervalMs: 'every' in schedule ? schedule.every : undefined,
  };
  validateJob(parts.scheduler, prefix, schedule, timeoutMs, entry.plugin, where);
  parts.collections.set(id, bound);
  parts.jobs.bind(
    {
      prefix,
      selector,
      attach: (asset, key) =>
        parts.scheduler.add({
          key,
          schedule,
          timeoutMs,
          plugin: entry.plugin,
          assetId: asset.id,
          ...(spec.immediate ? { immediate: true } : {}),
          run: (signal) => parts.collect(bound, asset.id, signal),
        }),
      detach: (key) => void parts.scheduler.remove(key),
    },
    parts.assets,
  );
  return {
    id,
    remove: () => {
      parts.jobs.unbind(prefix);
      parts.collections.delete(id);
    },
  };
}

/**
 * Validates a check spec and binds it to the matching assets (live): a job per asset, except for
 * passive checks, whose results are submitted and guarded by a freshness timer.
 *
 * @param parts - the Warden's parts
 * @param rawSpec - the spec as given
 * @returns the id and a remover (which resolves the check's incidents)
 * @throws WardenError `ERR_CONFIG_INVALID` for an invalid spec, form, params, thresholds or state settings; `ERR_DUPLICATE` for a taken id
 */
export function registerCheck(parts: RegistrationParts, rawSpec: CheckSpec): Registered {
  const given = (rawSpec as { id?: unknown } | undefined)?.id;
  const spec = parseConfig(checkSpecSchema, rawSpec, `check spec${typeof given === 'string' ? ` "${given}"` : ''}`);
  const where = `check "${spec.id}"`;
  const prefix = `check:${spec.id}`;
  if (parts.jobs.has(prefix))
    throw new WardenError('ERR_DUPLICATE', `${where} exists already; check ids are unique (remove the old one first)`);
  const schedule = spec.passive ? undefined : normalizeSchedule(spec);
  const bound = parts.checks.prepare(spec, schedule, where);
  const selector = compileSelector(rawSpec.assets, { where: `${where}.assets` });
  const timeoutMs = timeoutOf(spec.timeout, schedule);
  if (schedule) validateJob(parts.scheduler, prefix, schedule, timeoutMs, bound.plugin, where);
  parts.checks.add(bound);
  parts.jobs.bind(
    {
      prefix,
      selector,
      attach: (asset, key) => {
        parts.checks.track(bound.id, asset.id);
        if (!schedule) return;
        parts.scheduler.add({
          key,
          schedule,
          timeoutMs,
          plugin: bound.plugin,
          assetId: asset.id,
          ...(spec.immediate ? { immediate: true } : {}),
          run: (signal) => parts.checks.run(bound.id, asset.id, signal),
        });
      },
      detach: (key) => {
        if (schedule) parts.scheduler.remove(key);
        parts.checks.untrack(bound.id, key.slice(prefix.length + 1));
      },
    },
    parts.assets,
  );
  return {
    id: spec.id,
    remove: () => {
      parts.checks.remove(spec.id); // first, so incidents resolve as "check removed"
      parts.jobs.unbind(prefix);
    },
  };
}

function timeoutOf(timeout: number | undefined, schedule: NormalizedSchedule | undefined): number {
  return timeout ?? (schedule !== undefined && 'every' in schedule ? Math.min(DEFAULT_TIMEOUT_MS, schedule.every) : DEFAULT_TIMEOUT_MS);
}

/** Validates a schedule through the scheduler (croner parses cron and time zones) with a probe job removed at once. */
function validateJob(
  scheduler: Scheduler,
  prefix: string,
  schedule: NormalizedSchedule,
  timeoutMs: number,
  plugin: string,
  where: string,
): void {
  const probeKey = `${prefix}:__validate__`;
  try {
    scheduler.add({ key: probeKey, schedule, timeoutMs, plugin, run: () => undefined });
  } catch (err) {
    if (err instanceof WardenError && err.code === 'ERR_CONFIG_INVALID')
      throw new WardenError('ERR_CONFIG_INVALID', `${where}: ${err.message}`, { cause: err });
    throw err;
  } finally {
    scheduler.remove(probeKey);
  }
}
