import { describe, expect, it } from 'vitest';
import { runExample } from './run-example.js';

/** The table row of a check: `web-port  web  OK  2 ms  127.0.0.1:… accepted …`. */
const row = (stdout: string, check: string) => stdout.split('\n').find((line) => line.startsWith(`${check} `)) ?? '';

// What a fresh machine sees: no system-suite peers, even when this shell has their variables
// (examples/quickstart/quickstart.system.test.ts runs it with them).
const noPeers = { WARDEN_SNMPD_PORT: '', SSHD_PORT: '' };

describe('examples/quickstart', () => {
  it('checks this machine and a local service, prints results and metrics, and exits with the run’s Nagios code', async () => {
    const { code, stdout, stderr } = await runExample('quickstart', [], noPeers);
    expect(stderr).toBe('');
    expect(stdout).not.toMatch(/^found /m);
    expect(stdout).not.toContain('peers:');
    expect(row(stdout, 'web-port')).toMatch(/^web-port\s+web\s+OK\s+\d+ ms\s+127\.0\.0\.1:\d+ accepted the connection/);
    expect(row(stdout, 'web-health')).toMatch(/^web-health\s+web\s+OK\s+.*GET \/health answered 200$/);
    expect(row(stdout, 'memory')).toMatch(/^memory\s+self\s+(OK|WARNING|CRITICAL)\s+.*memory \d+\.\d % used$/);
    // The machine's readings, from host.local (Linux: every one; elsewhere CPU and memory at least).
    expect(stdout, stderr).toMatch(/system\.memory\.utilization\s+\d+\.\d %/);
    expect(stdout, stderr).toMatch(/system\.cpu\.utilization\s+\d+\.\d %/);
    if (process.platform === 'linux') expect(stdout, stderr).toMatch(/system\.filesystem\.utilization \S+\s+\d+\.\d %/);
    // The exit code is the one the summary line names (the memory check depends on the machine).
    const summary = /^(OK|WARNING|CRITICAL|UNKNOWN): 3 checks .* \(exit code (\d)\)$/m.exec(stdout);
    expect(summary).not.toBeNull();
    expect(code).toBe(Number(summary?.[2]));
  });

  it('--unhealthy: the service answers 503, the run is CRITICAL and exits 2', async () => {
    const { code, stdout, stderr } = await runExample('quickstart', ['--unhealthy'], noPeers);
    expect(row(stdout, 'web-health')).toMatch(/CRITICAL\s+.*GET \/health answered 503$/);
    expect(row(stdout, 'web-port')).toMatch(/\bOK\b/); // the port is still open
    expect(stdout, stderr).toMatch(/^CRITICAL: 3 checks \(1 critical.*\(exit code 2\)$/m);
    expect(code).toBe(2);
  });

  it('--watch: runs on its schedule for a few seconds, then stops and exits by itself', async () => {
    const { code, stdout, stderr } = await runExample('quickstart', ['--watch'], noPeers);
    const watched = stdout.slice(stdout.indexOf('watching for'));
    expect(watched, stderr).toMatch(/^ {2}web-port on web: ok - /m);
    expect(watched).toMatch(/^ {2}host\.local on self: \d+ samples$/m);
    expect(watched.trimEnd().endsWith('stopped')).toBe(true);
    expect(code).toBe(Number(/\(exit code (\d)\)/.exec(stdout)?.[1]));
  });
});
