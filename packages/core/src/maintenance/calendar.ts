import { WardenError } from '../errors/warden-error.js';
import type { TimerHandle } from '../internal/clock.js';
import { nextEdge, type Span, spanAt, spansBetween } from './occurrences.js';
import type {
  MaintenanceCalendar,
  MaintenanceCalendarOptions,
  MaintenanceHandle,
  MaintenanceInterval,
  MaintenanceQuery,
  MaintenanceSpec,
  MaintenanceTransition,
  MaintenanceWindow,
} from './types.js';
import { type NormalizedWindow, normalizeMaintenanceSpec } from './validate.js';

/** Longest single timer: `setTimeout` overflows past 2^31−1 ms, so far edges are reached in hops. */
const MAX_TIMER_MS = 86_400_000;

interface Entry {
  window: NormalizedWindow;
  checks: ReadonlySet<string> | undefined;
  /** Span at the last refresh, if open then. */
  span: Span | undefined;
  /** Span reported as started and not yet ended. */
  announced: Span | undefined;
  /** Covered asset ids, computed lazily from the inventory. */
  assets: Set<string> | undefined;
}

const toMs = (value: number | Date): number => (value instanceof Date ? value.getTime() : value);

/**
 * Creates the maintenance calendar: every window, the set open now (precomputed, refreshed at
 * window edges), and one clock timer for the next edge, which reports `started`/`ended`.
 *
 * `isActive()` is meant for the hot path (every check result): with no window open it is one
 * comparison and an empty loop; otherwise a set lookup per open window.
 *
 * @param options - clock, inventory access and the transition callback
 * @returns the calendar (not reporting transitions until {@link MaintenanceCalendar.start})
 * @example
 * ```ts
 * const calendar = createMaintenanceCalendar({
 *   clock, listAssets: () => registry.list(), descendants: (id) => registry.descendants(id),
 *   onTransition: (t) => emit(`maintenance:${t.type}`, { id: t.window.id, assets: t.assets }),
 * });
 * calendar.add({ assets: 'site=ams1', cron: '0 2 * * 0', duration: '2h', timezone: 'Europe/Amsterdam' });
 * calendar.start();
 * calendar.isActive({ asset: 'web-1', check: 'disk' });
 * ```
 */
