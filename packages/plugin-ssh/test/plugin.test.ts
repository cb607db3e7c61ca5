import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActionDefinition, Asset, CollectorDefinition, ProbeDefinition } from '@warden/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ssh } from '../src/plugin.js';
import { basicNagiosParser, commandProbe } from '../src/probes/command.js';
import { createSshSessions } from '../src/transport/session.js';
import { testContext } from './helpers/context.js';
import { createShims, type Shims } from './helpers/shims.js';
import { fixtureKey, startTestServer, type TestServer } from './helpers/ssh-server.js';

let server: TestServer;
let shims: Shims;
let dir: string;
const hooks = {
  collectors: new Map<string, CollectorDefinition>(),
  probes: new Map<string, ProbeDefinition>(),
  actions: new Map<string, ActionDefinition>(),
};
const disposers: (() => unknown)[] = [];

beforeAll(async () => {
  shims = createShims();
  server = await startTestServer({ env: shims.env });
  dir = mkdtempSync(join(tmpdir(), 'warden-ssh-plugin-'));
  writeFileSync(join(dir, 'known_hosts'), `[127.0.0.1]:${server.port} ${fixtureKey('host_ecdsa.pub').split(' ').slice(0, 2).join(' ')}\n`);
  const plugin = ssh({ knownHosts: join(dir, 'known_hosts'), allowCommands: [['echo']] });
  const noop = () => {};
  plugin.setup({
    plugin: 'ssh',
    logger: { debug: noop, info: noop, warn: noop, error: noop },
    collector: (d) => hooks.collectors.set(`ssh.${d.name}`, d as CollectorDefinition),
    probe: (d) => hooks.probes.set(`ssh.${d.name}`, d as ProbeDefinition),
    action: (d) => hooks.actions.set(`ssh.${d.name}`, d as ActionDefinition),
    discoverer: noop,
    notifier: noop,
    onStart: noop,
    onDispose: (fn) => disposers.push(fn),
  });
});
afterAll(async () => {
  for (const d of disposers) await d();
  await server.close();
});

const asset = (): Asset =>
  ({
    id: 'web-1',
    kind: 'host',
    address: '127.0.0.1',
    ssh: { port: server.port, username: 't', privateKey: fixtureKey('client_ecdsa') },
  }) as Asset;
const probe = (name: string, params: unknown) => hooks.probes.get(name)!.run(asset(), params, testContext());
const act = (name: string, params: unknown) => hooks.actions.get(name)!.run(asset(), params, testContext());

describe('registration', () => {
  it('registers every collector, probe and action; service, update, reboot and file actions are destructive', () => {
    expect([...hooks.collectors.keys()]).toEqual(['ssh.linux', 'ssh.systemd', 'ssh.updates', 'ssh.files']);
    expect([...hooks.probes.keys()]).toEqual(['ssh.reachable', 'ssh.command', 'ssh.systemdUnit', 'ssh.fileAge', 'ssh.configDrift']);
    const destructive = [...hooks.actions.values()].filter((a) => a.destructive).map((a) => a.name);
    expect(destructive).toEqual(['restartService', 'startService', 'stopService', 'applyUpdates', 'reboot', 'putFile']);
  });

  it('refuses unknown options and bad asset blocks with their paths', () => {
    expect(() => ssh({ knownHost: 'x' } as never)).toThrow(/knownHost/);
    expect(() => ssh({ knownHosts: { trustOnFirstUse: true } })).toThrow(/knownHosts\.trustOnFirstUse/);
  });

  it('refuses hostile unit names in the schema', () => {
    const schema = hooks.actions.get('ssh.restartService')!.params;
    for (const unit of ['nginx; reboot', '$(reboot)', '-H', 'a b', 'x`y`']) expect(schema.safeParse({ unit }).success, unit).toBe(false);
    expect(schema.safeParse({ unit: 'nginx.service' }).success).toBe(true);
  });
});

