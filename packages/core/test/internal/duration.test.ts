import { formatDuration, parseDuration, WardenError } from '@warden/core';
import { describe, expect, it } from 'vitest';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['1.5s', 1_500],
    ['7d', 604_800_000],
    [1500, 1500],
  ] as const)('parses %s', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each(['', '5', '5x', 'm5', '5m garbage', '-5s'])('refuses %j with ERR_CONFIG_INVALID naming where', (input) => {
    const err = (() => {
      try {
        parseDuration(input, 'check "disk".every');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(WardenError);
    expect((err as WardenError).code).toBe('ERR_CONFIG_INVALID');
    expect((err as WardenError).message).toContain('check "disk".every');
  });

  it('refuses negative and non-finite numbers', () => {
    expect(() => parseDuration(-1)).toThrow(/not a duration/);
    expect(() => parseDuration(Number.NaN)).toThrow(/not a duration/);
  });

  it('formats back to the compact form', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(90_500)).toBe('1m30s500ms');
  });
});