export function createMaintenanceCalendar(options: MaintenanceCalendarOptions): MaintenanceCalendar {
  const { clock } = options;
  const entries = new Map<string, Entry>();
  let active: Entry[] = [];
  let validFrom = Number.NaN;
  let validUntil = Number.NEGATIVE_INFINITY;
  let running = false;
  let timer: TimerHandle | undefined;
  let generated = 0;

  function refresh(t: number): void {
    const open: Entry[] = [];
    let until = Number.POSITIVE_INFINITY;
    for (const entry of entries.values()) {
      entry.span = spanAt(entry.window.schedule, t);
      if (entry.span !== undefined) open.push(entry);
      const edge = entry.span !== undefined ? entry.span.to : nextEdge(entry.window.schedule, t);
      if (edge !== undefined && edge < until) until = edge;
    }
    active = open;
    validFrom = t;
    validUntil = until;
  }

  function ensureFresh(now: number): void {
    if (!(now >= validFrom && now < validUntil)) refresh(now);
  }

  function invalidate(): void {
    validUntil = Number.NEGATIVE_INFINITY;
  }

  function assetsOf(entry: Entry): Set<string> {
    if (entry.assets !== undefined) return entry.assets;
    const ids = new Set<string>();
    const matched: string[] = [];
    for (const asset of options.listAssets())
      if (entry.window.selector.matches(asset)) {
        ids.add(asset.id);
        matched.push(asset.id);
      }
    if (entry.window.includeChildren && options.descendants !== undefined)
      for (const id of matched) for (const child of options.descendants(id)) ids.add(child);
    entry.assets = ids;
    return ids;
  }

  function covers(entry: Entry, asset: string, check: string | undefined): boolean {
    if (entry.checks !== undefined && (check === undefined || !entry.checks.has(check))) return false;
    return assetsOf(entry).has(asset);
  }

  function describe(entry: Entry, span: Span): MaintenanceWindow {
    const { window } = entry;
    const { schedule } = window;
    return {
      id: window.id,
      reason: window.reason,
      selector: window.selector.toString(),
      checks: window.checks,
      includeChildren: window.includeChildren,
      recurring:
        schedule.kind === 'recurring'
          ? { cron: schedule.pattern, durationMs: schedule.durationMs, timezone: schedule.timezone }
          : undefined,
      from: span.from,
      to: span.to,
    };
  }

  function deliver(transitions: readonly MaintenanceTransition[]): void {
    let failure: { error: unknown } | undefined;
    for (const transition of transitions) {
      try {
        options.onTransition?.(transition);
      } catch (error) {
        if (options.onError !== undefined) options.onError(error, transition);
        else failure ??= { error };
      }
    }
    if (failure !== undefined) throw failure.error;
  }

  /** Compares what is open with what was reported, and reports the difference (ended first). */
  function announce(): void {
    const now = clock.now();
    ensureFresh(now);
    const ended: MaintenanceTransition[] = [];
    const started: MaintenanceTransition[] = [];
    for (const entry of entries.values()) {
      const { span, announced } = entry;
      // A span that starts no later than the reported one ends is the same run, extended.
      if (announced !== undefined && (span === undefined || span.from > announced.to)) {
        ended.push({ type: 'ended', at: now, window: describe(entry, announced), assets: [...assetsOf(entry)] });
        entry.announced = undefined;
      }
      if (span === undefined) continue;
      if (entry.announced === undefined) {
        entry.announced = { ...span };
        started.push({ type: 'started', at: now, window: describe(entry, span), assets: [...assetsOf(entry)] });
      } else entry.announced.to = Math.max(entry.announced.to, span.to);
    }
    deliver([...ended, ...started]);
  }

  function arm(): void {
    timer?.cancel();
    timer = undefined;
    if (!running) return;
    const now = clock.now();
    ensureFresh(now);
    if (validUntil === Number.POSITIVE_INFINITY) return;
    timer = clock.setTimer(onTimer, Math.min(Math.max(0, validUntil - now), MAX_TIMER_MS));
  }

  function onTimer(): void {
    timer = undefined;
    try {
      announce();
    } finally {
      arm();
    }
  }

  function remove(entry: Entry): void {
    if (entries.get(entry.window.id) !== entry) return;
    entries.delete(entry.window.id);
    invalidate();
    const announced = entry.announced;
    entry.announced = undefined;
    try {
      if (running && announced !== undefined)
        deliver([{ type: 'ended', at: clock.now(), window: describe(entry, announced), assets: [...assetsOf(entry)] }]);
    } finally {
      arm();
    }
  }

  return {
    add(spec: MaintenanceSpec): MaintenanceHandle {
      let fallback: string;
      do fallback = `maintenance-${++generated}`;
      while (entries.has(fallback));
      const window = normalizeMaintenanceSpec(spec, fallback);
      if (entries.has(window.id))
        throw new WardenError(
          'ERR_DUPLICATE',
          `maintenance window ${JSON.stringify(window.id)} already exists; remove it first or pick another id`,
        );
      const entry: Entry = {
        window,
        checks: window.checks === undefined ? undefined : new Set(window.checks),
        span: undefined,
        announced: undefined,
        assets: undefined,
      };
      entries.set(window.id, entry);
      invalidate();
      try {
        if (running) announce();
      } finally {
        arm();
      }
      return { id: window.id, remove: () => remove(entry) };
    },

    isActive({ asset, check, at }: MaintenanceQuery): boolean {
      const now = clock.now();
      const time = at === undefined ? now : toMs(at);
      if (time === now) {
        ensureFresh(now);
        for (const entry of active) if (covers(entry, asset, check)) return true;
        return false;
      }
      for (const entry of entries.values())
        if (spanAt(entry.window.schedule, time) !== undefined && covers(entry, asset, check)) return true;
      return false;
    },

    activeWindows(at?: number | Date) {
      const time = at === undefined ? clock.now() : toMs(at);
      const out: Array<MaintenanceWindow & { assets: string[] }> = [];
      for (const entry of entries.values()) {
        const span = spanAt(entry.window.schedule, time);
        if (span !== undefined) out.push({ ...describe(entry, span), assets: [...assetsOf(entry)] });
      }
      return out;
    },

    windowsBetween(from: number | Date, to: number | Date): MaintenanceInterval[] {
      const out: MaintenanceInterval[] = [];
      for (const entry of entries.values()) {
        const spans = spansBetween(entry.window.schedule, toMs(from), toMs(to));
        if (spans.length === 0) continue;
        for (const asset of assetsOf(entry))
          for (const span of spans) out.push({ window: entry.window.id, asset, checks: entry.window.checks, from: span.from, to: span.to });
      }
      return out;
    },

    nextChange(): number | undefined {
      ensureFresh(clock.now());
      return validUntil === Number.POSITIVE_INFINITY ? undefined : validUntil;
    },

    assetsChanged(): void {
      for (const entry of entries.values()) entry.assets = undefined;
    },

    start(): void {
      if (running) return;
      running = true;
      try {
        announce();
      } finally {
        arm();
      }
    },

    stop(): void {
      running = false;
      arm();
    },
  };
}