describe('collectors over the in-process server (shims first in PATH)', () => {
  it('ssh.linux reads this machine, with CPU utilization from the second reading', async () => {
    const c = hooks.collectors.get('ssh.linux')!;
    const ctx = { ...testContext(), params: undefined };
    await c.collect(asset(), ctx, {});
    const samples = await c.collect(asset(), ctx, {});
    const names = new Set(samples.map((s) => s.name));
    for (const n of [
      'system.cpu.utilization',
      'system.memory.usage',
      'system.filesystem.utilization',
      'system.network.io',
      'system.uptime',
      'system.process.count',
    ]) {
      expect(names.has(n), n).toBe(true);
    }
  });

  it('ssh.systemd and ssh.updates read the fake systemctl and apt-get', async () => {
    const ctx = { ...testContext(), params: undefined };
    const units = await hooks.collectors.get('ssh.systemd')!.collect(asset(), ctx, {});
    expect(units.find((s) => s.name === 'systemd.units.failed')?.value).toBe(1);
    const updates = await hooks.collectors.get('ssh.updates')!.collect(asset(), ctx, {});
    expect(updates.filter((s) => s.name === 'system.updates.pending').map((s) => [s.labels?.kind, s.value])).toEqual([
      ['all', 2],
      ['security', 1],
    ]);
  });
});

describe('probes', () => {
  it('ssh.reachable is ok with a round-trip sample', async () => {
    expect(await probe('ssh.reachable', {})).toMatchObject({ status: 'ok', samples: [{ name: 'ssh.command.duration' }] });
  });

  it("ssh.command maps the exit code, or Nagios output with core's parser", async () => {
    expect(await probe('ssh.command', { command: ['sh', '-c', 'echo fine'] })).toEqual({ status: 'ok', summary: 'fine' });
    expect(await probe('ssh.command', { command: ['sh', '-c', 'echo bad >&2; exit 4'] })).toMatchObject({
      status: 'critical',
      summary: 'sh exited 4: bad',
    });
    // Nagios mode: core's parser (status from the exit code, perfdata as samples).
    const r = await probe('ssh.command', { command: ['sh', '-c', 'echo "DISK WARNING - 85% | root=85%;80;90"; exit 1'], mode: 'nagios' });
    expect(r).toMatchObject({ status: 'warning', summary: 'DISK WARNING - 85%' });
    expect(r.samples?.length).toBe(1);
    const sessions = createSshSessions({ knownHosts: join(dir, 'known_hosts') });
    try {
      const basic = commandProbe(sessions, basicNagiosParser);
      const b = await basic.run(asset(), { command: ['sh', '-c', 'echo "PROCS CRITICAL | p=1"; exit 2'], mode: 'nagios' }, testContext());
      expect(b).toEqual({ status: 'critical', summary: 'PROCS CRITICAL' });
    } finally {
      await sessions.dispose();
    }
  });

  it('ssh.systemdUnit: active ok, stopped critical, missing critical', async () => {
    expect(await probe('ssh.systemdUnit', { unit: 'nginx' })).toMatchObject({ status: 'ok', summary: 'nginx.service is active (running)' });
    await act('ssh.stopService', { unit: 'probe-me' });
    expect(await probe('ssh.systemdUnit', { unit: 'probe-me' })).toMatchObject({ status: 'critical' });
    expect(await probe('ssh.systemdUnit', { unit: 'missing' })).toMatchObject({ status: 'critical', summary: 'missing.service not found' });
  });

  it('ssh.fileAge and ssh.configDrift judge a real file', async () => {
    const file = join(dir, 'app.conf');
    writeFileSync(file, 'listen 80\n');
    const sha = '6cbe6f0b2fe3b1e2a0f35ea7d3a0c5ab1cd2cf5c62a2c8e1b46b7b1f6e9d4a3c';
    expect(await probe('ssh.fileAge', { path: file, crit: '1h' })).toMatchObject({ status: 'ok' });
    expect(await probe('ssh.fileAge', { path: `${file}.nope`, crit: '1h' })).toMatchObject({ status: 'critical' });
    const drift = await probe('ssh.configDrift', { path: file, sha256: sha });
    expect(drift).toMatchObject({ status: 'critical', summary: expect.stringMatching(/drifted/) });
    const good = createHash('sha256').update('listen 80\n').digest('hex');
    expect(await probe('ssh.configDrift', { path: file, sha256: good })).toMatchObject({ status: 'ok' });
  });
});

