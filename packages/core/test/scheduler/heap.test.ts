import { describe, expect, it } from 'vitest';
import { type HeapEntry, TimerHeap } from '../../src/scheduler/heap.js';

interface Item extends HeapEntry {
  id: number;
}

const item = (id: number, at: number): Item => ({ id, at, seq: 0, heapIndex: -1 });

/** A small deterministic PRNG so failures reproduce. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function drain(heap: TimerHeap<Item>): Item[] {
  const out: Item[] = [];
  for (let next = heap.pop(); next !== undefined; next = heap.pop()) out.push(next);
  return out;
}

describe('TimerHeap', () => {
  it('pops in due-time order, equal times first-in first-out', () => {
    const heap = new TimerHeap<Item>();
    for (const [id, at] of [
      [1, 30],
      [2, 10],
      [3, 20],
      [4, 10],
      [5, 0],
    ] as const)
      heap.push(item(id, at));
    expect(drain(heap).map((i) => i.id)).toEqual([5, 2, 4, 3, 1]);
    expect(heap.size).toBe(0);
    expect(heap.pop()).toBeUndefined();
  });

  it('matches a sorted reference under random pushes, removals and updates', () => {
    const random = prng(42);
    const heap = new TimerHeap<Item>();
    const live: Item[] = [];
    let order = 0;
    const inserted = new Map<Item, number>();
    for (let i = 0; i < 3000; i++) {
      const roll = random();
      if (roll < 0.5 || live.length === 0) {
        const entry = item(i, Math.floor(random() * 1000));
        heap.push(entry);
        live.push(entry);
        inserted.set(entry, order++);
      } else {
        const index = Math.floor(random() * live.length);
        const victim = live[index] as Item;
        if (roll < 0.75) {
          expect(heap.remove(victim)).toBe(true);
          expect(heap.remove(victim)).toBe(false);
          live.splice(index, 1);
        } else {
          heap.update(victim, Math.floor(random() * 1000));
          inserted.set(victim, order++);
        }
      }
      if (heap.size !== live.length) throw new Error(`size ${heap.size} != ${live.length} at step ${i}`);
    }
    const expected = live.sort((a, b) => a.at - b.at || (inserted.get(a) as number) - (inserted.get(b) as number));
    expect(drain(heap)).toEqual(expected);
  });

  it('retain() keeps only matching entries and stays a valid heap', () => {
    const heap = new TimerHeap<Item>();
    const all = Array.from({ length: 100 }, (_, i) => item(i, (i * 37) % 101));
    for (const entry of all) heap.push(entry);
    heap.retain((entry) => entry.id % 3 === 0);
    const out = drain(heap);
    expect(out.map((e) => e.id).sort((a, b) => a - b)).toEqual(all.filter((e) => e.id % 3 === 0).map((e) => e.id));
    expect(out.map((e) => e.at)).toEqual([...out.map((e) => e.at)].sort((a, b) => a - b));
    expect(all.filter((e) => e.id % 3 !== 0).every((e) => !heap.has(e))).toBe(true);
  });

  it('push() of a queued entry moves it instead of duplicating it', () => {
    const heap = new TimerHeap<Item>();
    const a = item(1, 50);
    heap.push(a);
    heap.push(item(2, 20));
    a.at = 10;
    heap.push(a);
    expect(heap.size).toBe(2);
    expect(heap.peek()).toBe(a);
  });
});
