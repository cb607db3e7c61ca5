import { describe, expect, it } from 'vitest';
import { StringTable } from '../../src/metrics/string-table.js';

describe('StringTable', () => {
  it('holds a string once while referenced and reuses its id after the last release, clearing caches', () => {
    const table = new StringTable();
    const cache: (string | undefined)[] = [];
    table.caches.push(cache);
    const a = table.acquire('eth0');
    expect(table.acquire('eth0')).toBe(a);
    cache[a] = 'fragment of eth0';
    table.release(a);
    expect(table.id('eth0')).toBe(a);
    table.release(a);
    expect(table.id('eth0')).toBeUndefined();
    expect(table.size).toBe(0);
    const b = table.acquire('eth1');
    expect(b).toBe(a);
    expect(table.strings[b]).toBe('eth1');
    expect(cache[b]).toBeUndefined();
  });
});
