// Against a private OpenSSH sshd started by scripts/system/peers/sshd.sh (run through
// scripts/system/run.sh). The test user's PATH starts with recording shims, so the
// destructive actions below never touch this machine's services or packages.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { type Asset, createWarden, type Sample } from '@warden/core';
import { afterAll, describe, expect, it } from 'vitest';
import { putFileAction } from '../../src/actions/put-file.js';
import { rebootAction } from '../../src/actions/reboot.js';
import { serviceAction } from '../../src/actions/service.js';
import { linuxCollector } from '../../src/collectors/linux.js';
import { ssh } from '../../src/plugin.js';
import { configDriftProbe } from '../../src/probes/config-drift.js';
import { systemdUnitProbe } from '../../src/probes/systemd-unit.js';
import { createSshSessions, type SshSessions } from '../../src/transport/session.js';
import { testContext } from '../helpers/context.js';

function need(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this suite through scripts/system/run.sh (it starts sshd)`);
  return value;
}
const port = Number(need('SSHD_PORT'));
const user = need('SSHD_USER');
const knownHosts = need('SSHD_KNOWN_HOSTS');
const shimState = need('SSHD_SHIM_STATE');
const clientKey = readFileSync(need('SSHD_CLIENT_KEY'), 'utf8');
const state = need('SSHD_STATE');
const APT_UPGRADE = 'apt-get [-y] [-o] [Dpkg::Options::=--force-confdef] [-o] [Dpkg::Options::=--force-confold] [dist-upgrade]';

const asset = (extra: Record<string, unknown> = {}): Asset =>
  ({ id: 'self-ssh', kind: 'host', address: '127.0.0.1', ssh: { port, username: user, privateKey: clientKey, ...extra } }) as Asset;
const opened: SshSessions[] = [];
const sessions = (options: Parameters<typeof createSshSessions>[0] = {}) => {
  const s = createSshSessions({ knownHosts, ...options });
  opened.push(s);
  return s;
};
const calls = () => (existsSync(`${shimState}/calls.log`) ? readFileSync(`${shimState}/calls.log`, 'utf8').trim().split('\n') : []);
afterAll(async () => {
  for (const s of opened) await s.dispose();
});

describe('ssh.linux against this machine', () => {
  it('agrees with the local /proc', async () => {
    const c = linuxCollector(sessions());
    const ctx = { ...testContext(), params: undefined };
    await c.collect(asset(), ctx, {});
    const samples = await c.collect(asset(), ctx, {});
    const one = (name: string, labels: Record<string, string> = {}): Sample | undefined =>
      samples.find(
        (s) =>
          s.name === name &&
          Object.entries(labels).every(([k, v]) => s.labels?.[k] === v) &&
          (labels.cpu !== undefined || s.labels?.cpu === undefined),
      );
    const memTotal = Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]) * 1024;
    expect(one('system.memory.limit')?.value).toBe(memTotal);
    const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    expect(Math.abs((one('system.uptime')?.value ?? 0) - uptime)).toBeLessThan(5);
    const st = statfsSync('/');
    expect(one('system.filesystem.usage', { mountpoint: '/', state: 'free' })?.value).toBeCloseTo(st.bavail * st.bsize, -8);
    const utilization = one('system.cpu.utilization')?.value;
    expect(utilization).toBeGreaterThanOrEqual(0);
    expect(utilization).toBeLessThanOrEqual(1);
    const localProcs =
      readFileSync('/proc/loadavg', 'utf8') && execFileSync('sh', ['-c', 'set -- /proc/[0-9]*; echo $#'], { encoding: 'utf8' });
    expect(Math.abs((one('system.process.count')?.value ?? 0) - Number(localProcs))).toBeLessThan(Number(localProcs) * 0.2 + 10);
    expect(one('system.network.io', { device: 'lo', direction: 'receive' })?.value).toBeGreaterThan(0);
  });
});

describe('connections', () => {
  it('refuses a changed host key and names both fingerprints', async () => {
    const file = `${state}/known_hosts.changed`;
    writeFileSync(file, `[127.0.0.1]:${port} ${readFileSync(`${state}/client_key.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`);
    const err = await sessions({ knownHosts: file })
      .exec(asset(), ['id'], testContext())
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'ERR_HOSTKEY_MISMATCH',
      message: expect.stringMatching(/expected ecdsa-sha2-nistp256 SHA256:\S+, offered SHA256:\S+/),
    });
  });

  it("reports a key-exchange failure listing both sides' algorithms", async () => {
    const err = await sessions()
      .exec(asset({ algorithms: { kex: ['diffie-hellman-group1-sha1'] } }), ['id'], testContext())
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'ERR_PROTOCOL',
      message: expect.stringMatching(/offered by us: diffie-hellman-group1-sha1; offered by the server: .*curve25519-sha256/),
    });
  });

  it('reaches the host through a chain of two jump hosts (ProxyJump a,b)', async () => {
    const hop = { host: '127.0.0.1', port, username: user, privateKey: clientKey };
    const r = await sessions().exec(asset({ jump: [hop, hop] }), ['printf', 'via two hops'], testContext());
    expect(r).toMatchObject({ exitCode: 0, stdout: 'via two hops' });
  });

  it('passes hostile arguments as literal single words', async () => {
    const hostile = ['nginx; rm -rf /', '$(reboot)', '`reboot`', 'a\nb', `it's "q"`, '*'];
    const before = calls().length;
    const r = await sessions().exec(asset(), ['printf', '%s\\0', ...hostile], testContext());
    expect(r.stdout.split('\0').slice(0, -1)).toEqual(hostile);
    expect(
      calls()
        .slice(before)
        .some((c) => c.startsWith('reboot')),
    ).toBe(false);
  });

  it('refuses hostile unit names and paths in the params schemas (warden.act), before anything runs', async () => {
    const warden = createWarden({ plugins: [ssh({ knownHosts })], selfMetricsEvery: 0 });
    try {
      warden.assets.add({ id: 'self-ssh', kind: 'host', address: '127.0.0.1', ssh: { port, username: user, privateKey: clientKey } });
      const before = calls().length;
      for (const unit of ['nginx; rm -rf /', '$(reboot)', '`reboot`', 'nginx\nreboot', "nginx' || reboot '"]) {
        await expect(warden.act('ssh.restartService', 'self-ssh', { unit }), unit).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' });
      }
      await expect(warden.act('ssh.putFile', 'self-ssh', { path: 'relative/$(reboot)', content: 'x' })).rejects.toMatchObject({
        code: 'ERR_CONFIG_INVALID',
      });
      expect(calls().slice(before)).toEqual([]);
    } finally {
      await warden.stop();
    }
  });

  it('kills a timed-out sleep 600 and its group: gone from the process table', async () => {
    const marker = `${Date.now()}${process.pid}`.slice(-9);
    // A tagged background child, an untagged one left in the session's group (only the group
    // kill reaches it) and the foreground sleep.
    const script = `sleep 6${marker} & env -u WARDEN_RUN_ID sleep 8${marker} & sleep 7${marker}`;
    const err = await sessions()
      .exec(asset(), ['sh', '-c', script], testContext(), { timeout: 500 })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_TIMEOUT', message: expect.stringMatching(/verified gone/) });
    const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    expect(ps).not.toContain(marker);
  });

  it('runs more concurrent commands than MaxSessions (10) on one connection', async () => {
    const s = sessions({ maxSessions: 14 });
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => s.exec(asset(), ['sh', '-c', `sleep 0.2; echo ${i}`], testContext())),
    );
    expect(results.map((r) => r.stdout.trim())).toEqual(Array.from({ length: 30 }, (_, i) => String(i)));
  });
});

