import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Asset } from '@warden/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/transport/known-hosts.js';
import { createSshSessions, type SshSessions } from '../../src/transport/session.js';
import { testContext } from '../helpers/context.js';
import { fixtureKey, startTestServer, type TestServer } from '../helpers/ssh-server.js';

const hostPub = fixtureKey('host_ecdsa.pub').split(' ').slice(0, 2).join(' ');
let server: TestServer;
let dir: string;
let sessions: SshSessions | undefined;

beforeAll(async () => {
  server = await startTestServer({ password: 'pw-123456', maxSessions: 3 });
  dir = mkdtempSync(join(tmpdir(), 'warden-ssh-'));
  writeFileSync(join(dir, 'known_hosts'), `[127.0.0.1]:${server.port} ${hostPub}\n`);
});
afterAll(() => server.close());
afterEach(async () => {
  await sessions?.dispose();
  sessions = undefined;
});

const asset = (ssh: Record<string, unknown> = {}): Asset =>
  ({
    id: 'web-1',
    kind: 'host',
    address: '127.0.0.1',
    ssh: { port: server.port, username: 'tester', privateKey: fixtureKey('client_ecdsa'), ...ssh },
  }) as Asset;
const make = (options: Parameters<typeof createSshSessions>[0] = {}) => {
  sessions = createSshSessions({ knownHosts: join(dir, 'known_hosts'), ...options });
  return sessions;
};

describe('host keys', () => {
  it('connects when the key is in known_hosts', async () => {
    const r = await make().exec(asset(), ['printf', '%s', 'hello'], testContext());
    expect(r).toMatchObject({ exitCode: 0, stdout: 'hello', stderr: '' });
  });

  it('refuses a changed key with ERR_HOSTKEY_MISMATCH, naming both fingerprints, and sends nothing', async () => {
    const other = fixtureKey('other_host_ecdsa.pub').split(' ').slice(0, 2).join(' ');
    const file = join(dir, 'changed');
    writeFileSync(file, `[127.0.0.1]:${server.port} ${other}\n`);
    const before = server.commands.length;
    const err = await make({ knownHosts: file })
      .exec(asset(), ['id'], testContext())
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_HOSTKEY_MISMATCH' });
    expect((err as Error).message).toMatch(/expected ecdsa-sha2-nistp256 SHA256:\S+, offered SHA256:\S+; nothing was sent/);
    expect(server.commands.length).toBe(before);
  });

  it('refuses an unknown host unless trust-on-first-use is on, then records it', async () => {
    const file = join(dir, 'tofu');
    const strict = await make({ knownHosts: { fingerprints: [] } })
      .exec(asset(), ['id'], testContext())
      .catch((e: unknown) => e);
    expect(strict).toMatchObject({ code: 'ERR_HOSTKEY_MISMATCH', message: expect.stringMatching(/unknown host key/) });
    await sessions?.dispose();
    const r = await make({ knownHosts: { file, trustOnFirstUse: true } }).exec(asset(), ['true'], testContext());
    expect(r.exitCode).toBe(0);
    await sessions?.dispose();
    // Recorded: a strict client using the file now accepts the host.
    const again = await make({ knownHosts: file }).exec(asset(), ['true'], testContext());
    expect(again.exitCode).toBe(0);
  });
});

