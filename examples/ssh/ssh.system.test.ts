// Runs the example against the private sshd of the system suite (SSHD_* from
// scripts/system/run.sh), as a user would.
import { describe, expect, it } from 'vitest';
import { runExample } from '../test/run-example.js';

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
});
