// ssh.reboot against a simulated host on ssh2's in-process server: the server answers the
// boot-id probe from its own state, and "reboots" (drops every connection, refuses new ones for
// a while, comes back with a new boot id) when the reboot command arrives. Nothing reboots.
import type { Asset } from '@warden/core';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { rebootAction } from '../../src/actions/reboot.js';
import { fingerprint } from '../../src/transport/known-hosts.js';
import { createSshSessions, type SshSessions } from '../../src/transport/session.js';
import { testContext } from '../helpers/context.js';
import { fixtureKey, startTestServer } from '../helpers/ssh-server.js';

const BOOT_A = 'a1b2c3d4-0000-4000-8000-000000000001';
const BOOT_B = 'e5f6a7b8-0000-4000-8000-000000000002';
const host = {
  bootId: BOOT_A,
  uptime: 86_400,
  /** What the host does with a reboot order. */
  onReboot: 'reboot' as 'reboot' | 'ignore' | 'refuse',
  orders: 0,
};
const server = await startTestServer({
  simulate(command, srv) {
    if (command.includes('/proc/sys/kernel/random/boot_id')) return { stdout: `${host.bootId}\n${host.uptime}.12\n` };
    if (!/ reboot$/.test(command)) return undefined;
    host.orders++;
    if (host.onReboot === 'refuse') return { exitCode: 1, stdout: '' };
    // Down right after taking the order, back 300 ms later (with a new boot unless it ignored it).
    setImmediate(() => {
      srv.down = true;
      srv.dropAll();
      setTimeout(() => {
        if (host.onReboot === 'reboot') Object.assign(host, { bootId: BOOT_B, uptime: 1 });
        srv.down = false;
      }, 300);
    });
    return { exitCode: 0 };
  },
});
const knownHosts = { fingerprints: [fingerprint(Buffer.from(fixtureKey('host_ecdsa.pub').split(' ')[1] ?? '', 'base64'))] };
const asset = {
  id: 'web-1',
  kind: 'host',
  address: '127.0.0.1',
  ssh: { port: server.port, username: 'ops', privateKey: fixtureKey('client_ecdsa') },
} as Asset;
let sessions: SshSessions;

beforeEach(() => {
  Object.assign(host, { bootId: BOOT_A, uptime: 86_400, onReboot: 'reboot', orders: 0 });
  sessions = createSshSessions({ knownHosts });
  return () => sessions.dispose();
});
afterAll(() => server.close());

describe('ssh.reboot', () => {
  it('orders the reboot through sudo, waits for the host to return and verifies the new boot id and uptime', async () => {
    const connectionsBefore = server.connections;
    const r = await rebootAction(sessions).run(asset, { waitFor: '5s', pollEvery: 100 }, testContext());
    expect(r).toEqual({ ok: true, output: 'rebooted: boot id a1b2c3d4… → e5f6a7b8…, uptime 1.12s' });
    expect(host.orders).toBe(1);
    expect(server.commands).toContainEqual(expect.stringMatching(/^exec sudo -n -- env WARDEN_RUN_ID=\w+ setsid -w reboot$/));
    // The connection dropped with the host; the verification came over a new one.
    expect(server.connections).toBeGreaterThan(connectionsBefore + 1);
  });

  it('fails when the host comes back without having restarted (boot id unchanged)', async () => {
    host.onReboot = 'ignore';
    const r = await rebootAction(sessions).run(asset, { waitFor: 900, pollEvery: 100 }, testContext());
    expect(r).toMatchObject({ ok: false, error: 'web-1 did not come back rebooted within 900 ms (boot id unchanged or host unreachable)' });
  });

  it('fails at once when the reboot is refused', async () => {
    host.onReboot = 'refuse';
    const r = await rebootAction(sessions).run(asset, { waitFor: '5s', pollEvery: 100 }, testContext());
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/^reboot was refused \(exit 1\)/) });
    expect(host.bootId).toBe(BOOT_A);
  });
});
