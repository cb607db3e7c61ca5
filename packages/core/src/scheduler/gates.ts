/**
 * Something passing the concurrency gates: a run. The gates keep their bookkeeping on it.
 * `stage` counts the gates held: 0 none, 1 asset, 2 asset + plugin, 3 all (it may start).
 */
export interface GateWaiter {
  /** The asset gate to pass, if any. */
  readonly assetId: string | undefined;
  /** The plugin gate to pass. */
  readonly plugin: string;
  /** Gates held so far (0–3). */
  stage: number;
  /** Whether it sits in a gate's queue. */
  waiting: boolean;
  /**
   * Set by {@link Gates.cancel} (or by the owner, before cancelling many at once): a cancelled
   * waiter is skipped when its turn comes and never becomes ready.
   */
  cancelled: boolean;
}

/** A counting gate with a FIFO of waiters (array + head index; compacted as it drains). */
interface Gate {
  limit: number;
  active: number;
  queue: GateWaiter[];
  head: number;
}

/** Limits of {@link Gates}. */
export interface GateLimits {
  /** In flight at once, in total. */
  global: number;
  /** In flight at once per asset. */
  perAsset: number;
  /** In flight at once per plugin. */
  perPlugin: number;
}

const newGate = (limit: number): Gate => ({ limit, active: 0, queue: [], head: 0 });

/**
 * Global, per-asset and per-plugin concurrency as counters in front of one dispatcher (no queue
 * per gate on the hot path: a free slot costs two map lookups and three increments).
 *
 * A run takes its gates in a fixed order — asset, then plugin, then global — and holds each
 * while waiting for the next, like locks taken in a fixed order (so no deadlock). Each gate
 * queues its waiters first-in, first-out. A run blocked by its asset's gate holds nothing and so
 * never delays another asset's runs; a released slot goes to the oldest waiter of that gate.
 *
 * Per-asset and per-plugin gates exist only while in use, so idle assets cost no memory.
 */
export class Gates {
  private readonly global: Gate;
  private readonly assets = new Map<string, Gate>();
  private readonly plugins = new Map<string, Gate>();
  private waitingCount = 0;

  /**
   * @param limits - the three limits
   */
  constructor(private readonly limits: GateLimits) {
    this.global = newGate(limits.global);
  }

  /** Waiters queued at any gate. */
  get waiting(): number {
    return this.waitingCount;
  }

  /** Slots held at the global gate (runs that passed every gate and not yet released). */
  get active(): number {
    return this.global.active;
  }

  /**
   * Takes as many gates as are free, in order.
   *
   * @param waiter - the run
   * @returns true when every gate was taken (start it now); false when it waits, in which case
   * it comes back through `onReady` of a later {@link Gates.release}
   */
  acquire(waiter: GateWaiter): boolean {
    for (;;) {
      if (waiter.stage === 3) return true;
      const gate = this.gateFor(waiter, waiter.stage);
      if (gate === undefined) {
        waiter.stage++;
        continue;
      }
      if (gate.active < gate.limit) {
        gate.active++;
        waiter.stage++;
        continue;
      }
      gate.queue.push(waiter);
      waiter.waiting = true;
      this.waitingCount++;
      return false;
    }
  }

  /**
   * Releases every gate the waiter holds and hands each freed slot to the oldest waiter of that
   * gate. Waiters that thereby hold every gate are passed to `onReady` (after the bookkeeping is
   * done, so `onReady` may call back into the gates).
   *
   * @param waiter - a run that passed (or partly passed) the gates
   * @param onReady - starts a waiter that now holds every gate
   */
  release(waiter: GateWaiter, onReady: (ready: GateWaiter) => void): void {
    const ready: GateWaiter[] = [];
    // Global first, so the freed global slot goes to whoever has waited at it longest.
    for (let stage = waiter.stage - 1; stage >= 0; stage--) {
      const gate = this.gateFor(waiter, stage);
      if (gate === undefined) continue;
      gate.active--;
      this.handOff(gate, stage, ready);
      this.forget(waiter, stage, gate);
    }
    waiter.stage = 0;
    for (const next of ready) onReady(next);
  }

  /**
   * Withdraws a waiting run: it gives back what it holds and is skipped when its turn comes.
   *
   * @param waiter - a queued run
   * @param onReady - starts waiters that get the slots it held
   */
  cancel(waiter: GateWaiter, onReady: (ready: GateWaiter) => void): void {
    waiter.cancelled = true;
    this.unqueue(waiter);
    this.release(waiter, onReady);
  }

  /** Marks a waiter as no longer queued (it stays in the array until its turn, then is skipped). */
  private unqueue(waiter: GateWaiter): void {
    if (!waiter.waiting) return;
    waiter.waiting = false;
    this.waitingCount--;
  }

  /** Moves waiters of `gate` through it while it has room, then on through their next gates. */
  private handOff(gate: Gate, stage: number, ready: GateWaiter[]): void {
    while (gate.active < gate.limit && gate.head < gate.queue.length) {
      const next = gate.queue[gate.head] as GateWaiter;
      gate.queue[gate.head++] = undefined as unknown as GateWaiter;
      this.unqueue(next);
      if (next.cancelled) continue;
      gate.active++;
      next.stage = stage + 1;
      if (this.acquire(next)) ready.push(next);
    }
    if (gate.head === gate.queue.length) {
      gate.queue.length = 0;
      gate.head = 0;
    } else if (gate.head > 1024 && gate.head * 2 > gate.queue.length) {
      gate.queue = gate.queue.slice(gate.head);
      gate.head = 0;
    }
  }

  /** Drops an idle per-asset or per-plugin gate. */
  private forget(waiter: GateWaiter, stage: number, gate: Gate): void {
    if (gate.active !== 0 || stage === 2) return;
    while (gate.head < gate.queue.length && (gate.queue[gate.head] as GateWaiter).cancelled) gate.head++;
    if (gate.head < gate.queue.length) return;
    if (stage === 0) this.assets.delete(waiter.assetId as string);
    else this.plugins.delete(waiter.plugin);
  }

  private gateFor(waiter: GateWaiter, stage: number): Gate | undefined {
    if (stage === 2) return this.global;
    if (stage === 1) {
      let gate = this.plugins.get(waiter.plugin);
      if (gate === undefined) {
        gate = newGate(this.limits.perPlugin);
        this.plugins.set(waiter.plugin, gate);
      }
      return gate;
    }
    if (waiter.assetId === undefined) return undefined;
    let gate = this.assets.get(waiter.assetId);
    if (gate === undefined) {
      gate = newGate(this.limits.perAsset);
      this.assets.set(waiter.assetId, gate);
    }
    return gate;
  }
}
