import { createScheduler } from '../../src/scheduler/scheduler.js';
import type { Job, Scheduler, SchedulerEvent, SchedulerOptions } from '../../src/scheduler/types.js';
import { createManualClock, type ManualClock } from '../../src/testing/manual-clock.js';

/** A promise with its resolve/reject exposed. */
export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A scheduler on a manual clock that records its events. */
export interface Harness {
  clock: ManualClock;
  scheduler: Scheduler;
  events: SchedulerEvent[];
  ofType<T extends SchedulerEvent['type']>(type: T): Extract<SchedulerEvent, { type: T }>[];
}

export function harness(options: Partial<SchedulerOptions> = {}, start = 0): Harness {
  const clock = createManualClock(start);
  const events: SchedulerEvent[] = [];
  const scheduler = createScheduler({ clock, onEvent: (event) => events.push(event), ...options });
  return {
    clock,
    scheduler,
    events,
    ofType: <T extends SchedulerEvent['type']>(type: T) => events.filter((e): e is Extract<SchedulerEvent, { type: T }> => e.type === type),
  };
}

/** A job with defaults filled in. */
export function job(key: string, overrides: Partial<Job> = {}): Job {
  return { key, plugin: 'test', schedule: { every: 1000 }, run: () => undefined, ...overrides };
}

/** Tracks how many bodies run at once, overall and by a grouping key. */
export class ConcurrencyProbe {
  current = 0;
  max = 0;
  private readonly byGroup = new Map<string, number>();
  readonly maxByGroup = new Map<string, number>();
  readonly pending: Deferred[] = [];

  /** A body that counts itself in, waits to be released, and counts itself out. */
  body(group: string): Job['run'] {
    return async () => {
      this.current++;
      this.max = Math.max(this.max, this.current);
      const n = (this.byGroup.get(group) ?? 0) + 1;
      this.byGroup.set(group, n);
      this.maxByGroup.set(group, Math.max(this.maxByGroup.get(group) ?? 0, n));
      const gate = deferred();
      this.pending.push(gate);
      await gate.promise;
      this.current--;
      this.byGroup.set(group, (this.byGroup.get(group) ?? 1) - 1);
    };
  }

  /** Releases every body waiting now. */
  releaseAll(): void {
    for (const gate of this.pending.splice(0)) gate.resolve();
  }
}
