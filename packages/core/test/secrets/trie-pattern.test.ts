import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/secrets/redactor.js';
import { triePattern } from '../../src/secrets/trie-pattern.js';

/** Reference scrub: left to right, at each position replace the longest value that starts there. */
function referenceScrub(text: string, values: readonly string[]): string {
  const sorted = [...values].sort((a, b) => b.length - a.length);
  let out = '';
  let i = 0;
  while (i < text.length) {
    const hit = sorted.find((v) => text.startsWith(v, i));
    if (hit === undefined) {
      out += text[i];
      i += 1;
    } else {
      out += '[redacted]';
      i += hit.length;
    }
  }
  return out;
}

/** A small deterministic PRNG, so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('triePattern', () => {
  it('shares prefixes and prefers the longer continuation', () => {
    expect(triePattern(['token', 'token-extended', 'toy'])).toBe('to(?:ken(?:-extended)?|y)');
    expect(triePattern(['a.b', 'a*c'])).toBe('a(?:\\.b|\\*c)');
    expect(triePattern([])).toBeUndefined();
  });

  it('scrubs exactly like the longest-match reference on overlapping random values', async () => {
    const random = prng(42);
    const alphabet = 'ab.*c';
    const word = (min: number, max: number): string => {
      const length = min + Math.floor(random() * (max - min + 1));
      return Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    };
    let redactedRounds = 0;
    for (let round = 0; round < 300; round++) {
      const values = [...new Set(Array.from({ length: 1 + Math.floor(random() * 6) }, () => word(4, 7)))];
      const redactor = createRedactor();
      for (const v of values) await redactor.reveal(v);
      // Values glued to random fragments, so matches overlap and nest.
      const parts = Array.from({ length: 1 + Math.floor(random() * 8) }, () =>
        random() < 0.5 ? `${values[Math.floor(random() * values.length)]}${word(0, 3)}` : word(0, 5),
      );
      const text = parts.join('');
      const expected = referenceScrub(text, values);
      if (expected.includes('[redacted]')) redactedRounds += 1;
      expect(redactor.scrub(text), `values ${JSON.stringify(values)} text ${JSON.stringify(text)}`).toBe(expected);
    }
    expect(redactedRounds).toBeGreaterThan(100);
  });
});
