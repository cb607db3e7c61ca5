import { HashSlots, mix } from './hash-slots.js';

/** Every series of one metric name: a list in insertion order through the table's family links. */
export interface Family {
  /** Small integer id, reused after the family goes. */
  readonly id: number;
  /** The metric name. */
  readonly name: string;
  /** First series, or -1. */
  head: number;
  /** Last series, or -1. */
  tail: number;
  /** Series in the family. */
  size: number;
}

function groupHash(family: number, asset: number): number {
  return mix((Math.imul(family, 0x9e37_79b1) ^ asset) | 0);
}

/**
 * The (metric name, asset) groups: one list of series per pair, so "this metric of this
 * asset" — what every check asks — walks only the matching series. A group is four Int32
 * columns and a hash slot; there is no Map per name per asset.
 *
 * @internal
 */
export class SeriesGroups {
  /** Family id of each group. */
  family = new Int32Array(256);
  /** Interned asset id of each group. */
  asset = new Int32Array(256);
  /** First series of each group, or -1. */
  head = new Int32Array(256);
  /** Last series of each group, or -1. */
  tail = new Int32Array(256);
  private readonly slots = new HashSlots(512);
  private readonly free: number[] = [];
  private end = 0;
  private readonly hashOf = (g: number): number => groupHash(this.family[g]!, this.asset[g]!);

  /**
   * The group of a family and an asset.
   *
   * @param family - family id
   * @param asset - interned asset id
   * @returns the group, or -1
   */
  find(family: number, asset: number): number {
    const slots = this.slots;
    for (let i = slots.start(groupHash(family, asset)); ; i = slots.next(i)) {
      const g = slots.at(i);
      if (g < 0 || (this.family[g] === family && this.asset[g] === asset)) return g;
    }
  }

  /**
   * Adds an empty group (the caller checked that none exists).
   *
   * @param family - family id
   * @param asset - interned asset id
   * @returns the group
   */
  add(family: number, asset: number): number {
    let g = this.free.pop();
    if (g === undefined) {
      g = this.end++;
      if (g === this.family.length) this.grow();
    }
    this.family[g] = family;
    this.asset[g] = asset;
    this.head[g] = -1;
    this.tail[g] = -1;
    this.slots.insert(g, groupHash(family, asset), this.hashOf);
    return g;
  }

  /**
   * Removes an empty group.
   *
   * @param g - the group
   */
  remove(g: number): void {
    this.slots.remove(g, this.hashOf(g), this.hashOf);
    this.free.push(g);
  }

  private grow(): void {
    const length = this.family.length * 2;
    for (const column of ['family', 'asset', 'head', 'tail'] as const) {
      const grown = new Int32Array(length);
      grown.set(this[column]);
      this[column] = grown;
    }
  }
}
