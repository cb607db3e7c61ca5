import { type ChangeSpec, type CheckStatus, definePlugin } from '@warden/core';
import { createTestWarden } from '@warden/core/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createSqliteStore } from '../src/sqlite-store.js';
import { useTempDir } from './helpers/temp-dir.js';

// The test plugin's action, typed for the rule below (rules are typed from the action registry).
declare module '@warden/core' {
  interface ActionRegistry {
    'box.reboot': Record<string, never>;
  }
}

const temp = useTempDir();
const MIN = 60_000;

/** A fake `box.reboot` that records each call and, when told to, never finishes (the process "dies" mid-action). */
const boxPlugin = (told: string[], hang: boolean) =>
  definePlugin({
    name: 'box',
    version: '1.0.0',
    core: '^0.1.0',
    setup(ctx) {
      ctx.action({
        name: 'reboot',
        destructive: true,
        params: z.strictObject({}),
        run: (asset) => {
          told.push(asset.id);
          return hang ? new Promise(() => {}) : { ok: true };
        },
      });
    },
  })();

describe('remediation on a Warden restarted on the same SQLite file', () => {
  it('an action cut short by the restart is flagged in doubt and not run a second time', async () => {
    const path = temp();
    const status: CheckStatus = 'critical';
    const boot = (told: string[], hang: boolean, start?: number) => {
      const store = createSqliteStore({ path });
      const warden = createTestWarden({
        store,
        plugins: [boxPlugin(told, hang)],
        remediation: { enabled: true },
        ...(start === undefined ? {} : { start }),
      });
      warden.assets.add({ id: 'web-1', kind: 'host' });
      warden.check({
        id: 'http',
        assets: { ids: ['web-1'] },
        every: '1m',
        attempts: 1,
        run: () => ({ status, summary: `http ${status}` }),
      });
      warden.remediate({ id: 'reboot', on: { check: 'http', status: ['critical'] }, action: 'box.reboot', params: {} });
      return { store, warden };
    };

    const firstTold: string[] = [];
    const first = boot(firstTold, true);
    await first.warden.start();
    await first.warden.clock.advance(MIN);
    expect(firstTold).toEqual(['web-1']); // the action is running; its intent is on disk
    await first.warden.stop();
    await first.store.close();

    const secondTold: string[] = [];
    const second = boot(secondTold, false, first.warden.clock.now() + MIN);
    await second.warden.start();
    await second.warden.clock.advance(2 * MIN);
    expect(second.warden.state('http', 'web-1')).toMatchObject({ status: 'critical', stateType: 'hard' });
    expect(secondTold).toEqual([]);
    const kinds = (await second.warden.audit.query({ rule: 'reboot' })).map((r) => `${r.kind}${r.reason ? `: ${r.reason}` : ''}`);
    expect(kinds).toEqual([
      expect.stringMatching(/^planned/),
      'started',
      expect.stringMatching(/^in-doubt: Warden stopped while this action ran/),
    ]);
    // The restored state is still critical (no new transition), and the pair is held in doubt.
    await second.warden.stop();
    await second.store.close();
  });

  it('a change restarted inside its window on the same file: the asset cut short is in doubt and not repeated, the rest go on', async () => {
    const path = temp();
    const T0 = Date.UTC(2026, 0, 1);
    const boot = (told: string[], hang: boolean, start: number) => {
      const store = createSqliteStore({ path });
      const warden = createTestWarden({ store, plugins: [boxPlugin(told, hang)], remediation: { enabled: true }, start });
      for (const id of ['web-1', 'web-2']) warden.assets.add({ id, kind: 'host' });
      // box.reboot is not in the typed action registry (a test plugin's action).
      const spec = {
        id: 'reboot-all',
        action: 'box.reboot',
        params: {},
        assets: '*',
        window: { from: T0 + 10 * MIN, to: T0 + 70 * MIN },
      };
      warden.change(spec as unknown as ChangeSpec);
      return { store, warden };
    };
    const firstTold: string[] = [];
    const first = boot(firstTold, true, T0);
    await first.warden.start();
    await first.warden.clock.advance(15 * MIN);
    expect(firstTold).toEqual(['web-1']); // one at a time: web-1 never finishes
    await first.warden.stop();
    await first.store.close();

    const secondTold: string[] = [];
    const second = boot(secondTold, false, T0 + 20 * MIN);
    await second.warden.start();
    await second.warden.clock.advance(MIN);
    expect(secondTold).toEqual(['web-2']);
    const trail = (await second.warden.audit.query({ rule: 'change:reboot-all' })).map((r) => `${r.kind} ${r.asset}`);
    expect(trail).toEqual([
      'planned web-1',
      'planned web-2',
      'started web-1',
      'skipped web-2',
      'in-doubt web-1',
      'skipped web-1',
      'planned web-2',
      'started web-2',
      'finished web-2',
    ]);
    await second.warden.stop();
    await second.store.close();
  });
});
