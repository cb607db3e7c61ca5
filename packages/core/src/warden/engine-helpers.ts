import type { Asset } from '../assets/types.js';
import { WardenError } from '../errors/warden-error.js';
import type { WardenEmitter } from '../events/emitter.js';
import type { Clock } from '../internal/clock.js';
import type { MetricStore } from '../metrics/store-types.js';
import type { PluginHost } from '../plugins/host.js';
import { invokeHook, toPluginError } from '../plugins/invoke.js';
import type { SchedulerEvent } from '../scheduler/types.js';
import type { CheckRunner } from './check-runner.js';
import { createCollectContext, createHookContext, type HookContextDeps } from './hook-context.js';

/** A collection spec after validation. */
export interface BoundCollection {
  id: string;
  collector: string;
  plugin: string;
  params: unknown;
  deltas: boolean;
  /** The interval, for cron schedules undefined (staleness then needs `staleAfter`). */
  intervalMs: number | undefined;
}

/** What {@link collectNow} needs. */
export interface CollectParts {
  host: PluginHost;
  deps: HookContextDeps;
  emitter: WardenEmitter;
  clock: Clock;
  store: MetricStore;
  checks: CheckRunner;
  getAsset(id: string): Asset | undefined;
}

/**
 * Runs one collection for one asset and stores its samples; metric checks of what it produced
 * are judged. Used by scheduled jobs and `runOnce()`.
 *
 * @param parts - the Warden's parts
 * @param bound - the collection
 * @param assetId - the asset
 * @param signal - aborted on timeout or stop
 * @returns how many samples were stored
 * @throws PluginError what the collector threw, tagged (also emitted as `collect:error`)
 */
export async function collectNow(parts: CollectParts, bound: BoundCollection, assetId: string, signal: AbortSignal): Promise<number> {
  const asset = parts.getAsset(assetId);
  if (!asset) return 0;
  const started = parts.clock.now();
  const site = { plugin: bound.plugin, hook: bound.collector, assetId, scrub: (text: string) => parts.deps.secrets.scrub(text) };
  const ctx = createCollectContext(
    createHookContext(parts.deps, { plugin: bound.plugin, hook: bound.collector, assetId, signal }),
    bound.params,
  );
  try {
    const samples = await invokeHook(site, () =>
      parts.host.resolve('collector', bound.collector, 'collect').definition.collect(asset, ctx, bound.params),
    );
    if (!Array.isArray(samples))
      throw new WardenError('ERR_PLUGIN', `${bound.collector} returned ${typeof samples} instead of an array of samples`);
    if (signal.aborted) throw signal.reason ?? new WardenError('ERR_ABORTED', `${bound.collector} on ${assetId} was aborted`);
    parts.store.ingest(assetId, samples, { source: bound.collector });
    parts.checks.collectionSucceeded(bound.collector, assetId, samples, bound.intervalMs);
    parts.emitter.emit('collect:completed', {
      collector: bound.collector,
      asset: assetId,
      samples: samples.length,
      durationMs: parts.clock.now() - started,
    });
    return samples.length;
  } catch (err) {
    const error = toPluginError(err, site);
    parts.checks.collectionFailed(bound.collector, assetId, error);
    parts.emitter.emit('collect:error', { collector: bound.collector, asset: assetId, error });
    throw error;
  }
}

/**
 * Turns a scheduler event into the matching Warden event.
 *
 * @param emitter - the Warden emitter
 * @param event - what the scheduler reported
 */
export function emitSchedulerEvent(emitter: WardenEmitter, event: SchedulerEvent): void {
  const base = { job: event.key, plugin: event.plugin, ...(event.assetId === undefined ? {} : { asset: event.assetId }) };
  switch (event.type) {
    case 'overrun':
      emitter.emit('scheduler:overrun', { ...base, message: `previous run still ${event.state}; tick skipped` });
      break;
    case 'timeout':
      emitter.emit('scheduler:timeout', { ...base, message: `run exceeded its ${event.timeoutMs} ms timeout; its signal was aborted` });
      break;
    case 'abandoned':
      emitter.emit('scheduler:abandoned', {
        ...base,
        message: `run ignored its abort signal (${event.reason}) for ${event.runningMs} ms and was abandoned`,
      });
      break;
    default:
      break;
  }
}

/**
 * Waits for `work`, but at most `ms` of real time (an unref'd timer: on a manual clock, stop
 * must not hang on work that waits for the clock).
 *
 * @param work - what to wait for
 * @param ms - the bound
 * @returns whether the work finished in time
 */
export async function within(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Drops `undefined` fields (for options with exact optional properties).
 *
 * @param value - an object
 * @returns a copy without undefined fields
 */
export function definedOnly<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
