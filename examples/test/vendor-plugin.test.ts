import { describe, expect, it } from 'vitest';
import { runExample } from './run-example.js';

describe('examples/vendor-plugin', () => {
  it('collects and checks a PDU through the plugin, and exits 0 when every outlet is on', async () => {
    const { code, stdout, stderr } = await runExample('vendor-plugin', [], { ACME_PDU_TOKEN: 'token-from-env' });
    expect(stdout.split('\n'), stderr).toEqual([
      'OK       db-1-psu-a on pdu-1: outlet 3 (db-1 PSU A) is on, 253.1 W',
      'OK       web-1-psu-a on pdu-1: outlet 1 (web-1 PSU A) is on, 96.5 W',
      'inlet 230.4 V, 4 outlets draw 441.6 W in all',
      'OK: 2 checks (2 ok)',
      '',
    ]);
    expect(code).toBe(0);
  });

  it('reports an outlet that is off as CRITICAL and exits 2', async () => {
    const { code, stdout, stderr } = await runExample('vendor-plugin', ['--outlet-off', '3']);
    expect(stdout, stderr).toContain('CRITICAL db-1-psu-a on pdu-1: outlet 3 (db-1 PSU A) is off, expected on');
    expect(code).toBe(2);
  });
});
