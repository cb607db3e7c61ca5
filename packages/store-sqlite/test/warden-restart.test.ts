import type { CheckStatus } from '@warden/core';
import { describe, expect, it } from 'vitest';
// Relative until the lead exports the test kit's pieces used here from @warden/core/testing.
import { createTestWarden } from '../../core/src/testing/test-warden.js';
import { createSqliteStore } from '../src/sqlite-store.js';
import { useTempDir } from './helpers/temp-dir.js';

const temp = useTempDir();
const MIN = 60_000;

describe('a Warden restarted on the same SQLite file', () => {
  it('takes back states and the open incident from disk, never opens a duplicate, and keeps the history', async () => {
    const path = temp();
    let status: CheckStatus = 'critical';
    const boot = (start?: number) => {
      const store = createSqliteStore({ path });
      const warden = createTestWarden({ store, ...(start === undefined ? {} : { start }) });
      warden.assets.add({ id: 'web-1', kind: 'host' });
      warden.check({
        id: 'http',
        assets: { ids: ['web-1'] },
        every: '1m',
        attempts: 2,
        run: () => ({ status, summary: `http ${status}` }),
      });
      return { store, warden };
    };

    const first = boot();
    await first.warden.start();
    await first.warden.clock.advance(2 * MIN);
    const [incident] = first.warden.incidents.list({ open: true });
    expect(incident).toMatchObject({ check: 'http', asset: 'web-1', severity: 'critical' });
    await first.warden.stop();
    await first.store.close();

    // A new process: a new connection on the file, nothing shared in memory.
    const second = boot(first.warden.clock.now());
    await second.warden.start();
    expect(second.warden.state('http', 'web-1')).toMatchObject({ status: 'critical', stateType: 'hard', attempt: 2 });
    await second.warden.clock.advance(3 * MIN);
    expect(second.warden.incidents.list({ open: true }).map((i) => i.id)).toEqual([incident?.id]);
    status = 'ok';
    await second.warden.clock.advance(MIN);
    await second.warden.stop();
    expect(await second.store.queryIncidents()).toMatchObject([{ id: incident?.id, state: 'resolved', resolution: 'recovered' }]);
    const history = await second.store.queryStateChanges({ check: 'http', asset: 'web-1' });
    expect(history.map((c) => `${c.previous}→${c.status} ${c.stateType}`)).toEqual([
      'pending→critical soft',
      'critical→critical hard',
      'critical→ok hard',
    ]);
    await second.store.close();
  });
});
