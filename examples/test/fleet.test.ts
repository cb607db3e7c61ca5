import { describe, expect, it } from 'vitest';
import { runExample } from './run-example.js';

/** The lines of one printed section, from its heading to the next blank line. */
function section(stdout: string, heading: string): string[] {
  const start = stdout.indexOf(`${heading}\n`);
  if (start < 0) return [];
  const rest = stdout.slice(start + heading.length + 1);
  const end = rest.indexOf('\n\n');
  return (end < 0 ? rest : rest.slice(0, end)).split('\n').filter((line) => line !== '');
}

/** Index of the first timeline line matching, -1 when none does. */
const find = (lines: string[], pattern: RegExp) => lines.findIndex((line) => pattern.test(line));

describe('examples/fleet', () => {
  // A generous timeout: 8–12 s here (2 cores, load average 10–15), more beside the other examples.
  it('watches a switch, a host and a service over SNMP, SSH and HTTP: dry-run plan, audited act, quiet maintenance', {
    timeout: 60_000,
  }, async () => {
    const { code, stdout, stderr } = await runExample('fleet');
    expect(stderr).toBe('');
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(/^peers on 127\.0\.0\.1: switch SNMP udp\/\d+, host SSH tcp\/\d+, shop HTTP tcp\/\d+$/m);
    expect(stdout).toMatch(/^host key pinned: SHA256:[A-Za-z0-9+/]{43}$/m);

    const timeline = section(stdout, 'Timeline (simulated clock, UTC):');
    expect(timeline[0]).toMatch(/^ {2}09:02:00 {2}6 of 6 checks OK after the first rounds$/);
    // The shop fails: soft, then hard, one incident, and the rule plans a restart it does not do.
    const soft = find(timeline, /state +shop-http on shop: ok → critical \(soft\)$/);
    const hard = find(timeline, /state +shop-http on shop: critical \(soft → hard\)$/);
    const opened = find(timeline, /INCIDENT +opened shop-http on shop \(critical\): HTTP CRITICAL: status 503, expected 200/);
    const planned = find(timeline, /remediation +planned ssh\.restartService on shop \(restart-shop\): .*dry run: not acted/);
    const acted = find(timeline, /act +ssh\.restartService on shop: ok: systemctl restart shop: done; now active$/);
    const resolved = find(timeline, /INCIDENT +resolved shop-http on shop$/);
    expect(
      [soft, hard, opened, planned, acted, resolved].every((i) => i >= 0),
      timeline.join('\n'),
    ).toBe(true);
    expect(soft < hard && hard <= opened && opened < planned && planned < acted && acted < resolved).toBe(true);
    // Nothing was restarted by the rule: no remediation step started.
    expect(find(timeline, /remediation +started/)).toBe(-1);

    // The window on sw-1 covers its children: hard CRITICAL inside it, and no incident.
    const started = find(timeline, /maintenance +"sw-1-firmware" started: sw-1, web-1, shop covered$/);
    const quiet = find(timeline, /hard CRITICAL: uplink on sw-1, db on web-1; open incidents: 0$/);
    const ended = find(timeline, /maintenance +"sw-1-firmware" ended$/);
    expect(started >= 0 && started < quiet && quiet < ended, timeline.join('\n')).toBe(true);
    expect(timeline.filter((line) => line.includes('INCIDENT'))).toHaveLength(2); // the shop's opened + resolved
    expect(find(timeline, /state +uplink on sw-1: critical → ok/)).toBeGreaterThan(quiet);
    expect(find(timeline, /state +db on web-1: critical → ok/)).toBeGreaterThan(quiet);

    // The audit trail: the dry-run plan, then the operator's act (intent before outcome).
    const audit = section(stdout, 'Audit trail (warden.audit.query()):');
    expect(audit).toHaveLength(3);
    expect(audit[0]).toMatch(/planned +restart-shop +ssh\.restartService on shop .*dry run/);
    expect(audit[1]).toMatch(/started +act +ssh\.restartService on shop .*ana/);
    expect(audit[2]).toMatch(/finished +act +ssh\.restartService on shop ok +systemctl restart shop: done; now active$/);

    const incidents = section(stdout, 'Incidents (warden.incidents.history()):');
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatch(/shop-http on shop: critical, resolved \d\d:\d\d:\d\d/);

    // Every check ends OK, with what each protocol answered.
    const states = section(stdout, 'Final states:');
    expect(states).toHaveLength(6);
    for (const line of states) expect(line).toMatch(/^ {2}\S+ +\S+ +OK +hard {2}/);
    expect(stdout).toMatch(/^ {2}sw-up +sw-1 +OK +hard {2}sw-1 \(127\.0\.0\.1:\d+\) answered as sw-1, up 41d$/m);
    expect(stdout).toMatch(/^ {2}db +web-1 +OK +hard {2}TCP OK - 0\.000 second response time on 127\.0\.0\.1 port 5432$/m);
    expect(stdout).toMatch(/^ {2}disk +web-1 +OK +hard {2}.*mountpoint=\/,.*=0\.2190$/m);
    // Collected over SNMP (uptime, a rate from IF-MIB counters) and SSH (the recorded /proc/loadavg).
    expect(stdout).toMatch(/^sw-1 up 41\.0 days, Gi0\/1 receiving 10\.0 Mbit\/s; web-1 load 11\.06$/m);
    // The rule restarted nothing: the host saw one restart, the operator's.
    expect(stdout).toMatch(/^the host answered \d+ SSH commands, 1 of them a restart; nothing ran on this machine$/m);
    // Stopped cleanly, and the process exited by itself (runExample kills it otherwise).
    expect(stdout.trimEnd().endsWith('stopped: Warden and the three peers are closed')).toBe(true);
  });
});
