// The quickstart with the system suite's peers around (scripts/system/run.sh exports where the
// private snmpd and sshd are): it watches them too, as a user with those variables set sees it.
import { describe, expect, it } from 'vitest';
import { runExample } from '../test/run-example.js';

// SSHD_* come from peers/sshd.sh (run.sh exports them; vitest runs outside turbo).
const { WARDEN_SNMPD_PORT: snmpdPort, SSHD_PORT: sshdPort } = process.env;
if (!snmpdPort || !sshdPort) throw new Error('WARDEN_SNMPD_PORT and SSHD_PORT are not set: run through scripts/system/run.sh');

/** The table row of a check. */
const row = (stdout: string, check: string) => stdout.split('\n').find((line) => line.startsWith(`${check} `)) ?? '';

describe('examples/quickstart with the system-suite peers', () => {
  it('also checks snmpd over SNMP and sshd over SSH, and reads their metrics', async () => {
    const { code, stdout, stderr } = await runExample('quickstart');
    expect(stderr).toBe('');
    expect(stdout).toContain(`found snmpd on 127.0.0.1:${snmpdPort} (SNMPv2c, community public)\n`);
    expect(stdout).toMatch(new RegExp(`^found sshd on 127\\.0\\.0\\.1:${sshdPort} \\(user \\S+, host keys from \\S+known_hosts\\)$`, 'm'));
    expect(row(stdout, 'snmp-up')).toMatch(
      new RegExp(`^snmp-up\\s+snmpd\\s+OK\\s+\\d+ ms\\s+snmpd \\(127\\.0\\.0\\.1:${snmpdPort}\\) answered as `),
    );
    expect(row(stdout, 'ssh-up')).toMatch(/^ssh-up\s+sshd\s+OK\s+\d+ ms\s+SSH OK: command round trip /);
    // The quickstart's own checks are still there.
    expect(row(stdout, 'web-health')).toMatch(/OK\s+.*GET \/health answered 200$/);
    // Read from what snmp.system and ssh.linux collected.
    expect(stdout).toMatch(/^snmpd system\.uptime\s+\d+ s$/m);
    expect(stdout).toMatch(/^sshd system\.memory\.utilization\s+\d+\.\d %$/m);
    expect(stdout).toMatch(/^sshd system\.cpu\.load_average\.1m\s+\d+\.\d\d$/m);
    const summary = /^(OK|WARNING|CRITICAL|UNKNOWN): 5 checks .* \(exit code (\d)\)$/m.exec(stdout);
    expect(summary, stdout).not.toBeNull();
    expect(code).toBe(Number(summary?.[2]));
  });

  it('--watch: the peers are on the schedule too, and it still stops by itself', async () => {
    const { code, stdout, stderr } = await runExample('quickstart', ['--watch']);
    const watched = stdout.slice(stdout.indexOf('watching for'));
    expect(watched, stderr).toMatch(/^ {2}snmp-up on snmpd: ok - /m);
    expect(watched).toMatch(/^ {2}ssh-up on sshd: ok - /m);
    expect(watched).toMatch(/^ {2}ssh\.linux on sshd: \d+ samples$/m);
    expect(watched.trimEnd().endsWith('stopped')).toBe(true);
    expect(code).toBe(Number(/\(exit code (\d)\)/.exec(stdout)?.[1]));
  });
});