describe('authentication and reachability', () => {
  it('reports a wrong key as ERR_AUTH', async () => {
    const err = await make()
      .exec(asset({ privateKey: fixtureKey('other_host_ecdsa') }), ['id'], testContext())
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_AUTH' });
  });

  it('decrypts a passphrase-protected key with its passphrase; a wrong one is ERR_CONFIG_INVALID, never echoed', async () => {
    const key = join(dir, 'encrypted_key');
    writeFileSync(key, fixtureKey('client_ecdsa'), { mode: 0o600 });
    // Re-encrypted by ssh-keygen itself (OpenSSH format, bcrypt KDF).
    execFileSync('ssh-keygen', ['-q', '-p', '-P', '', '-N', 'key-pass-1', '-f', key], { stdio: 'ignore' });
    const encrypted = readFileSync(key, 'utf8');
    expect(encrypted).toMatch(/BEGIN OPENSSH PRIVATE KEY/);
    const r = await make().exec(asset({ privateKey: encrypted, passphrase: 'key-pass-1' }), ['printf', 'unlocked'], testContext());
    expect(r.stdout).toBe('unlocked');
    const err = await make()
      .exec(asset({ privateKey: encrypted, passphrase: 'wrong-pass' }), ['true'], testContext())
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      message: expect.stringMatching(/private key cannot be used .*bad passphrase/),
    });
    expect((err as Error).message).not.toContain('wrong-pass');
  });

  it('authenticates through an ssh-agent socket holding the key', async () => {
    // A private ssh-agent (OpenSSH's), started in the foreground of a child and killed by pid.
    const sock = join(dir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 100 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 20));
      const key = join(dir, 'agent_key');
      writeFileSync(key, fixtureKey('client_ecdsa'), { mode: 0o600 });
      execFileSync('ssh-add', [key], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
      const r = await make().exec(asset({ privateKey: undefined, agent: sock }), ['printf', 'via agent'], testContext());
      expect(r.stdout).toBe('via agent');
    } finally {
      agent.kill();
    }
  });

  it('accepts a password secret and never prints it', async () => {
    const ctx = testContext();
    const r = await make().exec(asset({ privateKey: undefined, password: 'pw-123456' }), ['printf', 'ok'], ctx);
    expect(r.stdout).toBe('ok');
  });

  it('reports a server that accepts TCP but never speaks SSH as ERR_TIMEOUT after connectTimeout', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const started = performance.now();
      const err = await make({ connectTimeout: 300 })
        .exec(asset({ port: (silent.address() as AddressInfo).port }), ['id'], testContext())
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'ERR_TIMEOUT', message: expect.stringMatching(/no handshake in time/) });
      expect(performance.now() - started).toBeLessThan(3000);
    } finally {
      await sessions?.dispose();
      sessions = undefined;
      silent.close();
    }
  });

  it("reports a failed key exchange as ERR_PROTOCOL listing our algorithms and the server's", async () => {
    const strict = await startTestServer({ algorithms: { kex: ['diffie-hellman-group14-sha256'] } });
    try {
      const fp = fingerprint(Buffer.from(fixtureKey('host_ecdsa.pub').split(' ')[1] ?? '', 'base64'));
      const err = await make({ knownHosts: { fingerprints: [fp] } })
        .exec(asset({ port: strict.port, algorithms: { kex: ['curve25519-sha256', 'ecdh-sha2-nistp256'] } }), ['id'], testContext())
        .catch((e: unknown) => e);
      expect(err).toMatchObject({
        code: 'ERR_PROTOCOL',
        message: expect.stringMatching(
          /key exchange failed .*; offered by us: curve25519-sha256, ecdh-sha2-nistp256; offered by the server: diffie-hellman-group14-sha256;/,
        ),
      });
    } finally {
      await sessions?.dispose();
      sessions = undefined;
      await strict.close();
    }
  });

  it('reports a closed port as ERR_UNREACHABLE', async () => {
    const err = await make()
      .exec(asset({ port: 1 }), ['id'], testContext())
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_UNREACHABLE' });
  });
});

describe('exec', () => {
  it('passes hostile arguments literally', async () => {
    const hostile = ['nginx; rm -rf /', '$(reboot)', '`reboot`', 'a\nb', `it's "x"`];
    const r = await make().exec(asset(), ['printf', '%s\\0', ...hostile], testContext());
    expect(r.stdout.split('\0').slice(0, -1)).toEqual(hostile);
  });

  it('passes env and stdin, and reports the exit code', async () => {
    const r = await make().exec(asset(), ['sh', '-c', 'printf "%s:" "$GREETING"; cat; exit 3'], testContext(), {
      env: { GREETING: 'hi there' },
      stdin: 'from stdin',
    });
    expect(r).toMatchObject({ exitCode: 3, stdout: 'hi there:from stdin' });
  });

  it('caps output and says so', async () => {
    const r = await make({ maxOutputBytes: 1000 }).exec(asset(), ['head', '-c', '100000', '/dev/zero'], testContext());
    expect(r.stdout.length).toBe(1000);
    expect(r.truncated).toBe(true);
  });

  it('kills the remote process group on timeout and verifies it is gone', async () => {
    const s = make();
    const marker = `${process.pid}${Date.now()}`.slice(-7);
    // Tagged children, and an untagged one left in the session's group (the group kill's job).
    const script = `sleep 6${marker} & env -u WARDEN_RUN_ID sleep 8${marker} & sleep 7${marker}`;
    const err = await s.exec(asset(), ['sh', '-c', script], testContext(), { timeout: 300 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_TIMEOUT', message: expect.stringMatching(/verified gone/) });
    const ps = await s.exec(asset(), ['ps', '-eo', 'args'], testContext());
    expect(ps.stdout).not.toContain(marker);
  });

  it('runs more concurrent commands than the server allows sessions, queueing the rest', async () => {
    const s = make({ maxSessions: 10 });
    const connectionsBefore = server.connections;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => s.exec(asset(), ['sh', '-c', `sleep 0.1; echo ${i}`], testContext())),
    );
    expect(results.map((r) => r.stdout.trim())).toEqual(Array.from({ length: 12 }, (_, i) => String(i)));
    // One connection; the server refused the 4th channel, the pool lowered its limit to 3.
    expect(server.connections - connectionsBefore).toBe(1);
    expect(server.sessions.max).toBe(3);
    expect(server.sessions.refused).toBeGreaterThan(0);
  });

  it('queues beyond ssh.maxSessions without the server refusing anything', async () => {
    const refusedBefore = server.sessions.refused;
    const s = make();
    const results = await Promise.all(Array.from({ length: 6 }, () => s.exec(asset({ maxSessions: 2 }), ['sleep', '0.05'], testContext())));
    expect(results.every((r) => r.exitCode === 0)).toBe(true);
    expect(server.sessions.max).toBeLessThanOrEqual(3);
    expect(server.sessions.refused).toBe(refusedBefore);
  });
});

