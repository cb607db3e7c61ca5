import { execFileSync } from 'node:child_process';
import type { AssetProposal } from '@warden/core';
import { describe, expect, it } from 'vitest';
import { snmpSweepParamsSchema } from '../../src/discovery/params.js';
import { sweep } from '../../src/discovery/sweep.js';
import { hookContext } from '../helpers/context.js';

// Started by scripts/system/peers/snmpd.sh and snmpsim.sh.
const snmpd = Number(process.env.WARDEN_SNMPD_PORT);
const snmpsim = Number(process.env.WARDEN_SNMPSIM_PORT);
if (!snmpd || !snmpsim) throw new Error('WARDEN_SNMPD_PORT / WARDEN_SNMPSIM_PORT are not set: run through scripts/system/run.sh');

function snmpget(port: number, community: string, oid: string): string {
  return execFileSync('snmpget', ['-v2c', '-c', community, '-On', '-Oqv', `127.0.0.1:${port}`, oid], { encoding: 'utf8' })
    .trim()
    .replace(/^"|"$/g, '')
    .replace(/^\./, '');
}

async function run(params: unknown): Promise<Map<string, AssetProposal>> {
  const found = new Map<string, AssetProposal>();
  for await (const p of sweep(snmpSweepParamsSchema.parse(params), hookContext())) found.set(p.id, p);
  return found;
}

describe('snmp.sweep against Net-SNMP snmpd and a recorded Cisco switch', () => {
  it('finds both with the community each answers, identity as snmpget reads it', async () => {
    const found = await run({
      targets: [`127.0.0.1:${snmpd}`, `127.0.0.1:${snmpsim}`],
      communities: ['cisco_16_switch', 'public'],
      timeout: 500,
    });
    const linux = [...found.values()].find((p) => p.snmp?.port === snmpd);
    const cisco = [...found.values()].find((p) => p.snmp?.port === snmpsim);
    expect(linux).toMatchObject({
      kind: 'host',
      facts: { vendor: 'Net-SNMP', os: 'Linux', sysObjectID: snmpget(snmpd, 'public', '1.3.6.1.2.1.1.2.0') },
      snmp: { community: 'public' },
    });
    expect(linux?.id).toBe(`${snmpget(snmpd, 'public', '1.3.6.1.2.1.1.5.0')}@127.0.0.1:${snmpd}`);
    expect(cisco).toMatchObject({
      kind: 'network-device',
      facts: { vendor: 'Cisco', enterprise: 9, sysObjectID: snmpget(snmpsim, 'cisco_16_switch', '1.3.6.1.2.1.1.2.0') },
      snmp: { community: 'cisco_16_switch' },
    });
  });

  it('finds snmpd with an SNMPv3 user only', async () => {
    const found = await run({
      targets: [`127.0.0.1:${snmpd}`],
      v3: [
        {
          user: 'warden-sha',
          level: 'authPriv',
          authProtocol: 'sha',
          authKey: 'warden-auth-1',
          privProtocol: 'aes',
          privKey: 'warden-priv-1',
        },
      ],
      timeout: 1000,
    });
    expect([...found.values()].map((p) => p.snmp?.v3?.user)).toEqual(['warden-sha']);
  });
});
