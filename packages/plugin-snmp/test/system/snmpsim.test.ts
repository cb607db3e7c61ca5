import { execFileSync } from 'node:child_process';
import type { Asset } from '@warden/core';
import { afterAll, describe, expect, it } from 'vitest';
import { hookContext, install } from '../helpers/context.js';

// Started by scripts/system/peers/snmpsim.sh; the community selects the recorded device.
const port = Number(process.env.WARDEN_SNMPSIM_PORT);
if (!port) throw new Error('WARDEN_SNMPSIM_PORT is not set: run through scripts/system/run.sh (needs the snmpsim package)');
const plugin = install();
afterAll(() => plugin.dispose());

const device = (community: string): Asset =>
  ({ id: community, kind: 'network-device', address: '127.0.0.1', snmp: { version: '2c', port, community, timeout: 3000 } }) as Asset;

function bulkwalkCount(community: string, oid: string): number {
  const text = execFileSync('snmpbulkwalk', ['-v2c', '-c', community, '-On', '-Cr25', `127.0.0.1:${port}`, oid], { encoding: 'utf8' });
  return text.split('\n').filter((line) => line.startsWith('.')).length;
}

describe('snmp collectors on snmpsim recorded devices', () => {
  it('cisco_16_switch: every ifTable row becomes one interface, as snmpbulkwalk counts them', async () => {
    const samples = (await plugin.collectors.get('snmp.interfaces')?.collect(device('cisco_16_switch'), hookContext(), undefined)) ?? [];
    const up = samples.filter((s) => s.name === 'system.network.interface.up');
    expect(up).toHaveLength(bulkwalkCount('cisco_16_switch', '1.3.6.1.2.1.2.2.1.8'));
    const hc = samples.filter((s) => s.name === 'system.network.io' && s.counterBits === 64);
    expect(hc.length).toBe(
      bulkwalkCount('cisco_16_switch', '1.3.6.1.2.1.31.1.1.1.6') + bulkwalkCount('cisco_16_switch', '1.3.6.1.2.1.31.1.1.1.10'),
    );
  });

  it('recorded/linux-full-walk: hrStorage filesystems as snmpbulkwalk lists them', async () => {
    const samples =
      (await plugin.collectors.get('snmp.storage')?.collect(device('recorded/linux-full-walk'), hookContext(), undefined)) ?? [];
    const mounts = samples.filter((s) => s.name === 'system.filesystem.utilization').map((s) => s.labels?.mountpoint);
    expect(mounts).toEqual(['/', '/usr/local', '/export']);
  });
});