describe('destructive actions, asserted through the shims', () => {
  it('restart, stop and start a service with sudo -n, verified by is-active', async () => {
    const s = sessions();
    expect(await serviceAction(s, 'stop').run(asset(), { unit: 'nginx' }, testContext())).toMatchObject({
      ok: true,
      output: expect.stringMatching(/now inactive/),
    });
    expect(await systemdUnitProbe(s).run(asset(), { unit: 'nginx' }, testContext())).toMatchObject({ status: 'critical' });
    expect(await serviceAction(s, 'restart').run(asset(), { unit: 'nginx' }, testContext())).toMatchObject({ ok: true });
    expect(calls()).toEqual(expect.arrayContaining(['systemctl [stop] [--] [nginx]', 'systemctl [restart] [--] [nginx]']));
    expect(calls().filter((c) => c.startsWith('sudo [-n] [--]')).length).toBeGreaterThanOrEqual(2);
  });

  it('applyUpdates (warden.act) is refused outside a maintenance window and runs inside one', async () => {
    rmSync(`${shimState}/apt-pending`, { force: true });
    const warden = createWarden({ plugins: [ssh({ knownHosts })], selfMetricsEvery: 0 });
    try {
      warden.assets.add({ id: 'self-ssh', kind: 'host', address: '127.0.0.1', ssh: { port, username: user, privateKey: clientKey } });
      const upgrades = () => calls().filter((c) => c === APT_UPGRADE).length;
      const before = upgrades();
      expect(await warden.act('ssh.applyUpdates', 'self-ssh', {})).toMatchObject({
        ok: false,
        error: expect.stringMatching(/not in a maintenance window now; nothing was changed/),
      });
      expect(upgrades()).toBe(before);
      warden.maintenance({ assets: { ids: ['self-ssh'] }, from: Date.now() - 60_000, to: Date.now() + 3_600_000, reason: 'patching' });
      const r = await warden.act('ssh.applyUpdates', 'self-ssh', {});
      expect(r).toMatchObject({ ok: true, output: expect.stringMatching(/^apt: 2 of 2 pending packages updated\nupdated: libc6 tzdata/) });
      expect(upgrades()).toBe(before + 1);
      expect(calls()).toContainEqual(
        expect.stringMatching(/^sudo \[-n\] \[--\] \[env\] \[WARDEN_RUN_ID=\w+\] \[DEBIAN_FRONTEND=noninteractive\] /),
      );
    } finally {
      await warden.stop();
    }
  });

  it('reboot asks through sudo, then reports that the host did not really restart (boot id unchanged)', async () => {
    const r = await rebootAction(sessions()).run(asset(), { waitFor: 1500, pollEvery: 300 }, testContext());
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/did not come back rebooted/) });
    expect(calls()).toContain('reboot');
  });

  it('putFile restores a drifted configuration file (SFTP, temporary name, rename): configDrift goes critical → ok', async () => {
    const home = execFileSync('sh', ['-c', `getent passwd ${user} | cut -d: -f6`], { encoding: 'utf8' }).trim();
    const path = `${home}/warden.conf`;
    const good = 'listen 80\nworkers 4\n';
    const sha256 = createHash('sha256').update(good).digest('hex');
    const s = sessions();
    expect(await putFileAction(s).run(asset(), { path, content: good }, testContext())).toMatchObject({ ok: true });
    expect(await configDriftProbe(s).run(asset(), { path, sha256 }, testContext())).toMatchObject({ status: 'ok' });
    // Someone edits the file by hand: drift.
    const entries = () => readdirSync(home).filter((f) => f.startsWith('warden.conf'));
    writeFileSync(path, 'listen 8080\n');
    expect(await configDriftProbe(s).run(asset(), { path, sha256 }, testContext())).toMatchObject({ status: 'critical' });
    expect(await putFileAction(s).run(asset(), { path, content: good }, testContext())).toMatchObject({ ok: true });
    expect(readFileSync(path, 'utf8')).toBe(good);
    expect(await configDriftProbe(s).run(asset(), { path, sha256 }, testContext())).toMatchObject({ status: 'ok' });
    // Written to a temporary name and renamed: nothing left behind.
    expect(entries()).toEqual(['warden.conf']);
  });
});
