// ssh.applyUpdates through a real Warden (warden.maintenance, warden.act) against ssh2's
// in-process server, whose commands find the recording shims first in PATH: the fake apt-get
// records the upgrade instead of installing anything.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWarden, type Warden } from '@warden/core';
import { createTestWarden } from '@warden/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ssh } from '../../src/plugin.js';
import { createShims, type Shims } from '../helpers/shims.js';
import { fixtureKey, startTestServer, type TestServer } from '../helpers/ssh-server.js';

const UPGRADE = 'apt-get [-y] [-o] [Dpkg::Options::=--force-confdef] [-o] [Dpkg::Options::=--force-confold] [dist-upgrade]';
let server: TestServer;
let shims: Shims;
let knownHosts: string;
let warden: Warden;

beforeAll(async () => {
  shims = createShims();
  server = await startTestServer({ env: shims.env });
  const dir = mkdtempSync(join(tmpdir(), 'warden-ssh-updates-'));
  knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, `[127.0.0.1]:${server.port} ${fixtureKey('host_ecdsa.pub').split(' ').slice(0, 2).join(' ')}\n`);
});
afterAll(() => server.close());
beforeEach(async () => {
  // The fake apt-get starts again with two pending packages (libc6, tzdata).
  rmSync(join(shims.state, 'apt-pending'), { force: true });
  warden = createWarden({ plugins: [ssh({ knownHosts })], selfMetricsEvery: 0 });
  for (const id of ['web-1', 'web-2']) {
    warden.assets.add({
      id,
      kind: 'host',
      address: '127.0.0.1',
      labels: { role: id === 'web-1' ? 'patch-me' : 'other' },
      ssh: { port: server.port, username: 'patcher', privateKey: fixtureKey('client_ecdsa') },
    });
  }
  return () => warden.stop();
});
const upgrades = () => shims.calls().filter((c) => c === UPGRADE).length;
const hour = 3_600_000;

describe('ssh.applyUpdates and maintenance windows (warden.act)', () => {
  it('refuses outside a window and changes nothing', async () => {
    // A window that is over, one in the future and one on another asset: none covers web-1 now.
    warden.maintenance({ assets: { ids: ['web-1'] }, from: Date.now() - 2 * hour, to: Date.now() - hour });
    warden.maintenance({ assets: { ids: ['web-1'] }, from: Date.now() + hour, to: Date.now() + 2 * hour });
    warden.maintenance({ assets: { ids: ['web-2'] }, from: Date.now() - hour, to: Date.now() + hour });
    const before = { upgrades: upgrades(), commands: server.commands.length };
    const r = await warden.act('ssh.applyUpdates', 'web-1', {});
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/web-1 is not in a maintenance window now; nothing was changed/) });
    expect(upgrades()).toBe(before.upgrades);
    expect(server.commands.length).toBe(before.commands);
    const audit = await warden.audit.query({ asset: 'web-1' });
    expect(audit.map((a) => a.kind)).toContain('finished');
  });

  it('refuses when only some checks of the asset are in maintenance', async () => {
    const w = warden.maintenance({
      id: 'disk-only',
      assets: { ids: ['web-1'] },
      checks: ['disk'],
      from: Date.now() - hour,
      to: Date.now() + hour,
    });
    const r = await warden.act('ssh.applyUpdates', 'web-1', {});
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/only check-scoped maintenance windows \(disk-only\) cover web-1/) });
    w.remove();
  });

  it('runs inside a window covering the asset, and records the package changes', async () => {
    warden.maintenance({ assets: 'role=patch-me', from: Date.now() - 60_000, to: Date.now() + hour, reason: 'patch night' });
    const before = upgrades();
    const r = await warden.act('ssh.applyUpdates', 'web-1', {});
    expect(r).toMatchObject({ ok: true, output: expect.stringMatching(/^apt: 2 of 2 pending packages updated\nupdated: libc6 tzdata\n/) });
    expect(upgrades()).toBe(before + 1);
    expect(shims.calls()).toContainEqual(
      expect.stringMatching(/^sudo \[-n\] \[--\] \[env\] \[WARDEN_RUN_ID=\w+\] \[DEBIAN_FRONTEND=noninteractive\] /),
    );
  });

  it('runs outside a window with force: true, and says so', async () => {
    const r = await warden.act('ssh.applyUpdates', 'web-2', { force: true });
    expect(r).toMatchObject({
      ok: true,
      output: expect.stringMatching(/^apt: 2 of 2 pending packages updated \(forced outside a maintenance window\)/),
    });
  });

  it('refuses an unknown param before running anything', async () => {
    await expect(warden.act('ssh.applyUpdates', 'web-1', { forced: true } as never)).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' });
  });

  it('runs as a warden.change() when its window opens, and not before (manual clock)', async () => {
    const t0 = Date.UTC(2026, 5, 1);
    const hour = 3_600_000;
    const w = createTestWarden({ plugins: [ssh({ knownHosts })], start: t0 });
    try {
      w.assets.add({
        id: 'web-1',
        kind: 'host',
        address: '127.0.0.1',
        ssh: { port: server.port, username: 'patcher', privateKey: fixtureKey('client_ecdsa') },
      });
      w.change({
        id: 'patch',
        action: 'ssh.applyUpdates',
        params: {},
        assets: { ids: ['web-1'] },
        window: { from: t0 + hour, to: t0 + 2 * hour },
        allowDestructive: true,
      });
      await w.start();
      const before = upgrades();
      await w.clock.advance(hour - 1);
      expect(upgrades()).toBe(before);
      await w.clock.advance(2);
      // The action does real I/O with the in-process server: wait (real time) for its audit record.
      const finished = async () => (await w.audit.query({ rule: 'change:patch' })).find((r) => r.kind === 'finished');
      for (let i = 0; i < 100 && (await finished()) === undefined; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await finished()).toMatchObject({ asset: 'web-1', ok: true });
      expect(upgrades()).toBe(before + 1);
    } finally {
      await w.stop();
    }
  });
});