describe('jump host and pool lifecycle', () => {
  it('reaches the target through a jump host, both host keys checked', async () => {
    const forwardsBefore = server.forwards.length;
    const viaJump = asset({ jump: { host: '127.0.0.1', port: server.port, username: 'bastion', privateKey: fixtureKey('client_ecdsa') } });
    const r = await make().exec(viaJump, ['printf', 'through'], testContext());
    expect(r.stdout).toBe('through');
    expect(server.forwards.slice(forwardsBefore)).toEqual([`127.0.0.1:${server.port}`]);
  });

  it('goes through a chain of jump hosts in order, reusing each hop', async () => {
    const forwardsBefore = server.forwards.length;
    const connectionsBefore = server.connections;
    const hop = (username: string) => ({ host: '127.0.0.1', port: server.port, username, privateKey: fixtureKey('client_ecdsa') });
    const chained = asset({ jump: [hop('bastion-a'), hop('bastion-b')] });
    const s = make();
    expect((await s.exec(chained, ['printf', 'two hops'], testContext())).stdout).toBe('two hops');
    expect((await s.exec(chained, ['printf', 'again'], testContext())).stdout).toBe('again');
    // bastion-a forwarded to bastion-b, bastion-b to the target: three connections, two forwards.
    expect(server.forwards.slice(forwardsBefore)).toEqual([`127.0.0.1:${server.port}`, `127.0.0.1:${server.port}`]);
    expect(server.connections - connectionsBefore).toBe(3);
  });

  it('closes idle jump hosts too, once no connection runs through them', async () => {
    const s = make({ idleTimeout: 1 });
    const hop = (username: string) => ({ host: '127.0.0.1', port: server.port, username, privateKey: fixtureKey('client_ecdsa') });
    const chained = asset({ username: 'idle-target', jump: [hop('idle-hop-a'), hop('idle-hop-b')] });
    const before = server.connections;
    await s.exec(chained, ['true'], testContext());
    const closed = (users: string[]) =>
      new Promise<void>((resolve) => {
        const check = () => (users.every((u) => server.closedUsers.includes(u)) ? resolve() : setTimeout(check, 5));
        check();
      });
    // The target idles out first, then the hop it ran through, then the first hop.
    await closed(['idle-target', 'idle-hop-b', 'idle-hop-a']);
    await s.exec(chained, ['true'], testContext());
    expect(server.connections - before).toBe(6);
  });

  it('closes an idle connection and opens a new one on the next command', async () => {
    const s = make({ idleTimeout: 1 });
    const before = server.connections;
    const idle = asset({ username: 'idle-user' });
    await s.exec(idle, ['true'], testContext());
    // Wait for the server to see this login's connection go (the idle timer is 1 ms).
    await new Promise<void>((resolve) => {
      const check = () => (server.closedUsers.includes('idle-user') ? resolve() : setImmediate(check));
      check();
    });
    await s.exec(idle, ['true'], testContext());
    expect(server.connections - before).toBe(2);
  });

  it('after a failed attempt, fails fast until the backoff passes', async () => {
    const s = make();
    const first = await s.exec(asset({ port: 1 }), ['id'], testContext()).catch((e: unknown) => e);
    const second = await s.exec(asset({ port: 1 }), ['id'], testContext()).catch((e: unknown) => e);
    expect(first).toMatchObject({ code: 'ERR_UNREACHABLE' });
    expect(second).toMatchObject({ code: 'ERR_UNREACHABLE', message: expect.stringMatching(/next connection attempt in \d+s/) });
  });
});
