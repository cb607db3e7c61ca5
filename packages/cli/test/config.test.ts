import { isSecret, isWardenError, type WardenError } from '@warden/core';
import { afterEach, describe, expect, it } from 'vitest';
import { buildWarden } from '../src/config/build.js';
import type { LocatedIssue } from '../src/config/config-error.js';
import { loadConfig } from '../src/config/load.js';
import { tempDir } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
async function files(map: Record<string, string>): Promise<string> {
  const { dir, cleanup } = await tempDir(map);
  cleanups.push(cleanup);
  return dir;
}

async function configError(dir: string, file: string, env?: NodeJS.ProcessEnv): Promise<WardenError & { issues: LocatedIssue[] }> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const loaded = await loadConfig(file, { cwd: dir });
    const { warden } = await buildWarden(loaded);
    await warden.stop();
  } catch (err) {
    if (isWardenError(err)) return err as WardenError & { issues: LocatedIssue[] };
    throw err;
  } finally {
    process.env = saved;
  }
  throw new Error('expected a config error');
}

const YAML = `# a monitored host and a port
assets:
  - id: web-1
    kind: host
    address: 127.0.0.1
    labels: { site: ams1 }
checks:
  - id: http
    assets: kind=host
    probe: tcp
    params: { port: 8080 }
    every: 30s
`;

