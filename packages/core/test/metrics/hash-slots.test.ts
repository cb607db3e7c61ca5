import { describe, expect, it } from 'vitest';
import { HashSlots } from '../../src/metrics/hash-slots.js';

/** Finds `id` by probing from its hash, as the index does. */
function has(slots: HashSlots, id: number, h: number): boolean {
  for (let i = slots.start(h); ; i = slots.next(i)) {
    const at = slots.at(i);
    if (at < 0) return false;
    if (at === id) return true;
  }
}

describe('HashSlots', () => {
  it('keeps every entry findable after deletions inside colliding probe runs', () => {
    // Hashes chosen to collide and wrap around the end of an 8-slot table.
    const hashes = [6, 6, 7, 6, 0, 7];
    const hashOf = (id: number) => hashes[id] as number;
    const slots = new HashSlots(8);
    hashes.forEach((h, id) => {
      slots.insert(id, h, hashOf);
    });
    const removed = new Set<number>();
    for (const victim of [1, 4, 0]) {
      slots.remove(victim, hashOf(victim), hashOf);
      removed.add(victim);
      for (let id = 0; id < hashes.length; id++) expect(has(slots, id, hashOf(id)), `id ${id}`).toBe(!removed.has(id));
    }
    expect(slots.size).toBe(3);
  });

  it('grows past three quarters full and still finds everything', () => {
    const hashOf = (id: number) => Math.imul(id, 0x9e37_79b1);
    const slots = new HashSlots(4);
    for (let id = 0; id < 1000; id++) slots.insert(id, hashOf(id), hashOf);
    for (let id = 0; id < 1000; id += 2) slots.remove(id, hashOf(id), hashOf);
    for (let id = 0; id < 1000; id++) expect(has(slots, id, hashOf(id))).toBe(id % 2 === 1);
    expect(slots.bytes).toBeGreaterThanOrEqual((1000 * 4 * 4) / 3);
  });
});
