/**
 * A counting gate with a FIFO of waiters (array + head index, compacted as it drains). Per-asset
 * and per-plugin gates are shared by the jobs of that asset or plugin and referenced from them,
 * so the hot path never looks a gate up by name.
 */
export interface Gate {
  /** Slots. */
  readonly limit: number;
  /** Slots held. */
  active: number;
  /** Waiters in arrival order (from `head`); created on first use. */
  queue: GateWaiter[] | undefined;
  /** Index of the oldest waiter in `queue`. */
  head: number;
  /** Jobs attached to the gate; it is dropped once no job refers to it and it is idle. */
  refs: number;
  /** The asset id or plugin name (its key in the registry). */
  readonly name: string;
}

/**
 * Something passing the concurrency gates: a run. The gates keep their bookkeeping on it.
 * `stage` counts the gates held: 0 none, 1 asset, 2 asset + plugin, 3 all (it may start).
 */
export interface GateWaiter {
  /** Its asset's gate, if it has an asset. */
  readonly assetGate: Gate | undefined;
  /** Its plugin's gate. */
  readonly pluginGate: Gate;
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

/** Limits of {@link Gates}. */
export interface GateLimits {
  /** In flight at once, in total. */
  global: number;
  /** In flight at once per asset. */
  perAsset: number;
  /** In flight at once per plugin. */
  perPlugin: number;
}

/** The gates a job passes, from {@link Gates.attach}. */
export interface JobGates {
  /** The asset's gate, if the job has an asset. */
  assetGate: Gate | undefined;
  /** The plugin's gate. */
  pluginGate: Gate;
}

const newGate = (limit: number, name: string): Gate => ({ limit, active: 0, queue: undefined, head: 0, refs: 0, name });

/**
 * Global, per-asset and per-plugin concurrency as counters in front of one dispatcher (no queue
 * per gate on the hot path: a free slot costs three increments).
 *
 * A run takes its gates in a fixed order — asset, then plugin, then global — and holds each
 * while waiting for the next, like locks taken in a fixed order (so no deadlock). Each gate
 * queues its waiters first-in, first-out. A run blocked by its asset's gate holds nothing and so
 * never delays another asset's runs; a released slot goes to the oldest waiter of that gate.
 *
 * Per-asset and per-plugin gates exist while a job refers to them or a run holds them.
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
    this.global = newGate(limits.global, '');
  }

  /** Waiters queued at any gate. */
  get waiting(): number {
    return this.waitingCount;
  }

  /**
   * Registers a job with its asset's and plugin's gates (creating them if needed).
   *
   * @param assetId - the job's asset, if any
   * @param plugin - the job's plugin
   * @returns the gates, to keep on the job and its runs
   */
  attach(assetId: string | undefined, plugin: string): JobGates {
    return {
      assetGate: assetId === undefined ? undefined : this.ref(this.assets, assetId, this.limits.perAsset),
      pluginGate: this.ref(this.plugins, plugin, this.limits.perPlugin),
    };
  }

  /**
   * Unregisters a removed job; its gates are dropped once nothing uses them.
   *
   * @param gates - what {@link Gates.attach} returned
   */
  detach(gates: JobGates): void {
    if (gates.assetGate !== undefined) {
      gates.assetGate.refs--;
      this.drop(this.assets, gates.assetGate);
    }
    gates.pluginGate.refs--;
    this.drop(this.plugins, gates.pluginGate);
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
      const gate = this.gateAt(waiter, waiter.stage);
      if (gate === undefined) {
        waiter.stage++;
        continue;
      }
      if (gate.active < gate.limit) {
        gate.active++;
        waiter.stage++;
        continue;
      }
      if (gate.queue === undefined) gate.queue = [];
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
    let ready: GateWaiter[] | undefined;
    // Global first, so the freed global slot goes to whoever has waited at it longest.
    for (let stage = waiter.stage - 1; stage >= 0; stage--) {
      const gate = this.gateAt(waiter, stage);
      if (gate === undefined) continue;
      gate.active--;
      if (gate.queue !== undefined) ready = this.handOff(gate, stage, ready);
      if (gate.refs === 0) this.drop(stage === 0 ? this.assets : this.plugins, gate);
    }
    waiter.stage = 0;
    if (ready !== undefined) for (const next of ready) onReady(next);
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
  private handOff(gate: Gate, stage: number, ready: GateWaiter[] | undefined): GateWaiter[] | undefined {
    const queue = gate.queue as GateWaiter[];
    while (gate.active < gate.limit && gate.head < queue.length) {
      const next = queue[gate.head] as GateWaiter;
      queue[gate.head++] = undefined as unknown as GateWaiter;
      this.unqueue(next);
      if (next.cancelled) continue;
      gate.active++;
      next.stage = stage + 1;
      if (this.acquire(next)) {
        if (ready === undefined) ready = [next];
        else ready.push(next);
      }
    }
    if (gate.head === queue.length) {
      gate.queue = undefined;
      gate.head = 0;
    } else if (gate.head > 1024 && gate.head * 2 > queue.length) {
      gate.queue = queue.slice(gate.head);
      gate.head = 0;
    }
    return ready;
  }

  private ref(registry: Map<string, Gate>, name: string, limit: number): Gate {
    let gate = registry.get(name);
    if (gate === undefined) {
      gate = newGate(limit, name);
      registry.set(name, gate);
    }
    gate.refs++;
    return gate;
  }

  /** Forgets a gate no job refers to once no run holds or awaits it. */
  private drop(registry: Map<string, Gate>, gate: Gate): void {
    if (gate.refs > 0 || gate.active > 0) return;
    const queue = gate.queue;
    if (queue !== undefined) {
      while (gate.head < queue.length && (queue[gate.head] as GateWaiter).cancelled) gate.head++;
      if (gate.head < queue.length) return;
    }
    if (registry.get(gate.name) === gate) registry.delete(gate.name);
  }

  private gateAt(waiter: GateWaiter, stage: number): Gate | undefined {
    return stage === 0 ? waiter.assetGate : stage === 1 ? waiter.pluginGate : this.global;
  }
}
