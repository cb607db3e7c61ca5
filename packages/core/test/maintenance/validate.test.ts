import { describe, expect, it } from 'vitest';
import { normalizeMaintenanceSpec } from '../../src/maintenance/validate.js';

function issuesOf(spec: unknown): Array<{ path: string; message: string }> {
  try {
    normalizeMaintenanceSpec(spec, 'maintenance-1', ['maintenance']);
  } catch (err) {
    expect(err).toMatchObject({ code: 'ERR_CONFIG_INVALID' });
    return (err as { issues: Array<{ path: string; message: string }> }).issues;
  }
  throw new Error('expected the spec to be refused');
}

const paths = (spec: unknown) => issuesOf(spec).map((issue) => issue.path);

describe('maintenance spec validation', () => {
  it('refuses `to` not after `from`, naming both times', () => {
    const issues = issuesOf({ assets: '*', from: '2024-01-02T00:00:00Z', to: '2024-01-01T00:00:00Z' });
    expect(issues).toEqual([{ path: 'maintenance.to', message: expect.stringContaining('must be after from (2024-01-02T00:00:00.000Z)') }]);
    expect(paths({ assets: '*', from: 5, to: 5 })).toEqual(['maintenance.to']);
  });

  it('refuses unparseable times and invalid Dates', () => {
    expect(issuesOf({ assets: '*', from: 'next tuesday', to: new Date('nope') })).toEqual([
      { path: 'maintenance.from', message: expect.stringContaining('is not an ISO 8601 time') },
      { path: 'maintenance.to', message: 'invalid Date' },
    ]);
  });

  it('refuses a bad cron pattern, an unknown time zone and a duration ≤ 0', () => {
    expect(paths({ assets: '*', cron: '61 * * * *', duration: '1h' })).toEqual(['maintenance.cron']);
    expect(issuesOf({ assets: '*', cron: '0 2 * * *', duration: '1h', timezone: 'Mars/Olympus' })).toEqual([
      { path: 'maintenance.timezone', message: expect.stringContaining("use an IANA name such as 'Europe/Amsterdam'") },
    ]);
    expect(paths({ assets: '*', cron: '0 2 * * *', duration: 0 })).toEqual(['maintenance.duration']);
    expect(paths({ assets: '*', cron: '0 2 * * *', duration: 'soon' })).toEqual(['maintenance.duration']);
    expect(paths({ assets: '*', cron: '0 2 * * *' })).toEqual(['maintenance.duration']);
  });

  it('refuses mixed forms and a missing form', () => {
    expect(paths({ assets: '*', cron: '0 2 * * *', duration: '1h', from: 0 })).toEqual(['maintenance.from']);
    expect(paths({ assets: '*', from: 0, to: 1, duration: '1h' })).toEqual(['maintenance.duration']);
    expect(paths({ assets: '*' })).toEqual(['maintenance.from', 'maintenance.to']);
  });

  it('reports every issue at once: selector, unknown keys, checks', () => {
    const issues = issuesOf({ assets: { kind: 'host', colour: 'red' }, checks: [''], from: 0, to: 1, extra: true });
    expect(issues.map((issue) => issue.path).sort()).toEqual(
      ['maintenance.assets.colour', 'maintenance.checks[0]', 'maintenance.extra'].sort(),
    );
    expect(paths({ from: 0, to: 1 })).toEqual(['maintenance.assets']);
    expect(paths({ assets: 'kind=', from: 0, to: 1 })).toEqual(['maintenance.assets']);
  });

  it('names the window in the message and says what a window looks like', () => {
    expect(() => normalizeMaintenanceSpec({ id: 'patch', assets: '*', from: 2, to: 1 }, 'x')).toThrow(
      /invalid maintenance window "patch":\n {2}- to: must be after from[\s\S]*\{ assets, checks\?, cron, duration, timezone\? \}/,
    );
    expect(() => normalizeMaintenanceSpec(null, 'x')).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }));
  });

  it('normalizes a valid spec', () => {
    const window = normalizeMaintenanceSpec(
      { assets: 'kind=host', checks: ['a', 'a', 'b'], cron: '0 2 * * 0', duration: '2h' },
      'maintenance-7',
    );
    expect(window).toMatchObject({ id: 'maintenance-7', checks: ['a', 'b'], includeChildren: false });
    expect(window.schedule).toMatchObject({ kind: 'recurring', pattern: '0 2 * * 0', durationMs: 7_200_000 });
  });
});
