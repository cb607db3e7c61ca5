import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { freeUdpPort } from '../../packages/plugin-snmp/test/helpers/agent.js';
import { runExample } from '../test/run-example.js';

// Against the private snmpd that scripts/system/peers/snmpd.sh starts.
const port = Number(process.env.WARDEN_SNMPD_PORT);
if (!port) throw new Error('WARDEN_SNMPD_PORT is not set: run through scripts/system/run.sh');

describe('examples/snmp', () => {
  it('sweeps, checks once, receives a trap from snmptrap, and exits with the worst status', async () => {
    const trapPort = await freeUdpPort();
    const run = runExample('snmp', [`127.0.0.1:${port}`, `127.0.0.2:${port}`], {
      WARDEN_SNMP_TRAP_PORT: String(trapPort),
      WARDEN_SNMP_LISTEN_MS: '3000',
    });
    // The receiver binds when the example starts Warden, at a moment the test cannot see:
    // send a trap every 250 ms until the example has exited.
    let done = false;
    void run.then(() => {
      done = true;
    });
    while (!done) {
      await new Promise<void>((resolve) =>
        execFile(
          'snmptrap',
          ['-v2c', '-c', 'public', `127.0.0.1:${trapPort}`, '', '1.3.6.1.6.3.1.1.5.3', '1.3.6.1.2.1.2.2.1.1.1', 'i', '1'],
          () => resolve(),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const { code, stdout, stderr } = await run;
    expect(stdout, stderr).toMatch(/^found \S+@127\.0\.0\.1:\d+: kind=host vendor=Net-SNMP os=Linux /m);
    expect(stdout).toMatch(/^OK {7}snmp-up on /m);
    expect(stdout).toMatch(/^OK {7}disk on /m);
    const asset = /^found (\S+@127\.0\.0\.1:\d+):/m.exec(stdout)?.[1] as string;
    expect(stdout).toContain(
      `trap linkDown from 127.0.0.1 (v2c, asset ${asset}): snmp.trap.link critical: linkDown from ${asset}: ifIndex 1 is down\n`,
    );
    expect(stdout).toContain(`snmp.trap.link on ${asset}: CRITICAL linkDown from ${asset}: ifIndex 1 is down\n`);
    expect(stderr).toContain('sweep: 2/2 probed, 1 found');
    // The exit code is the Nagios code of the summary line (uptime warns while snmpd is young).
    const summary = /^(OK|WARNING|CRITICAL|UNKNOWN): \d+ checks/m.exec(stdout)?.[1];
    expect(code).toBe(['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'].indexOf(summary ?? ''));
  });
});
