import { describe, expect, it } from 'vitest';
import { problemIdOf, summarizeProblems } from '../../src/incidents/problems.js';
import { incident, T0 } from '../store/fixtures.js';

const HOUR = 3_600_000;

describe('problemIdOf', () => {
  it('is stable per pair and cannot collide through an @ in an id', () => {
    expect(problemIdOf('disk', 'web-1')).toBe('disk@web-1');
    expect(problemIdOf('a@b', 'c')).not.toBe(problemIdOf('a', 'b@c'));
  });
});

describe('summarizeProblems', () => {
  it('groups recurring incidents of a pair, counts open time within the period, most incidents first', () => {
    const incidents = [
      incident('d1', T0, T0 + HOUR),
      incident('p1', T0 + HOUR, T0 + 2 * HOUR, 'ping', 'sw-1'),
      incident('d2', T0 + 2 * HOUR, T0 + 2.5 * HOUR),
      incident('p2', T0 + 3 * HOUR, undefined, 'ping', 'sw-1'),
      incident('d3', T0 + 4 * HOUR),
      incident('once', T0, T0 + 1, 'cpu', 'web-1'),
    ];
    const problems = summarizeProblems(incidents, { now: T0 + 5 * HOUR });
    expect(problems.map((p) => [p.problemId, p.incidents, p.open, p.openMs / HOUR])).toEqual([
      ['disk@web-1', 3, true, 1 + 0.5 + 1],
      ['ping@sw-1', 2, true, 1 + 2],
    ]);
    expect(problems[0]).toMatchObject({ firstOpenedAt: T0, lastOpenedAt: T0 + 4 * HOUR, incidentIds: ['d1', 'd2', 'd3'] });
  });

  it('clips open time to [from, to)', () => {
    const problems = summarizeProblems([incident('a', T0, T0 + 4 * HOUR), incident('b', T0 + 5 * HOUR)], {
      from: T0 + HOUR,
      to: T0 + 6 * HOUR,
      now: T0 + 10 * HOUR,
    });
    expect(problems[0]?.openMs).toBe(3 * HOUR + HOUR);
  });
});
