import { isFlappingWord } from '../checks/flapping.js';
import { createCheckState } from '../checks/state-machine.js';
import type { StateSettings } from '../checks/state-settings.js';
import type { MutableCheckMachineState } from '../checks/state-types.js';
import type { CheckResult } from '../checks/types.js';
import { machineStateOf } from '../store/records.js';
import type { CheckStateRecord } from '../store/types.js';
import type { LivenessView } from './dependencies.js';
import type { NormalizedSchedule } from './schedule.js';
import type { CheckState } from './types.js';

/** What the state side needs to know about a check. */
export interface StateCheckDef {
  /** Check id. */
  readonly id: string;
  /** From `resolveStateSettings`. */
  readonly settings: StateSettings;
  /** Whether this check decides if its asset is up. */
  readonly liveness: boolean;
  /** The normal schedule of its job; undefined for checks without a job (passive). */
  readonly schedule: NormalizedSchedule | undefined;
  /** Interval while soft non-OK, when it differs from the schedule. */
  readonly retryEvery: number | undefined;
}

/** One (check, asset) in the hot cache. */
export interface PairEntry {
  readonly check: string;
  readonly asset: string;
  /** The state machine's state, updated in place. */
  readonly machine: MutableCheckMachineState;
  result: CheckResult | undefined;
  /** Failing series of the last result (metric checks). */
  series: readonly string[] | undefined;
  lastCheckAt: number | undefined;
  reachable: boolean;
  /** Whether its job runs on `retryEvery` now. */
  retrying: boolean;
  /** The results queued for it: each is applied after the one before. */
  chain: Promise<void>;
}

const pairKey = (check: string, asset: string): string => `${check}\u0000${asset}`;

/**
 * The pairs the engine tracks: checks' state settings, one {@link PairEntry} per (check, asset),
 * the liveness checks of each asset, and stored states waiting for their pair.
 */
export class PairTable {
  readonly #defs = new Map<string, StateCheckDef>();
  readonly #pairs = new Map<string, Map<string, PairEntry>>();
  /** Asset → ids of its liveness checks. */
  readonly #liveness = new Map<string, Set<string>>();
  /** Stored states loaded at start whose pair is not tracked (yet). */
  readonly #restored = new Map<string, CheckStateRecord>();

  /** Registers a check. */
  add(def: StateCheckDef): void {
    this.#defs.set(def.id, def);
    this.#pairs.set(def.id, new Map());
  }

  /** Removes a check and its pairs. @returns whether it existed */
  remove(id: string): boolean {
    const pairs = this.#pairs.get(id);
    if (!pairs) return false;
    for (const asset of [...pairs.keys()]) this.drop(id, asset);
    this.#defs.delete(id);
    this.#pairs.delete(id);
    return true;
  }

  /** Starts tracking a pair: `pending`, or its stored state when one was loaded. */
  track(check: string, asset: string): void {
    const pairs = this.#pairs.get(check);
    if (!pairs || pairs.has(asset)) return;
    const record = this.#restored.get(pairKey(check, asset));
    this.#restored.delete(pairKey(check, asset));
    pairs.set(asset, {
      check,
      asset,
      machine: record ? machineStateOf(record) : createCheckState(),
      result: record?.result,
      series: undefined,
      lastCheckAt: record?.lastCheckAt,
      reachable: true,
      retrying: false,
      chain: Promise.resolve(),
    });
    if (this.#defs.get(check)?.liveness) {
      const ids = this.#liveness.get(asset) ?? new Set();
      ids.add(check);
      this.#liveness.set(asset, ids);
    }
  }

  /** Stops tracking a pair. */
  drop(check: string, asset: string): void {
    this.#pairs.get(check)?.delete(asset);
    const ids = this.#liveness.get(asset);
    if (ids?.delete(check) && ids.size === 0) this.#liveness.delete(asset);
  }

  /** Takes back states loaded from the store; those of pairs not tracked yet wait for them. */
  restore(records: readonly CheckStateRecord[]): void {
    for (const record of records) {
      const entry = this.entry(record.check, record.asset);
      if (!entry) {
        this.#restored.set(pairKey(record.check, record.asset), record);
        continue;
      }
      Object.assign(entry.machine, machineStateOf(record));
      entry.result = record.result;
      entry.lastCheckAt = record.lastCheckAt;
    }
  }

  /** A check's definition. */
  def(check: string): StateCheckDef | undefined {
    return this.#defs.get(check);
  }

  /** A pair's entry. */
  entry(check: string, asset: string): PairEntry | undefined {
    return this.#pairs.get(check)?.get(asset);
  }

  /** The check ids. */
  checks(): IterableIterator<string> {
    return this.#pairs.keys();
  }

  /** The assets a check is tracked on. */
  assetsOf(check: string): string[] {
    return [...(this.#pairs.get(check)?.keys() ?? [])];
  }

  /** The entries of one asset (any check). */
  *entriesOf(asset: string): IterableIterator<PairEntry> {
    for (const pairs of this.#pairs.values()) {
      const entry = pairs.get(asset);
      if (entry) yield entry;
    }
  }

  /** Every entry. */
  *entries(): IterableIterator<PairEntry> {
    for (const pairs of this.#pairs.values()) yield* pairs.values();
  }

  /** The liveness checks of an asset with their current status. */
  livenessOf(asset: string): readonly LivenessView[] {
    const ids = this.#liveness.get(asset);
    if (!ids) return [];
    const out: LivenessView[] = [];
    for (const check of ids) {
      const entry = this.entry(check, asset);
      if (entry) out.push({ check, status: entry.machine.status, lastCheckAt: entry.lastCheckAt });
    }
    return out;
  }

  /** Snapshots of the pairs matching a filter. */
  states(filter: { check?: string | undefined; asset?: string | undefined }): CheckState[] {
    const out: CheckState[] = [];
    for (const [check, pairs] of this.#pairs) {
      if (filter.check !== undefined && filter.check !== check) continue;
      if (filter.asset !== undefined) {
        const entry = pairs.get(filter.asset);
        if (entry) out.push(this.snapshot(entry));
      } else for (const entry of pairs.values()) out.push(this.snapshot(entry));
    }
    return out;
  }

  /** A frozen public snapshot of an entry. */
  snapshot(entry: PairEntry): CheckState {
    const m = entry.machine;
    return Object.freeze({
      check: entry.check,
      asset: entry.asset,
      status: m.status,
      stateType: m.stateType,
      attempt: m.attempt,
      result: entry.result,
      lastCheckAt: entry.lastCheckAt,
      lastChangeAt: m.lastChangeAt,
      flapping: this.#defs.get(entry.check)?.settings.flap !== undefined && isFlappingWord(m.flapWord),
      reachable: entry.reachable,
    });
  }
}
