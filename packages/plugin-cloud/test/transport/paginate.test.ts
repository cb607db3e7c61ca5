import { describe, expect, it } from 'vitest';
import { paginate } from '../../src/transport/paginate.js';

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('paginate', () => {
  it('follows cursors until a page has none', async () => {
    const cursors: Array<string | undefined> = [];
    const pages: Record<string, { items: number[]; next?: string }> = {
      first: { items: [1, 2], next: 'b' },
      b: { items: [3], next: 'c' },
      c: { items: [] },
    };
    const items = await all(
      paginate<number, string>(async (cursor) => {
        cursors.push(cursor);
        return pages[cursor ?? 'first'] as { items: number[]; next?: string };
      }),
    );
    expect(items).toEqual([1, 2, 3]);
    expect(cursors).toEqual([undefined, 'b', 'c']);
  });

  it('stops a server that repeats a cursor, and bounds the page count', async () => {
    await expect(all(paginate<number, string>(async () => ({ items: [1], next: 'same' })))).rejects.toThrow(/repeated/);
    let n = 0;
    await expect(all(paginate<number, number>(async () => ({ items: [], next: ++n }), 5))).rejects.toThrow(/more than 5 pages/);
  });
});
