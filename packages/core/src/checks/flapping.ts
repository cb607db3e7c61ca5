import { WardenError } from '../errors/warden-error.js';
import type { CheckStatus } from './types.js';

/**
 * Flap detection with the Nagios algorithm.
 *
 * Nagios keeps the last 21 results of a check (so at most 20 state transitions), weights each
 * transition linearly from 0.75 (oldest) to 1.25 (newest), and reports
 * `percent = Σ weights of the transitions / 20 × 100`. Transition `x` (1 = oldest … 20 = newest)
 * weighs `0.75 + (x − 1) × 0.5 / 19`. Before 21 results have been recorded the missing history
 * counts as OK, as Nagios pre-fills it. A check starts flapping when the percentage reaches the
 * high threshold (`≥ high`) and stops when it falls to the low threshold or below (`≤ low`,
 * the comparison Nagios Core makes); in between, the flapping state is kept.
 *
 * Memory: the 21 results are not stored. What the percentage needs is which of the last 20
 * steps changed state plus the latest state, so one detector is a single 32-bit word:
 * bits 0–19 are the transitions (bit 0 = newest), bits 20–21 the last status, bit 22 the
 * flapping flag. `FlapTable` keeps 100,000 detectors in a 400 KB `Uint32Array`, and the
 * percentage is two table look-ups, not a loop.
 */

/** Where a check stops and starts flapping, in percent state change. */
export interface FlapThresholds {
  /** Stop flapping at or below this percentage. @defaultValue 20 */
  low?: number;
  /** Start flapping at or above this percentage. @defaultValue 30 */
  high?: number;
}

/** What a new result did to the flap state. */
export type FlapChange = 'started' | 'stopped' | undefined;

/** The flap state after one recorded result. */
export interface FlapUpdate {
  /** Weighted percent state change over the last 21 results (0–100). */
  percent: number;
  /** Whether the check is flapping now. */
  flapping: boolean;
  /** `'started'` or `'stopped'` when this result changed the flapping state. */
  changed: FlapChange;
}

/** The default thresholds of Nagios Core for services: low 20 %, high 30 %. */
export const DEFAULT_FLAP_THRESHOLDS: Readonly<Required<FlapThresholds>> = Object.freeze({ low: 20, high: 30 });

/** How many results the percentage looks at (Nagios' `MAX_STATE_HISTORY_ENTRIES`). */
export const FLAP_HISTORY = 21;

const TRANSITIONS = FLAP_HISTORY - 1;
const TRANSITION_MASK = (1 << TRANSITIONS) - 1;
const STATUS_SHIFT = TRANSITIONS;
const FLAPPING_BIT = 1 << 22;
const STATUS_CODE: Readonly<Record<CheckStatus, number>> = { ok: 0, warning: 1, critical: 2, unknown: 3 };

// Weighted sum of every 10-bit half of the transition bits, precomputed. Bit i (0 = newest) is
// Nagios transition x = 20 − i, weighing 0.75 + (x − 1) × 0.5 / 19.
function weightOfBit(bit: number): number {
  const x = TRANSITIONS - bit;
  return 0.75 + ((x - 1) * 0.5) / (TRANSITIONS - 1);
}
function halfTable(offset: number): Float64Array {
  const table = new Float64Array(1024);
  for (let bits = 1; bits < 1024; bits++) {
    let sum = 0;
    for (let i = 0; i < 10; i++) if (bits & (1 << i)) sum += weightOfBit(offset + i);
    table[bits] = sum;
  }
  return table;
}
const NEWER_HALF = halfTable(0);
const OLDER_HALF = halfTable(10);

/**
 * Checks flap thresholds and fills in the defaults.
 *
 * @param thresholds - low and high percentages
 * @param where - where they were configured, for the error
 * @returns both thresholds
 * @throws WardenError `ERR_CONFIG_INVALID` unless 0 ≤ low ≤ high ≤ 100
 */
export function resolveFlapThresholds(thresholds: FlapThresholds = {}, where = 'flapping'): Required<FlapThresholds> {
  const low = thresholds.low ?? DEFAULT_FLAP_THRESHOLDS.low;
  const high = thresholds.high ?? DEFAULT_FLAP_THRESHOLDS.high;
  if (!(Number.isFinite(low) && Number.isFinite(high) && low >= 0 && high <= 100 && low <= high)) {
    throw new WardenError(
      'ERR_CONFIG_INVALID',
      `invalid ${where}: low ${low} and high ${high} must be percentages with 0 ≤ low ≤ high ≤ 100 (Nagios defaults: low 20, high 30)`,
    );
  }
  return { low, high };
}

/**
 * The weighted percent state change held in a packed detector word.
 *
 * @param word - a detector word (see the module notes)
 * @returns the percentage, 0–100
 */
export function flapPercent(word: number): number {
  const bits = word & TRANSITION_MASK;
  return (((NEWER_HALF[bits & 1023] as number) + (OLDER_HALF[bits >>> 10] as number)) * 100) / TRANSITIONS;
}

/**
 * Whether a packed detector word is in the flapping state.
 *
 * @param word - a detector word
 * @returns true while flapping
 */
export function isFlappingWord(word: number): boolean {
  return (word & FLAPPING_BIT) !== 0;
}

/**
 * Records one result in a packed detector word: the pure core of flap detection.
 *
 * @param word - the detector word before (0 for a new detector: all-OK history, not flapping)
 * @param status - the new result's status
 * @param thresholds - resolved low and high thresholds
 * @returns the detector word after
 */
