import { compileSelector } from '../assets/selector.js';
import type { Asset } from '../assets/types.js';
import type { CheckResult } from '../checks/types.js';
import { type Clock, systemClock } from '../internal/clock.js';
import { childLogger, type Logger } from '../internal/logger.js';
import { createMaintenanceCalendar } from '../maintenance/calendar.js';
import type { MaintenanceCalendar } from '../maintenance/types.js';
import type { CollectContext, HookContext } from '../plugins/types.js';
import { createRedactor } from '../secrets/redactor.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { StateStore } from '../store/types.js';
import { createPluginServices } from '../warden/plugin-services.js';
import { createCaptureLogger } from './capture-logger.js';

/** Options of {@link createTestHookContext}. */
export interface TestHookContextOptions {
  /** The plugin whose hook runs (namespaces its store and maintenance windows). @defaultValue `'test'` */
  plugin?: string;
  /** The run's signal. @defaultValue a signal that never aborts */
  signal?: AbortSignal;
  /** The logger. @defaultValue a capture logger */
  logger?: Logger;
  /** The clock (a manual clock makes maintenance and time deterministic). @defaultValue the system clock */
  clock?: Clock;
  /** The inventory `ctx.assets` answers from (taken as given, not validated). @defaultValue none */
  assets?: readonly Asset[];
  /** The store behind `ctx.store`. @defaultValue a fresh in-memory store */
  store?: StateStore;
  /** A collector's params (`ctx.params`). */
  params?: unknown;
}

/** One `ctx.emit()` a {@link TestHookContext} recorded. */
export interface EmittedEvent {
  /** The event name. */
  event: string;
  /** Its payload. */
  payload: unknown;
}

/** One `ctx.submit()` a {@link TestHookContext} recorded. */
export interface SubmittedResult {
  /** The passive check. */
  check: string;
  /** The asset id. */
  asset: string;
  /** The result. */
  result: CheckResult;
}

/** A hook context for unit tests, with what the hook did recorded. */
export interface TestHookContext extends CollectContext {
  /** Every `ctx.emit(event, payload)`, in order. */
  readonly emitted: EmittedEvent[];
  /** Every `ctx.submit(check, asset, result)`, in order. */
  readonly submitted: SubmittedResult[];
  /** The calendar behind `ctx.maintenance`: add windows to it to put assets in maintenance. */
  readonly calendar: MaintenanceCalendar;
}

/**
 * A real hook context outside a Warden, for testing a plugin's collectors, probes, actions and
 * start hooks directly: secrets reveal and scrub as in a Warden, `ctx.assets` answers from the
 * given assets, `ctx.maintenance` from a real calendar, `ctx.store` from an in-memory store;
 * emitted events and submitted results are recorded rather than delivered.
 *
 * @param options - the plugin, signal, clock, assets and store
 * @returns the context and what it recorded
 * @example
 * ```ts
 * const ctx = createTestHookContext({ plugin: 'acme', assets: [pdu] });
 * const result = await probe.run(pdu, { outlet: 3 }, ctx);
 * expect(ctx.emitted).toEqual([]);
 * ```
 */
export function createTestHookContext(options: TestHookContextOptions = {}): TestHookContext {
  const plugin = options.plugin ?? 'test';
  const clock = options.clock ?? systemClock;
  const assets = [...(options.assets ?? [])].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const store = options.store ?? createMemoryStore({ clock });
  const calendar = createMaintenanceCalendar({ clock, listAssets: () => assets });
  const emitted: TestHookContext['emitted'] = [];
  const submitted: TestHookContext['submitted'] = [];
  const services = createPluginServices({
    assets: () => ({
      get: (id) => assets.find((asset) => asset.id === id),
      list: (selector) => (selector === undefined ? [...assets] : assets.filter(compileSelector(selector).matches)),
    }),
    calendar: () => calendar,
    store: () => store,
    submit: async (check, asset, result) => void submitted.push({ check, asset, result }),
  })(plugin);
  const context: HookContext = {
    signal: options.signal ?? new AbortController().signal,
    logger: childLogger(options.logger ?? createCaptureLogger(), { plugin }),
    clock,
    secrets: createRedactor(),
    emit: (event, payload) => void emitted.push({ event, payload }),
    ...services,
  };
  return { ...context, params: options.params, emitted, submitted, calendar };
}