describe('actions (asserted through the shims)', () => {
  it('ssh.restartService runs sudo -n systemctl restart -- unit and verifies', async () => {
    const before = shims.calls().length;
    expect(await act('ssh.restartService', { unit: 'nginx' })).toMatchObject({ ok: true, output: expect.stringMatching(/now active/) });
    const calls = shims.calls().slice(before);
    expect(calls).toContainEqual(
      expect.stringMatching(
        /^sudo \[-n\] \[--\] \[env\] \[WARDEN_RUN_ID=[0-9a-f]{16}\] \[setsid\] \[-w\] \[systemctl\] \[restart\] \[--\] \[nginx\]$/,
      ),
    );
    expect(calls).toContain('systemctl [restart] [--] [nginx]');
  });

  it('a sudo password goes to sudo only when it prompts, and stdin to the command after it', async () => {
    const sessions = createSshSessions({ knownHosts: join(dir, 'known_hosts') });
    try {
      const a = { ...asset(), ssh: { ...(asset().ssh as object), sudo: { password: 'sudo-pw-1' } } } as Asset;
      const r = await sessions.exec(a, ['cat'], testContext(), { sudo: true, stdin: 'payload' });
      expect(r).toMatchObject({ exitCode: 0, stdout: 'payload', stderr: '' });
      expect(shims.calls()).toContain('sudo-password sudo-pw-1');
    } finally {
      await sessions.dispose();
    }
  });

  it('a timed-out command run through sudo is killed through sudo, its setsid group included', async () => {
    const sessions = createSshSessions({ knownHosts: join(dir, 'known_hosts') });
    try {
      const marker = `${process.pid}${Date.now()}`.slice(-7);
      const script = `sleep 6${marker} & env -u WARDEN_RUN_ID sleep 8${marker} & sleep 7${marker}`;
      const before = shims.calls().length;
      const err = await sessions.exec(asset(), ['sh', '-c', script], testContext(), { sudo: true, timeout: 300 }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'ERR_TIMEOUT', message: expect.stringMatching(/verified gone/) });
      const calls = shims.calls().slice(before);
      expect(calls[0]).toMatch(/^sudo \[-n\] \[--\] \[env\] \[WARDEN_RUN_ID=\w+\] \[setsid\] \[-w\] \[sh\] \[-c\] /);
      // The kill script ran through sudo too (root's processes need root to be killed).
      expect(calls.some((c) => /^sudo \[-n\] \[--\] \[sh\] \[-c\] /.test(c))).toBe(true);
      const ps = await sessions.exec(asset(), ['ps', '-eo', 'args'], testContext());
      expect(ps.stdout).not.toContain(marker);
    } finally {
      await sessions.dispose();
    }
  });

  it('ssh.putFile writes over SFTP to a temporary name, then moves it into place (mv -f without posix-rename)', async () => {
    const path = join(dir, 'restored.conf');
    writeFileSync(path, 'drifted\n');
    const content = 'listen 80\n';
    const before = server.commands.length;
    const r = await act('ssh.putFile', { path, content, mode: 0o600 });
    const sha = createHash('sha256').update(content).digest('hex');
    expect(r).toEqual({ ok: true, output: `wrote ${content.length} bytes to ${path} (sha256 ${sha})` });
    expect(readFileSync(path, 'utf8')).toBe(content);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    // This server announces no posix-rename: the temporary was renamed with mv -f, and is gone.
    expect(server.commands.slice(before)).toEqual([
      expect.stringMatching(/^mv -f -- .*restored\.conf\.warden-[0-9a-f]{12}\.tmp .*restored\.conf$/),
    ]);
    expect(readdirSync(dir).filter((f) => f.startsWith('restored.conf'))).toEqual(['restored.conf']);
    expect(await probe('ssh.configDrift', { path, sha256: sha })).toMatchObject({ status: 'ok' });
  });

  it('ssh.exec runs only allowlisted commands', async () => {
    expect(await act('ssh.exec', { command: ['echo', 'hi'] })).toMatchObject({ ok: true, output: 'hi\n' });
    expect(await act('ssh.exec', { command: ['reboot'] })).toMatchObject({ ok: false, error: expect.stringMatching(/allowCommands/) });
    expect(shims.calls().some((c) => c.startsWith('reboot'))).toBe(false);
  });

  it('ssh.applyUpdates refuses outside a window unless forced, then records the package changes', async () => {
    expect(await act('ssh.applyUpdates', {})).toMatchObject({ ok: false, error: expect.stringMatching(/maintenance window/) });
    const r = await act('ssh.applyUpdates', { force: true });
    expect(r).toMatchObject({
      ok: true,
      output: expect.stringMatching(/2 of 2 pending packages updated \(forced outside a maintenance window\)\nupdated: libc6 tzdata/),
    });
    expect(shims.calls()).toContain(
      'apt-get [-y] [-o] [Dpkg::Options::=--force-confdef] [-o] [Dpkg::Options::=--force-confold] [dist-upgrade]',
    );
  });
});
