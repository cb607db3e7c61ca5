// Runs the example against the private sshd of the system suite (SSHD_* from
// scripts/system/run.sh), as a user would.
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runExample, runScript } from '../test/run-example.js';

const env = (name: string) => process.env[name] ?? '';

describe('examples/ssh', () => {
  it('collects and checks the host over SSH and exits with the run status', async () => {
    const run = await runExample('ssh');
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^OK +ssh on web-1: SSH OK/m);
    expect(run.stdout).toMatch(/^OK +sshd-unit on web-1: ssh\.service is active \(running\)/m);
    expect(run.stdout).toMatch(/disk on web-1: \/ is \d+\.\d% full/);
    expect(run.stdout).toMatch(/load \d+\.\d\d, memory \d+\.\d% used/);
    expect([0, 1, 2]).toContain(run.code);
  });

  it('patch.ts: lists pending updates, is refused outside a window, installs inside one (fake apt-get)', async () => {
    // The fake apt-get starts again with two pending packages.
    rmSync(`${env('SSHD_SHIM_STATE')}/apt-pending`, { force: true });
    const dry = await runScript('examples/ssh/patch.ts');
    expect(dry.stderr).toBe('');
    expect(dry.stdout).toMatch(/^pending: 2 updates, 1 of them security$/m);
    expect(dry.stdout).toMatch(/^outside a window: refused \(web-1 is not in a maintenance window now\)$/m);
    expect(dry.code).toBe(0);
    const run = await runScript('examples/ssh/patch.ts', ['--yes']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^inside the window: ok\napt: 2 of 2 pending packages updated\nupdated: libc6 tzdata$/m);
    expect(run.code).toBe(0);
  });
});
