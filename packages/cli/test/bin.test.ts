import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

describe('the warden binary', () => {
  it('prints its version and help, exit 0', { timeout: 60_000 }, async () => {
    const [v, help, checkHelp] = await Promise.all([runCli(['--version']), runCli(['--help']), runCli(['check', '--help'])]);
    expect(v).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^warden: run Warden from a config file\n/);
    for (const command of ['check', 'run', 'discover', 'schema']) expect(help.stdout).toMatch(new RegExp(`^ {2}${command} `, 'm'));
    expect(checkHelp.stdout).toMatch(/^Usage: warden check \[options\]/);
    expect(checkHelp.code).toBe(0);
  });

  it('exits 3 with a pointer to --help for a usage error, and with the error for a bad config', { timeout: 60_000 }, async () => {
    const [unknown, option, config] = await Promise.all([
      runCli(['chekc']),
      runCli(['check', '--jsn']),
      runCli(['check', '--config', 'examples/cli/missing.yaml']),
    ]);
    expect(unknown).toEqual({
      code: 3,
      stdout: '',
      stderr: 'warden: unknown command "chekc"; commands: check, run, discover, schema\nRun `warden --help` for usage.\n',
    });
    expect(option.code).toBe(3);
    expect(option.stderr).toMatch(/^warden: Unknown option '--jsn'.*\nRun `warden check --help` for usage\.\n$/s);
    expect(config.code).toBe(3);
    expect(config.stderr).toBe(
      'warden: config file examples/cli/missing.yaml not found; pass --config <file> or create warden.yaml [ERR_NOT_FOUND]\n',
    );
  });

  it('runs the example TS config (which imports @warden/cli) and exits with its Nagios code', { timeout: 60_000 }, async () => {
    const run = await runCli(['check', '--config', 'examples/cli/warden.config.ts']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^OK\s+node-version\s+self\s+\d+ms\s+Node\.js v\d+/m);
    const worst = /^(OK|WARNING|CRITICAL|UNKNOWN): 2 checks/m.exec(run.stdout)?.[1];
    expect(run.code).toBe({ OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 }[worst ?? 'UNKNOWN']);
  });
});
