import { describe, expect, it } from 'vitest';
import { normalizeRoute } from '../../src/notifications/validate.js';
import { setup } from './helpers.js';

function issuesOf(run: () => unknown): Array<{ path: string; message: string }> {
  try {
    run();
  } catch (err) {
    expect(err).toMatchObject({ code: 'ERR_CONFIG_INVALID' });
    return (err as { issues: Array<{ path: string; message: string }> }).issues;
  }
  throw new Error('expected a refusal');
}

describe('route validation', () => {
  it('lists every problem with its path', () => {
    const issues = issuesOf(() =>
      normalizeRoute(
        {
          notifier: '',
          on: ['opened', 'incident:exploded'],
          minStatus: 'ok',
          renotify: 0,
          escalate: [{ after: 'later', notifier: 'pager' }],
          assets: 'kind=',
          colour: 'red',
        },
        'notify-1',
      ),
    );
    expect(issues.map((i) => i.path).sort()).toEqual(
      ['assets', 'colour', 'escalate[0].after', 'minStatus', 'notifier', 'on[1]', 'renotify'].sort(),
    );
    expect(issues.find((i) => i.path === 'renotify')?.message).toContain('is not a duration > 0');
    expect(issues.find((i) => i.path === 'on[1]')?.message).toContain('incident:opened');
  });

  it('asks the engine about notifier names and params, escalation steps included', () => {
    const checkNotifier = (name: string, _params: unknown, path: readonly PropertyKey[]) =>
      name === 'log' ? [] : [{ path: path.join('.').replace(/\.(\d+)\./, '[$1].'), message: `unknown notifier ${name}` }];
    const issues = issuesOf(() =>
      normalizeRoute(
        {
          notifier: 'slak',
          escalate: [
            { after: '5m', notifier: 'log' },
            { after: '1h', notifier: 'pgr' },
          ],
        },
        'n',
        checkNotifier,
      ),
    );
    expect(issues).toEqual([
      { path: 'params', message: 'unknown notifier slak' },
      { path: 'escalate[1].params', message: 'unknown notifier pgr' },
    ]);
  });

  it('accepts kinds and event names alike and defaults to every kind', () => {
    expect([...normalizeRoute({ notifier: 'log', on: ['incident:opened', 'check:flapping', 'resolved'] }, 'n').on]).toEqual([
      'opened',
      'flapping',
      'resolved',
    ]);
    expect(normalizeRoute({ notifier: 'log' }, 'n').on.size).toBe(5);
  });

  it('refuses invalid router settings', () => {
    const issues = issuesOf(() => setup({ groupWindow: -1 as number, rateLimit: { perMinute: 0 }, retry: { attempts: 0 } }));
    expect(issues.map((i) => i.path).sort()).toEqual(['groupWindow', 'rateLimit.perMinute', 'retry.attempts']);
  });

  it('names the route in the message', () => {
    expect(() => normalizeRoute({ id: 'ops', notifier: 'log', minStatus: 'bad' }, 'n')).toThrow(
      /invalid notification route "ops":\n {2}- minStatus:/,
    );
  });
});