describe('loading config files', () => {
  it('reads YAML, JSON and TS configs into the same registered Warden', async () => {
    const json = JSON.stringify({
      assets: [{ id: 'web-1', kind: 'host', address: '127.0.0.1', labels: { site: 'ams1' } }],
      checks: [{ id: 'http', assets: 'kind=host', probe: 'tcp', params: { port: 8080 }, every: '30s' }],
    });
    const ts = `import type { WardenConfig } from '@warden/cli';
const port: number = 8080;
export default (): WardenConfig => ({
  assets: [{ id: 'web-1', kind: 'host', address: '127.0.0.1', labels: { site: 'ams1' } }],
  checks: [{ id: 'http', assets: 'kind=host', probe: 'tcp', params: { port }, every: '30s' }],
});
`;
    const dir = await files({ 'warden.yaml': YAML, 'warden.json': json, 'warden.config.ts': ts });
    for (const file of ['warden.yaml', 'warden.json', 'warden.config.ts']) {
      const loaded = await loadConfig(file, { cwd: dir });
      expect(loaded.format, file).toBe(file.endsWith('.ts') ? 'ts' : file.endsWith('.json') ? 'json' : 'yaml');
      const { warden } = await buildWarden(loaded);
      expect(warden.assets.get('web-1')?.labels, file).toEqual({ site: 'ams1' });
      expect(
        warden.states({ check: 'http' }).map((s) => s.asset),
        file,
      ).toEqual(['web-1']);
      await warden.stop();
    }
  });

  it('points a YAML error at its line and column, with the path inside the config', async () => {
    const dir = await files({ 'warden.yaml': YAML.replace('{ port: 8080 }', '{ port: eighty }') });
    const err = await configError(dir, 'warden.yaml');
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.issues).toEqual([
      {
        file: 'warden.yaml',
        line: 11,
        column: 21,
        path: 'checks[0].params.port',
        message: 'Invalid input: expected number, received string',
      },
    ]);
    expect(err.message).toContain('warden.yaml:11:21 checks[0].params.port: Invalid input: expected number');
  });

  it('reports every problem of every section at once, each at its own line', async () => {
    const yaml = `assets:
  - id: ok-1
    kind: host
  - id: bad id
    kind: host
collect:
  - collector: host.locall
    assets: kind=host
checks:
  - id: fs
    assets: kind=host
    metric: system.filesystem.utilization
    every: soon
    warn: ">0.8"
maintenance:
  - assets: kind=host
    from: tomorrow
    to: "2030-01-01T00:00:00Z"
serve:
  port: 9464
surprise: true
`;
    const dir = await files({ 'w.yml': yaml });
    const err = await configError(dir, 'w.yml');
    expect(err.issues).toEqual([
      expect.objectContaining({
        line: 21,
        column: 1,
        path: 'surprise',
        message: expect.stringMatching(/^unknown key "surprise"; expected plugins, assets/),
      }),
    ]);

    const rest = await configError(await files({ 'w.yml': yaml.replace('surprise: true\n', '') }), 'w.yml');
    expect(rest.issues.map((i) => [i.line, i.path])).toEqual([
      [4, 'assets[1].id'],
      [7, 'collect[0]'],
      [13, 'checks[0].every'],
      [17, 'maintenance[0].from'],
    ]);
    expect(rest.issues[1]?.message).toMatch(/unknown collector "host.locall"/);
  });

  it('points a JSON error at its line too', async () => {
    const json = `{
  "assets": [
    { "id": "db-1", "kind": "host", "lifecycle": "gone" }
  ]
}
`;
    const err = await configError(await files({ 'warden.json': json }), 'warden.json');
    expect(err.issues).toEqual([expect.objectContaining({ line: 3, path: 'assets[0].lifecycle' })]);
  });

  it('names the line of a syntax error, and refuses unknown extensions and missing files', async () => {
    const dir = await files({ 'broken.yaml': 'assets:\n  - id: a\n   kind: host\n', 'warden.toml': '' });
    await expect(loadConfig('broken.yaml', { cwd: dir })).rejects.toThrow(/broken\.yaml:3:\d+ /);
    await expect(loadConfig('warden.toml', { cwd: dir })).rejects.toThrow(/unknown config format "\.toml"/);
    await expect(loadConfig('nowhere.yaml', { cwd: dir })).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
  });

  it('turns { env } and { file } into secrets (a file relative to the config), and says when a variable is unset', async () => {
    const yaml = `plugins:
  snmp: {}
assets:
  - id: sw-1
    kind: network-device
    address: 127.0.0.1
    snmp: { version: 2c, community: { env: WARDEN_CLI_TEST_COMMUNITY } }
  - id: sw-2
    kind: network-device
    address: 127.0.0.2
    snmp: { version: 2c, community: { file: community.txt } }
`;
    const dir = await files({ 'warden.yaml': yaml, 'community.txt': 'from-a-file\n' });
    process.env.WARDEN_CLI_TEST_COMMUNITY = 'from-the-env';
    try {
      const { warden } = await buildWarden(await loadConfig('warden.yaml', { cwd: dir }));
      const one = (warden.assets.get('sw-1') as { snmp: { community: unknown } }).snmp.community;
      const two = (warden.assets.get('sw-2') as { snmp: { community: unknown } }).snmp.community;
      expect(isSecret(one) && isSecret(two)).toBe(true);
      expect(await (one as { reveal(): Promise<string> }).reveal()).toBe('from-the-env');
      expect((await (two as { reveal(): Promise<string> }).reveal()).trim()).toBe('from-a-file');
      expect(JSON.stringify(warden.assets.get('sw-1'))).not.toContain('from-the-env');
      await warden.stop();
    } finally {
      delete process.env.WARDEN_CLI_TEST_COMMUNITY;
    }
    const err = await configError(dir, 'warden.yaml');
    expect(err.issues).toEqual([expect.objectContaining({ line: 7, path: 'assets[0].snmp.community' })]);
    expect(err.issues[0]?.message).toMatch(/WARDEN_CLI_TEST_COMMUNITY is not set \(asset "sw-1"\)$/);
  });

  it('says so when a one-key { file } object was read as a secret where a plain value belongs', async () => {
    const dir = await files({ 'warden.yaml': 'plugins:\n  ssh:\n    knownHosts: { file: /etc/ssh/ssh_known_hosts }\n' });
    const err = await configError(dir, 'warden.yaml');
    expect(err.issues).toEqual([expect.objectContaining({ line: 3, path: 'plugins.ssh.knownHosts' })]);
    expect(err.issues[0]?.message).toMatch(/is read as a secret; give a plain value here\)$/);
  });

  it('reports a bad plugin option under plugins.<name>', async () => {
    const err = await configError(await files({ 'warden.yaml': 'plugins:\n  ssh:\n    bogus: 1\n' }), 'warden.yaml');
    expect(err.issues).toEqual([expect.objectContaining({ line: 3, path: 'plugins.ssh.bogus', message: 'unknown key' })]);
  });

  it('accepts a TS config whose checks are code (a run check)', async () => {
    const ts = `export default {
  assets: [{ id: 'self', kind: 'host' }],
  checks: [{ id: 'custom', assets: 'kind=host', run: () => ({ status: 'warning' as const, summary: 'from code' }) }],
};
`;
    const dir = await files({ 'warden.config.mts': ts });
    const { warden } = await buildWarden(await loadConfig('warden.config.mts', { cwd: dir }));
    const report = await warden.runOnce();
    expect(report.results).toEqual([expect.objectContaining({ check: 'custom', asset: 'self', status: 'warning', summary: 'from code' })]);
    await warden.stop();
  });

  it('refuses a module that exports no config', async () => {
    const dir = await files({ 'warden.config.mjs': 'export const nothing = 1;\n' });
    await expect(loadConfig('warden.config.mjs', { cwd: dir })).rejects.toThrow(/exports no config/);
  });
});
