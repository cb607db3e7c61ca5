import { describe, expect, it } from 'vitest';
import { compareOids, counter64FromBytes } from '../src/varbind.js';

// The arc-by-arc reference the fast comparison must agree with.
function reference(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return x.length - y.length;
}

describe('compareOids', () => {
  it('orders OIDs arc by arc as numbers, a prefix first', () => {
    const sorted = ['1.3', '1.3.6', '1.3.6.1.2.1.2.2.1.2.9', '1.3.6.1.2.1.2.2.1.2.10', '1.3.6.1.2.1.2.2.1.10.1', '1.3.6.2', '2'];
    expect([...sorted].reverse().sort(compareOids)).toEqual(sorted);
    expect(compareOids('1.3.6.1.4.1.2021', '1.3.6.1.4.1.2021')).toBe(0);
  });

  it('agrees in sign with the split-and-compare reference on random OIDs', () => {
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const oid = () => Array.from({ length: 1 + rand(8) }, () => (rand(4) === 0 ? rand(5000) : rand(4))).join('.');
    for (let k = 0; k < 5000; k++) {
      const a = oid();
      const b = rand(3) === 0 ? `${a}.${rand(3)}` : oid();
      expect(Math.sign(compareOids(a, b))).toBe(Math.sign(reference(a, b)));
      expect(Math.sign(compareOids(b, a))).toBe(Math.sign(reference(b, a)));
    }
  });
});

describe('counter64FromBytes', () => {
  it('reads BER Counter64 bytes of any length, short or with a sign byte', () => {
    expect(counter64FromBytes(Buffer.from([]))).toBe(0n);
    expect(counter64FromBytes(Buffer.from([0x01, 0x00]))).toBe(256n);
    expect(counter64FromBytes(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).toBe(2n ** 48n - 1n);
    expect(counter64FromBytes(Buffer.from([0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).toBe(2n ** 64n - 1n);
    expect(counter64FromBytes(Buffer.from([0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde]))).toBe(0x123456789abcden);
  });
});
