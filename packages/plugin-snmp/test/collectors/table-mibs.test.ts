import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Asset, Sample } from '@warden/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveProfile } from '../../src/collectors/profile.js';
import { interfaceTables, SYSTEM_SCALARS, startAgent, type TestAgent } from '../helpers/agent.js';
import { hookContext, type Installed, install, params } from '../helpers/context.js';

// net-snmp ships IF-MIB (and the IANAifType-MIB it imports) beside its base modules.
const mibDir = join(dirname(createRequire(import.meta.url).resolve('net-snmp')), 'lib', 'mibs');
const IF_MIB = [join(mibDir, 'IANAifType-MIB.mib'), join(mibDir, 'IF-MIB.mib')];

describe('snmp.table with MIB names', () => {
  let agent: TestAgent;
  let plugin: Installed;
  beforeAll(async () => {
    agent = await startAgent({ scalars: SYSTEM_SCALARS, tables: interfaceTables(2) });
    plugin = install({ mibs: IF_MIB });
  });
  afterAll(async () => {
    await plugin.dispose();
    await agent.close();
  });

  it('resolves MODULE::object names (base modules and snmp({ mibs })) when the spec is parsed, and collects them', async () => {
    const table = plugin.collectors.get('snmp.table');
    if (!table) throw new Error('snmp.table not registered');
    const profile = params<unknown>(table, {
      scalars: [{ oid: 'SNMPv2-MIB::sysUpTime.0', name: 'device.uptime', unit: 's', scale: 0.01 }],
      tables: [
        {
          index: 'ifIndex',
          labels: { name: 'IF-MIB::ifName' },
          metrics: [{ column: 'IF-MIB::ifHCInOctets', name: 'device.if.in', unit: 'By' }],
        },
      ],
    });
    expect(profile).toMatchObject({
      scalars: [{ oid: '1.3.6.1.2.1.1.3.0' }],
      tables: [{ labels: { name: '1.3.6.1.2.1.31.1.1.1.1' }, metrics: [{ column: '1.3.6.1.2.1.31.1.1.1.6' }] }],
    });
    const asset = { id: 'sw', kind: 'network-device', address: '127.0.0.1', snmp: { version: '2c', port: agent.port } } as Asset;
    const samples = (await table.collect(asset, hookContext(), profile)) as Sample[];
    expect(samples).toEqual([
      { name: 'device.uptime', value: 1234.56, type: 'gauge', unit: 's', labels: {} },
      { name: 'device.if.in', value: 2 ** 33, type: 'counter', counterBits: 64, unit: 'By', labels: { ifIndex: '1', name: 'Gi0/1' } },
      { name: 'device.if.in', value: 2 * 2 ** 33, type: 'counter', counterBits: 64, unit: 'By', labels: { ifIndex: '2', name: 'Gi0/2' } },
    ]);
  });

  it('refuses an unknown name, saying how to load its module', () => {
    const table = plugin.collectors.get('snmp.table');
    expect(() => params(table ?? {}, { scalars: [{ oid: 'PowerNet-MIB::upsAdvBatteryCapacity.0', name: 'ups.charge' }] })).toThrow(
      /unknown MIB name PowerNet-MIB::upsAdvBatteryCapacity\.0: load the module with snmp\(\{ mibs/,
    );
    expect(() => params(table ?? {}, { scalars: [{ oid: 'not an oid', name: 'x' }] })).toThrow(/numeric OID .* or a MIB name/);
  });

  it('fails snmp({ mibs }) at once for a file it cannot load, naming it', () => {
    expect(() => install({ mibs: ['/nonexistent/VENDOR-MIB.txt'] })).toThrow(/cannot load MIB file \/nonexistent\/VENDOR-MIB\.txt/);
  });
});

describe('resolveProfile', () => {
  it('replaces names in scalars, columns and label columns, and lists the unknown ones', () => {
    const known: Record<string, string> = { 'A-MIB::x.0': '1.3.9.1.0', 'A-MIB::col': '1.3.9.2.1.2' };
    const { profile, unknown } = resolveProfile(
      {
        scalars: [
          { oid: 'A-MIB::x.0', name: 'a.x' },
          { oid: '1.3.6.1.2.1.1.3.0', name: 'a.up' },
        ],
        tables: [{ labels: { l: 'A-MIB::col', m: 'B-MIB::gone' }, metrics: [{ column: 'A-MIB::col', name: 'a.col' }] }],
      },
      (name) => known[name],
    );
    expect(profile.scalars?.map((s) => s.oid)).toEqual(['1.3.9.1.0', '1.3.6.1.2.1.1.3.0']);
    expect(profile.tables?.[0]?.metrics[0]?.column).toBe('1.3.9.2.1.2');
    expect(profile.tables?.[0]?.labels).toEqual({ l: '1.3.9.2.1.2', m: 'B-MIB::gone' });
    expect(unknown).toEqual(['B-MIB::gone']);
  });
});