export function recordFlapWord(word: number, status: CheckStatus, thresholds: Required<FlapThresholds>): number {
  const code = STATUS_CODE[status];
  const last = (word >>> STATUS_SHIFT) & 3;
  const transitions = (((word & TRANSITION_MASK) << 1) | (code === last ? 0 : 1)) & TRANSITION_MASK;
  let flapping = (word & FLAPPING_BIT) !== 0;
  const percent = flapPercent(transitions);
  // Nagios' order: at or below low stops (even when low equals high), at or above high starts.
  if (percent <= thresholds.low) flapping = false;
  else if (percent >= thresholds.high) flapping = true;
  return (transitions | (code << STATUS_SHIFT) | (flapping ? FLAPPING_BIT : 0)) >>> 0;
}

/** One flap detector, for one (check, asset). */
export interface FlapDetector {
  /** Records a result and returns the new flap state. */
  record(status: CheckStatus): FlapUpdate;
  /** The current weighted percent state change. */
  readonly percent: number;
  /** Whether the check is flapping. */
  readonly flapping: boolean;
}

/**
 * Creates a single flap detector. For many (check, asset) pairs use `FlapTable`.
 *
 * Nagios records hard states and soft recoveries only; the caller decides what to record.
 *
 * @param thresholds - low/high percentages (by default `{ low: 20, high: 30 }`)
 * @returns the detector
 * @throws WardenError `ERR_CONFIG_INVALID` for thresholds outside 0 ≤ low ≤ high ≤ 100
 * @example
 * ```ts
 * const flap = createFlapDetector();
 * for (const status of results) {
 *   const { changed } = flap.record(status);
 *   if (changed === 'started') pauseNotifications();
 * }
 * ```
 */
export function createFlapDetector(thresholds?: FlapThresholds): FlapDetector {
  const resolved = resolveFlapThresholds(thresholds);
  let word = 0;
  return {
    record(status) {
      const before = isFlappingWord(word);
      word = recordFlapWord(word, status, resolved);
      const flapping = isFlappingWord(word);
      return { percent: flapPercent(word), flapping, changed: flapChange(before, flapping) };
    },
    get percent() {
      return flapPercent(word);
    },
    get flapping() {
      return isFlappingWord(word);
    },
  };
}

function flapChange(before: boolean, after: boolean): FlapChange {
  if (before === after) return undefined;
  return after ? 'started' : 'stopped';
}

/**
 * Flap detectors for many (check, asset) pairs in one `Uint32Array` (4 bytes each). The caller
 * maps its keys to slots; slots are reused after {@link FlapTable.release}.
 *
 * @example
 * ```ts
 * const table = new FlapTable({ low: 20, high: 30 });
 * const slot = table.allocate();
 * table.record(slot, 'critical'); // undefined, 'started' or 'stopped'
 * table.percent(slot);
 * ```
 */
export class FlapTable {
  private words: Uint32Array;
  private next = 0;
  private readonly free: number[] = [];
  private readonly thresholds: Required<FlapThresholds>;

  /**
   * @param thresholds - the default low/high percentages for every slot
   * @param capacity - initial number of slots (the table grows by doubling)
   * @throws WardenError `ERR_CONFIG_INVALID` for thresholds outside 0 ≤ low ≤ high ≤ 100
   */
  constructor(thresholds?: FlapThresholds, capacity = 1024) {
    this.thresholds = resolveFlapThresholds(thresholds);
    this.words = new Uint32Array(Math.max(1, capacity));
  }

  /** How many slots are in use. */
  get size(): number {
    return this.next - this.free.length;
  }

  /**
   * Takes a slot for a new detector (all-OK history, not flapping).
   *
   * @returns the slot number
   */
  allocate(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.next === this.words.length) {
      const grown = new Uint32Array(this.words.length * 2);
      grown.set(this.words);
      this.words = grown;
    }
    return this.next++;
  }

  /**
   * Gives a slot back; its history is cleared.
   *
   * @param slot - a slot from {@link FlapTable.allocate}
   */
  release(slot: number): void {
    this.words[slot] = 0;
    this.free.push(slot);
  }

  /**
   * Records a result in a slot.
   *
   * @param slot - the detector's slot
   * @param status - the result's status
   * @param thresholds - per-check thresholds (resolved with {@link resolveFlapThresholds}) overriding the table's
   * @returns `'started'` or `'stopped'` when the flapping state changed, else undefined
   */
  record(slot: number, status: CheckStatus, thresholds?: Required<FlapThresholds>): FlapChange {
    const before = this.words[slot] ?? 0;
    const after = recordFlapWord(before, status, thresholds ?? this.thresholds);
    this.words[slot] = after;
    return flapChange(isFlappingWord(before), isFlappingWord(after));
  }

  /**
   * @param slot - the detector's slot
   * @returns the weighted percent state change
   */
  percent(slot: number): number {
    return flapPercent(this.words[slot] ?? 0);
  }

  /**
   * @param slot - the detector's slot
   * @returns whether it is flapping
   */
  flapping(slot: number): boolean {
    return isFlappingWord(this.words[slot] ?? 0);
  }

  /**
   * The packed word of a slot, to persist it (restore with {@link FlapTable.restore}).
   *
   * @param slot - the detector's slot
   * @returns the word
   */
  snapshot(slot: number): number {
    return this.words[slot] ?? 0;
  }

  /**
   * Restores a slot from a persisted word.
   *
   * @param slot - the detector's slot
   * @param word - a word from {@link FlapTable.snapshot}
   */
  restore(slot: number, word: number): void {
    this.words[slot] = word >>> 0;
  }
}
