import { describe, expectTypeOf, it } from 'vitest';
import type { CheckState, Warden } from '../../src/warden/types.js';

declare const warden: Warden;

describe('check specs', () => {
  it('passive and aggregate forms type-check; incomplete ones do not', () => {
    warden.check({ id: 'backup', assets: 'role=db', passive: true, freshness: '25h', staleStatus: 'critical' });
    warden.check({ id: 'pool', assets: { ids: ['pool'] }, aggregate: { check: 'http', warn: '>=1', crit: 2 } });
    // @ts-expect-error a passive check needs `freshness`
    warden.check({ id: 'backup', assets: 'role=db', passive: true });
    warden.check({ id: 'cold-start', assets: 'kind=switch', passive: true, freshness: '1h', staleStatus: 'ok' });
    // @ts-expect-error the stale status is a check status
    warden.check({ id: 'backup', assets: 'role=db', passive: true, freshness: '1h', staleStatus: 'pending' });
    // @ts-expect-error an aggregate names the check it counts
    warden.check({ id: 'pool', assets: '*', aggregate: { warn: 1 } });
  });

  it('submit takes a CheckResult; state carries flapping and reachable', () => {
    expectTypeOf(warden.submit('backup', 'db-1', { status: 'ok', summary: 'done' })).toEqualTypeOf<Promise<void>>();
    // @ts-expect-error a status Warden does not know
    void warden.submit('backup', 'db-1', { status: 'fine', summary: 'done' });
    expectTypeOf<CheckState['flapping']>().toEqualTypeOf<boolean>();
    expectTypeOf<CheckState['reachable']>().toEqualTypeOf<boolean>();
  });
});
