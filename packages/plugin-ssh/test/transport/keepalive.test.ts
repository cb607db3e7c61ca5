// Dead peers: a relay in front of ssh2's in-process server goes silent without closing the
// socket. Keepalives must notice within interval × countMax, fail what ran on the dead
// connection, and the next command must get a new connection.
import type { Asset } from '@warden/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { keepaliveSettings } from '../../src/transport/connection.js';
import { fingerprint } from '../../src/transport/known-hosts.js';
import { createSshSessions, type SshSessions } from '../../src/transport/session.js';
import { testContext } from '../helpers/context.js';
import { type FreezableProxy, startFreezableProxy } from '../helpers/freezable-proxy.js';
import { fixtureKey, startTestServer, type TestServer } from '../helpers/ssh-server.js';

const INTERVAL = 200;
const COUNT = 3;
const DEADLINE = INTERVAL * COUNT;
let server: TestServer;
let proxy: FreezableProxy;
// The relay's port changes per test: the host key is pinned by fingerprint.
const knownHosts = { fingerprints: [fingerprint(Buffer.from(fixtureKey('host_ecdsa.pub').split(' ')[1] ?? '', 'base64'))] };
let sessions: SshSessions | undefined;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
afterEach(async () => {
  await sessions?.dispose();
  await proxy?.close();
});

const asset = (keepalive: unknown = { interval: INTERVAL, countMax: COUNT }): Asset =>
  ({
    id: 'web-1',
    kind: 'host',
    address: '127.0.0.1',
    ssh: { port: proxy.port, username: 'tester', privateKey: fixtureKey('client_ecdsa'), keepalive },
  }) as Asset;

describe('keepalive', () => {
  it('ssh2 gives up exactly interval × countMax after the last answer, having sent countMax keepalives', () => {
    // ssh2 declares the peer dead at the (countMax + 1)-th tick without an answer.
    const s = keepaliveSettings({ intervalMs: 15_000, countMax: 3 });
    expect(s).toEqual({ keepaliveInterval: 11_250, keepaliveCountMax: 3 });
    expect(s.keepaliveInterval * (s.keepaliveCountMax + 1)).toBe(45_000);
    expect(keepaliveSettings(undefined)).toEqual({ keepaliveInterval: 0, keepaliveCountMax: 0 });
  });

  it('notices an idle connection whose peer went silent, and reconnects for the next command', async () => {
    proxy = await startFreezableProxy(server.port);
    sessions = createSshSessions({ knownHosts });
    expect((await sessions.exec(asset(), ['printf', 'one'], testContext())).stdout).toBe('one');
    const frozenAt = performance.now();
    const closed = proxy.frozenClosed();
    proxy.freeze();
    await closed;
    const noticedAfter = performance.now() - frozenAt;
    // Not before countMax keepalives went unanswered, and within the deadline (plus timer slack
    // on a loaded machine; the exact arithmetic is the test above).
    expect(noticedAfter).toBeGreaterThanOrEqual(DEADLINE - INTERVAL);
    expect(noticedAfter).toBeLessThan(DEADLINE + INTERVAL);
    const accepted = proxy.accepted;
    expect((await sessions.exec(asset(), ['printf', 'two'], testContext())).stdout).toBe('two');
    expect(proxy.accepted).toBe(accepted + 1);
  });

  it('fails a command running on the dead connection with ERR_TIMEOUT instead of waiting for its deadline', async () => {
    proxy = await startFreezableProxy(server.port);
    sessions = createSshSessions({ knownHosts, commandTimeout: '30s' });
    await sessions.exec(asset(), ['true'], testContext());
    const running = sessions.exec(asset(), ['sleep', '20'], testContext()).catch((e: unknown) => e);
    // Let the command start, then silence the peer.
    await new Promise((r) => setTimeout(r, 50));
    const frozenAt = performance.now();
    proxy.freeze();
    const err = await running;
    // Far sooner than the command's 30 s deadline.
    expect(performance.now() - frozenAt).toBeLessThan(DEADLINE * 2);
    expect(err).toMatchObject({ code: 'ERR_TIMEOUT', message: expect.stringMatching(/stopped answering keepalives/) });
    expect((await sessions.exec(asset(), ['printf', 'again'], testContext())).stdout).toBe('again');
  });

  it('with keepalive: false, a silent peer goes unnoticed', async () => {
    proxy = await startFreezableProxy(server.port);
    sessions = createSshSessions({ knownHosts });
    await sessions.exec(asset(false), ['true'], testContext());
    let closed = false;
    void proxy.frozenClosed().then(() => {
      closed = true;
    });
    proxy.freeze();
    await new Promise((r) => setTimeout(r, DEADLINE * 2));
    expect(closed).toBe(false);
  });
});
