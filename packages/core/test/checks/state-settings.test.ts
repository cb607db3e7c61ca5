import { describe, expect, it } from 'vitest';
import { resolveStateSettings } from '../../src/checks/state-settings.js';
import { WardenError } from '../../src/errors/warden-error.js';

describe('resolveStateSettings', () => {
  it('fills in Nagios defaults: one attempt, no for, not volatile, flapping 20/30', () => {
    expect(resolveStateSettings()).toEqual({ attempts: 1, forMs: 0, volatile: false, flap: { low: 20, high: 30 } });
  });

  it('reads durations, flag and thresholds', () => {
    expect(resolveStateSettings({ attempts: 3, for: '5m', volatile: true, flapping: { high: 40 } })).toEqual({
      attempts: 3,
      forMs: 300_000,
      volatile: true,
      flap: { low: 20, high: 40 },
    });
    expect(resolveStateSettings({ flapping: false }).flap).toBeUndefined();
  });

  it('lists every invalid field with its path', () => {
    let error: unknown;
    try {
      resolveStateSettings({ attempts: 0, for: 'soon' as '5m', flapping: { low: 50, high: 10 } }, 'check "disk"');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(WardenError);
    const err = error as WardenError & { issues: { path: string }[] };
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.message).toContain('check "disk"');
    expect(err.issues.map((i) => i.path)).toEqual(['attempts', 'for', 'flapping']);
    expect(err.message).toContain('"soon"');
  });

  it('refuses fractional and oversized attempts and a non-boolean volatile', () => {
    expect(() => resolveStateSettings({ attempts: 1.5 })).toThrow(/attempts/);
    expect(() => resolveStateSettings({ attempts: 101 })).toThrow(/attempts/);
    expect(() => resolveStateSettings({ volatile: 'yes' as unknown as boolean })).toThrow(/volatile/);
  });
});
