import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin } from '../../src/plugins/define-plugin.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { StateStore } from '../../src/store/types.js';
import { createTestWarden, type TestWarden } from '../../src/testing/test-warden.js';
import { change, type UntypedChange } from './fixtures.js';

const made: TestWarden[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((w) => w.stop()));
});

const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * `patch.apply` takes ten minutes (on Warden's clock) and fails on assets labelled
 * `broken=yes`; it notes when it ran and whether the asset was in maintenance as the plugin saw
 * it. `patch.reboot` is destructive and does nothing.
 */
function patchPlugin(told: string[]) {
  return definePlugin({
    name: 'patch',
    version: '1.0.0',
    core: '^0.1.0',
    setup(ctx) {
      ctx.action({
        name: 'apply',
        params: z.strictObject({ package: z.string() }),
        run: async (asset, params, hook) => {
          const at = (hook.clock.now() - T0) / MINUTE;
          told.push(`${asset.id} ${params.package} at ${at} maintenance=${hook.maintenance.isActive(asset.id)}`);
          await new Promise<void>((resolve) => hook.clock.setTimer(resolve, 10 * MINUTE));
          return asset.labels?.broken === 'yes' ? { ok: false, error: 'dpkg failed' } : { ok: true, output: 'upgraded 1 package' };
        },
      });
      ctx.action({ name: 'reboot', destructive: true, params: z.strictObject({}), run: () => ({ ok: true }) });
    },
  })();
}

function boot(options: { store?: StateStore; start?: number; enabled?: boolean; broken?: string[] } = {}) {
  const told: string[] = [];
  const warden = createTestWarden({
    plugins: [patchPlugin(told)],
    remediation: { enabled: options.enabled ?? false },
    start: options.start ?? T0,
    ...(options.store ? { store: options.store } : {}),
  });
  made.push(warden);
  for (let i = 1; i <= 4; i++) {
    const id = `web-${i}`;
    warden.assets.add({ id, kind: 'host', labels: { role: 'web', ...(options.broken?.includes(id) ? { broken: 'yes' } : {}) } });
  }
  warden.assets.add({ id: 'db-1', kind: 'host', labels: { role: 'db' } });
  return {
    warden,
    told,
    async trail(id = 'patch') {
      return (await warden.audit.query({ rule: `change:${id}` })).map(
        (r) =>
          `${r.kind} ${r.asset}${r.ok === undefined ? '' : r.ok ? ' ok' : ' failed'}${r.kind === 'skipped' || r.kind === 'denied' ? `: ${r.reason}` : ''}`,
      );
    },
  };
}

const patch = (extra: Partial<UntypedChange> = {}): UntypedChange => ({
  id: 'patch',
  action: 'patch.apply',
  params: { package: 'openssl' },
  assets: 'role=web',
  window: { from: T0 + HOUR, to: T0 + HOUR + 25 * MINUTE },
  ...extra,
});

describe('warden.change: inside its window', () => {
  it('runs once per matching asset when the window opens, one at a time; whoever has no turn before it closes is skipped', async () => {
    const b = boot();
    change(b.warden, patch());
    await b.warden.start();
    await b.warden.clock.advance(HOUR - 1);
    expect(b.told).toEqual([]);
    await b.warden.clock.advance(3 * HOUR);
    // web-1 at 60', web-2 at 70', web-3 at 80' (still inside, the window closes at 85'); web-4's turn would be at 90'.
    expect(b.told).toEqual([
      'web-1 openssl at 60 maintenance=true',
      'web-2 openssl at 70 maintenance=true',
      'web-3 openssl at 80 maintenance=true',
    ]);
    expect(await b.trail()).toEqual([
      'planned web-1',
      'planned web-2',
      'planned web-3',
      'planned web-4',
      'started web-1',
      'finished web-1 ok',
      'started web-2',
      'finished web-2 ok',
      'started web-3',
      'skipped web-4: the window closed before its turn came',
      'finished web-3 ok',
    ]);
  });

  it('maxConcurrent runs several at once; maxFailures stops the rollout and skips the rest, audited', async () => {
    const b = boot({ broken: ['web-1'] });
    change(b.warden, patch({ policy: { maxConcurrent: 2, maxFailures: 1 } }));
    await b.warden.start();
    await b.warden.clock.advance(2 * HOUR);
    expect(b.told).toEqual(['web-1 openssl at 60 maintenance=true', 'web-2 openssl at 60 maintenance=true']);
    const trail = await b.trail();
    expect(trail).toContain('finished web-1 failed');
    expect(trail).toContain('finished web-2 ok');
    const stopped = 'the rollout stopped: 1 asset(s) failed in this window (maxFailures 1)';
    expect(trail.filter((line) => line.startsWith('skipped'))).toEqual([`skipped web-3: ${stopped}`, `skipped web-4: ${stopped}`]);
  });

  it('a recurring window acts once per opening; a window given by id (warden.maintenance) works the same', async () => {
    const b = boot();
    change(b.warden, patch({ assets: { ids: ['web-1'] }, window: { cron: '0 2 * * *', duration: '1h', timezone: 'UTC' } }));
    b.warden.maintenance({ id: 'db-window', assets: 'role=db', from: T0 + 5 * HOUR, to: T0 + 6 * HOUR });
    change(b.warden, patch({ id: 'patch-db', assets: '*', window: 'db-window' }));
    await b.warden.start();
    await b.warden.clock.advance(48 * HOUR);
    // Only db-1: the window covers role=db, whatever the change's selector adds.
    expect(b.told).toEqual([
      'web-1 openssl at 120 maintenance=true',
      'db-1 openssl at 300 maintenance=true',
      'web-1 openssl at 1560 maintenance=true',
    ]);
  });

  it('a dry run plans (audited) and does nothing', async () => {
    const b = boot();
    change(b.warden, patch({ policy: { dryRun: true } }));
    await b.warden.start();
    await b.warden.clock.advance(2 * HOUR);
    expect(b.told).toEqual([]);
    expect(await b.trail()).toEqual(['planned web-1', 'planned web-2', 'planned web-3', 'planned web-4']);
    const planned = (await b.warden.audit.query({ rule: 'change:patch' }))[0];
    expect(planned).toMatchObject({ params: { package: 'openssl' }, reason: expect.stringMatching(/dry run: not acted/) });
  });

  it('approval: denied assets are skipped as denied, approved ones act', async () => {
    const b = boot();
    change(b.warden, patch({ policy: { maxConcurrent: 4, approve: (plan) => plan.asset !== 'web-2' } }));
    await b.warden.start();
    await b.warden.clock.advance(2 * HOUR);
    expect(b.told.map((line) => line.split(' ')[0])).toEqual(['web-1', 'web-3', 'web-4']);
    expect(await b.trail()).toContain('denied web-2: approve() said no');
  });
});

describe('warden.change: refusals inside the window', () => {
  it('approval that never comes times out (denied); an unreachable asset is skipped; both audited, nothing run on them', async () => {
    const b = boot();
    b.warden.assets.add({ id: 'switch', kind: 'network-device' });
    b.warden.assets.update('web-4', { dependsOn: ['switch'] });
    b.warden.check({
      id: 'ping',
      assets: { ids: ['switch'] },
      every: '1m',
      liveness: true,
      run: () => ({ status: 'critical', summary: 'down' }),
    });
    change(
      b.warden,
      patch({
        assets: { ids: ['web-3', 'web-4'] },
        policy: {
          maxConcurrent: 2,
          approve: (plan) => (plan.asset === 'web-3' ? new Promise<boolean>(() => {}) : true),
          approveTimeout: '2m',
        },
      }),
    );
    await b.warden.start();
    await b.warden.clock.advance(2 * HOUR);
    expect(b.told).toEqual([]);
    expect(await b.trail()).toEqual([
      'planned web-3',
      'planned web-4',
      'skipped web-4: the asset is unreachable (it or a parent is down)',
      'denied web-3: no approval within 120000 ms',
    ]);
  });
});

describe('warden.change: safety', () => {
  it('a destructive action needs the global switch or allowDestructive; bad input fails at registration', () => {
    const off = boot();
    const reboot = patch({ id: 'reboot', action: 'patch.reboot', params: {} });
    expect(() => change(off.warden, reboot)).toThrow(
      expect.objectContaining({ code: 'ERR_CONFIG_INVALID', message: expect.stringContaining('patch.reboot is destructive') }),
    );
    expect(change(off.warden, { ...reboot, allowDestructive: true }).id).toBe('reboot');
    expect(change(boot({ enabled: true }).warden, reboot).id).toBe('reboot');

    expect(() => change(off.warden, patch({ action: 'patch.nope' }))).toThrow(/unknown action "patch.nope"/);
    expect(() => change(off.warden, patch({ params: { package: 7 } }))).toThrow(/params\.package/);
    expect(() => change(off.warden, patch({ window: { from: T0 + HOUR, to: T0 } }))).toThrow(
      expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }),
    );
    expect(() => change(off.warden, patch({ policy: { maxConcurrent: 0 } }))).toThrow(/policy\.maxConcurrent/);
    change(off.warden, patch());
    expect(() => change(off.warden, patch())).toThrow(expect.objectContaining({ code: 'ERR_DUPLICATE' }));
  });

  it('remove() before the window: nothing runs and the inline window is gone', async () => {
    const b = boot();
    const windows: string[] = [];
    b.warden.on('maintenance:started', (e) => void windows.push(e.id));
    change(b.warden, patch()).remove();
    change(b.warden, patch({ id: 'kept' }));
    await b.warden.start();
    await b.warden.clock.advance(2 * HOUR);
    expect(windows).toEqual(['change:kept']);
    expect(await b.trail()).toEqual([]);
    expect(b.told).toHaveLength(3);
  });

  it('after a restart inside the window, assets already started are not acted on again (one in doubt is flagged)', async () => {
    const shared = createMemoryStore();
    const store: StateStore = { ...shared, close: async () => undefined };
    const record = (kind: 'started' | 'finished', asset: string, at: number, run: string) => ({
      id: `${kind}-${asset}`,
      at: T0 + at * MINUTE,
      kind,
      rule: 'change:patch',
      action: 'patch.apply',
      asset,
      run,
      ...(kind === 'finished' ? { ok: true } : {}),
    });
    // The previous process patched web-1, started web-2 and died.
    await store.appendAudit([
      record('started', 'web-1', 60, 'r1'),
      record('finished', 'web-1', 70, 'r1'),
      record('started', 'web-2', 70, 'r2'),
    ]);
    const b = boot({ store, start: T0 + 72 * MINUTE });
    change(b.warden, patch({ window: { from: T0 + HOUR, to: T0 + 2 * HOUR } }));
    await b.warden.start();
    await b.warden.clock.advance(HOUR);
    expect(b.told).toEqual(['web-3 openssl at 72 maintenance=true', 'web-4 openssl at 82 maintenance=true']);
    const trail = await b.trail();
    expect(trail).toContain('in-doubt web-2');
    expect(trail).toContain('skipped web-1: already started in this window (before a restart); not repeated');
    expect(trail).toContain('skipped web-2: already started in this window (before a restart); not repeated');
  });

  it('a one-off window that passed while Warden was not running is audited as skipped for each asset', async () => {
    const b = boot({ start: T0 + 3 * HOUR });
    change(b.warden, patch());
    await b.warden.start();
    await b.warden.clock.advance(HOUR);
    expect(b.told).toEqual([]);
    const reason = 'the window (2026-01-01T01:00:00.000Z – 2026-01-01T01:25:00.000Z) passed while Warden was not running';
    expect(await b.trail()).toEqual(['web-1', 'web-2', 'web-3', 'web-4'].map((id) => `skipped ${id}: ${reason}`));
  });
});
