import { describe, expect, it } from 'vitest';
import { evaluateThresholds, parseThreshold } from '../../src/checks/threshold.js';
import { WardenError } from '../../src/errors/warden-error.js';

// Each row of the "Example ranges" table of the Monitoring Plugins development guidelines,
// with values on both sides of, and exactly on, every end point (end points are inclusive).
const rangeTable: [range: string, alerts: number[], quiet: number[]][] = [
  // 10 → alert if x < 0 or x > 10 (outside {0 .. 10})
  ['10', [-1, -0.001, 10.001, 11], [0, 5, 10]],
  // 10: → alert if x < 10 (outside {10 .. ∞})
  ['10:', [9.999, 0, -5], [10, 11, 1e12]],
  // ~:10 → alert if x > 10 (outside {-∞ .. 10})
  ['~:10', [10.001, 11, 1e12], [10, 0, -1e12]],
  // 10:20 → alert if x < 10 or x > 20 (outside {10 .. 20})
  ['10:20', [9.999, 20.001, 0, 100], [10, 15, 20]],
  // @10:20 → alert if 10 ≤ x ≤ 20 (inside {10 .. 20})
  ['@10:20', [10, 15, 20], [9.999, 20.001, 0]],
];

describe('parseThreshold: Nagios ranges', () => {
  for (const [range, alerts, quiet] of rangeTable) {
    it(`${range} alerts on ${alerts.join(', ')} and not on ${quiet.join(', ')}`, () => {
      const threshold = parseThreshold(range, 'warn');
      for (const value of alerts) expect(threshold.test(value), `${range} on ${value}`).toBe(true);
      for (const value of quiet) expect(threshold.test(value), `${range} on ${value}`).toBe(false);
    });
  }

  it('reads negative and decimal end points', () => {
    const negative = parseThreshold('-10:-5.5', 'crit');
    expect([-10.5, -10, -7, -5.5, -5].map((v) => negative.test(v))).toEqual([true, false, false, false, true]);
    const inside = parseThreshold('@-1.5:1.5', 'crit');
    expect([-1.6, -1.5, 0, 1.5, 1.6].map((v) => inside.test(v))).toEqual([false, true, true, true, false]);
    expect(parseThreshold('~:-3', 'crit').test(-2.9)).toBe(true);
    expect(parseThreshold('~:-3', 'crit').test(-3)).toBe(false);
    expect(parseThreshold('.5', 'crit').test(0.6)).toBe(true);
  });

  it('treats ~ as −∞ and an empty end as +∞', () => {
    const everything = parseThreshold('~:', 'warn');
    expect(everything.test(-1e300)).toBe(false);
    expect(everything.test(1e300)).toBe(false);
    expect(parseThreshold('@~:0', 'warn').test(-1e300)).toBe(true);
  });

  it('reads a number as the range of its text', () => {
    expect(parseThreshold(10, 'warn').test(11)).toBe(true);
    expect(parseThreshold(10, 'warn').test(-1)).toBe(true);
    expect(parseThreshold(10, 'warn').test(10)).toBe(false);
  });

  it('prints a normal form', () => {
    expect(String(parseThreshold(' 10:20 ', 'w'))).toBe('10:20');
    expect(String(parseThreshold('0:10', 'w'))).toBe('10');
    expect(String(parseThreshold('~:10', 'w'))).toBe('~:10');
    expect(String(parseThreshold('@10:', 'w'))).toBe('@10:');
    expect(String(parseThreshold('> 0.90', 'w'))).toBe('>0.9');
  });
});

describe('parseThreshold: comparisons', () => {
  const cases: [string, number, boolean][] = [
    ['>0.9', 0.91, true],
    ['>0.9', 0.9, false],
    ['>=0.9', 0.9, true],
    ['>=0.9', 0.89, false],
    ['<10', 9.99, true],
    ['<10', 10, false],
    ['<=10', 10, true],
    ['<=10', 10.01, false],
    ['==0', 0, true],
    ['==0', 1, false],
    ['!=0', 1, true],
    ['!=0', 0, false],
    ['>-5', -4, true],
    ['<1e3', 999, true],
  ];
  for (const [text, value, alerts] of cases) {
    it(`${text} on ${value} → ${alerts ? 'alert' : 'no alert'}`, () => {
      expect(parseThreshold(text, 'warn').test(value)).toBe(alerts);
    });
  }
});

describe('parseThreshold: invalid input', () => {
  for (const text of ['>>1', '20:10', 'abc', '', '   ', '@', '10:20:30', '1,5', '>', '=1', '-10', 'Infinity']) {
    it(`refuses ${JSON.stringify(text)} naming where and quoting it`, () => {
      let caught: unknown;
      try {
        parseThreshold(text, 'check "disk".warn');
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(WardenError);
      expect((caught as WardenError).code).toBe('ERR_CONFIG_INVALID');
      expect((caught as WardenError).message).toContain('check "disk".warn');
      expect((caught as WardenError).message).toContain(JSON.stringify(text));
    });
  }

  it('says why 20:10 is wrong', () => {
    expect(() => parseThreshold('20:10', 'crit')).toThrow(/start \(20\) above its end \(10\)/);
  });

  it('refuses non-finite numbers', () => {
    expect(() => parseThreshold(Number.NaN, 'warn')).toThrow(WardenError);
  });
});

describe('evaluateThresholds', () => {
  const warn = parseThreshold('>0.8', 'warn');
  const crit = parseThreshold('>0.9', 'crit');

  it('tests critical first, then warning', () => {
    expect(evaluateThresholds(0.95, { warn, crit })).toBe('critical');
    expect(evaluateThresholds(0.85, { warn, crit })).toBe('warning');
    expect(evaluateThresholds(0.5, { warn, crit })).toBe('ok');
  });

  it('is critical even when the warning range does not alert', () => {
    // warn alerts above 20; crit alerts inside [0, 5]: 3 is critical only.
    expect(evaluateThresholds(3, { warn: parseThreshold('~:20', 'w'), crit: parseThreshold('@0:5', 'c') })).toBe('critical');
  });

  it('is unknown for NaN and ok without thresholds', () => {
    expect(evaluateThresholds(Number.NaN, { warn, crit })).toBe('unknown');
    expect(evaluateThresholds(1e9, {})).toBe('ok');
  });
});
