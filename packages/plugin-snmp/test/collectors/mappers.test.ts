import type { Sample } from '@warden/core';
import { describe, expect, it } from 'vitest';
import { HR_PROCESSOR_LOAD, HR_STORAGE_ENTRY, mapCpu, mapStorage } from '../../src/collectors/host-resources.js';
import { IF_ENTRY, IFX_ENTRY, mapInterfaces } from '../../src/collectors/interfaces.js';
import { mapSystem, SYSTEM_OIDS } from '../../src/collectors/system.js';
import { mapUcd, UCD_DSK_ENTRY, UCD_LA_LOAD, UCD_MEMORY } from '../../src/collectors/ucd.js';
import { SnmpType, type Varbind } from '../../src/varbind.js';
import { loadFixture, subtree } from '../helpers/snmprec.js';

const cisco = loadFixture('snmpsim/cisco_16_switch.snmprec');
const linux = loadFixture('snmpsim/linux-full-walk.snmprec');
const winxp = loadFixture('snmpsim/winxp-full-walk.snmprec');

function find(samples: Sample[], name: string, labels: Record<string, string> = {}): Sample[] {
  return samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels?.[k] === v));
}

describe('mapSystem', () => {
  it('turns sysUpTime ticks into seconds and keeps the identity as labels', () => {
    const byOid = new Map(cisco.map((v) => [v.oid, v]));
    const samples = mapSystem(
      Object.values(SYSTEM_OIDS)
        .map((oid) => byOid.get(oid))
        .filter((v): v is Varbind => v !== undefined),
    );
    const ticks = Number(byOid.get(SYSTEM_OIDS.sysUpTime)?.value);
    expect(find(samples, 'system.uptime')[0]?.value).toBe(ticks / 100);
    const info = find(samples, 'snmp.system.info')[0];
    expect(info?.labels?.sysObjectID).toBe(String(byOid.get(SYSTEM_OIDS.sysObjectID)?.value));
    expect(info?.labels?.sysDescr).toMatch(/Cisco/);
  });

  it('skips missing objects instead of inventing values', () => {
    expect(mapSystem([{ oid: SYSTEM_OIDS.sysUpTime, type: SnmpType.NoSuchObject, value: null }])).toEqual([]);
  });
});

describe('mapInterfaces on a recorded Catalyst 3750 (snmpsim cisco_16_switch)', () => {
  const samples = mapInterfaces(subtree(cisco, IF_ENTRY), subtree(cisco, IFX_ENTRY));
  const ifIndexes = subtree(cisco, `${IF_ENTRY}.1`).map((v) => Number(v.value));

  it('gives every interface one up/down sample named by ifName', () => {
    const up = find(samples, 'system.network.interface.up');
    expect(up).toHaveLength(ifIndexes.length);
    const names = new Set(up.map((s) => s.labels?.device));
    expect(names.size).toBe(ifIndexes.length);
    expect(names.has('Vl1')).toBe(true);
  });

  it('prefers 64-bit HC octet counters and says so', () => {
    const rx = find(samples, 'system.network.io', { device: 'Vl1', direction: 'receive' })[0];
    const hc = cisco.find((v) => v.oid === `${IFX_ENTRY}.6.1`);
    expect(rx).toMatchObject({ type: 'counter', counterBits: 64, unit: 'By', value: Number(hc?.value) });
  });

  it('reads errors and discards from the 32-bit ifTable columns', () => {
    const errors = find(samples, 'system.network.errors', { device: 'Vl1', direction: 'receive' })[0];
    expect(errors).toMatchObject({ counterBits: 32, value: Number(cisco.find((v) => v.oid === `${IF_ENTRY}.14.1`)?.value) });
  });

  it('labels admin status and reports speed in bit/s from ifHighSpeed', () => {
    const up = find(samples, 'system.network.interface.up', { device: 'Vl1' })[0];
    const admin = Number(cisco.find((v) => v.oid === `${IF_ENTRY}.7.1`)?.value);
    expect(up?.labels?.admin).toBe(admin === 1 ? 'up' : admin === 2 ? 'down' : 'testing');
    const high = Number(cisco.find((v) => v.oid === `${IFX_ENTRY}.15.1`)?.value);
    expect(find(samples, 'system.network.interface.speed', { device: 'Vl1' })[0]?.value).toBe(high * 1_000_000);
  });

  it('falls back to 32-bit counters and ifDescr without ifXTable (SNMPv1)', () => {
    const v1 = mapInterfaces(subtree(cisco, IF_ENTRY), []);
    const rx = find(v1, 'system.network.io', { direction: 'receive' });
    // The recording has no ifInOctets for the two StackPort sub-interfaces: no sample, not a zero.
    const withOctets = subtree(cisco, `${IF_ENTRY}.10`).length;
    expect(withOctets).toBe(ifIndexes.length - 2);
    expect(rx.length).toBe(withOctets);
    expect(rx.every((s) => s.counterBits === 32)).toBe(true);
    const descr = String(cisco.find((v) => v.oid === `${IF_ENTRY}.2.1`)?.value);
    expect(rx.some((s) => s.labels?.device === descr)).toBe(true);
  });

  it('wraps a sum of 32-bit packet counters at 2^32', () => {
    const row = (col: number, value: number): Varbind => ({ oid: `${IF_ENTRY}.${col}.1`, type: SnmpType.Counter32, value });
    const out = mapInterfaces([row(11, 4_294_967_000), row(12, 1000)], []);
    expect(find(out, 'system.network.packets', { direction: 'receive' })[0]?.value).toBe(704);
  });

  it('keeps duplicate interface names apart', () => {
    const descr = (i: number): Varbind => ({ oid: `${IF_ENTRY}.2.${i}`, type: SnmpType.OctetString, value: Buffer.from('eth') });
    const oper = (i: number): Varbind => ({ oid: `${IF_ENTRY}.8.${i}`, type: SnmpType.Integer, value: 1 });
    const out = mapInterfaces([descr(1), descr(2), oper(1), oper(2)], []);
    expect(out.map((s) => s.labels?.device).sort()).toEqual(['eth#1', 'eth#2']);
  });
});

describe('mapStorage and mapCpu on recorded hosts', () => {
  it('maps Net-SNMP hrStorage: RAM as memory, fixed disks as filesystems', () => {
    const samples = mapStorage(subtree(linux, HR_STORAGE_ENTRY));
    expect(find(samples, 'system.memory.limit')[0]?.value).toBe(1021976 * 1024);
    const root = find(samples, 'system.filesystem.usage', { mountpoint: '/', state: 'used' })[0];
    const used = Number(linux.find((v) => v.oid === `${HR_STORAGE_ENTRY}.6.31`)?.value) * 4096;
    expect(root?.value).toBe(used);
    expect(find(samples, 'system.filesystem.utilization').map((s) => s.labels?.mountpoint)).toEqual(['/', '/usr/local', '/export']);
  });

  it('maps Windows XP hrStorage with drive letters', () => {
    const fs = find(mapStorage(subtree(winxp, HR_STORAGE_ENTRY)), 'system.filesystem.utilization');
    expect(fs.length).toBeGreaterThan(0);
    expect(fs.every((s) => s.value >= 0 && s.value <= 1)).toBe(true);
    expect(fs[0]?.labels?.mountpoint).toMatch(/^C:/);
  });

  it('takes negative Integer32 sizes from overflowing agents as unsigned', () => {
    const e = (col: number, type: number, value: number | string): Varbind => ({ oid: `${HR_STORAGE_ENTRY}.${col}.1`, type, value });
    const out = mapStorage([
      e(2, SnmpType.OID, '1.3.6.1.2.1.25.2.1.4'),
      e(3, SnmpType.OctetString, '/big'),
      e(4, SnmpType.Integer, 4096),
      e(5, SnmpType.Integer, -1_000_000),
      e(6, SnmpType.Integer, 1000),
    ]);
    expect(find(out, 'system.filesystem.usage', { state: 'free' })[0]?.value).toBe((4_294_967_296 - 1_000_000 - 1000) * 4096);
  });

  it('averages hrProcessorLoad and labels each CPU', () => {
    const samples = mapCpu(subtree(winxp, HR_PROCESSOR_LOAD));
    const perCpu = samples.filter((s) => s.labels?.cpu !== undefined);
    expect(perCpu.length).toBeGreaterThan(0);
    const overall = samples.find((s) => s.labels === undefined);
    expect(overall?.value).toBeCloseTo(perCpu.reduce((a, s) => a + s.value, 0) / perCpu.length);
  });
});

describe('mapUcd on a recorded Net-SNMP host', () => {
  const samples = mapUcd(subtree(linux, UCD_LA_LOAD), subtree(linux, UCD_MEMORY), subtree(linux, UCD_DSK_ENTRY));
  it('parses the load average strings', () => {
    expect(find(samples, 'system.cpu.load_average.1m')[0]?.value).toBe(0.46);
    expect(find(samples, 'system.cpu.load_average.15m')[0]?.value).toBe(0.03);
  });
  it('splits memory into used, free, buffers and cached that add up to the total', () => {
    const usage = find(samples, 'system.memory.usage');
    expect(usage.reduce((a, s) => a + s.value, 0)).toBe(1021976 * 1024);
    expect(find(samples, 'system.memory.usage', { state: 'cached' })[0]?.value).toBe(207212 * 1024);
    expect(find(samples, 'system.paging.usage', { state: 'used' })[0]?.value).toBe((987988 - 960556) * 1024);
  });
});

describe('mappers on a walk recorded from Debian 12 snmpd', () => {
  const snmpd = loadFixture('snmpd/debian12-snmpd.snmprec');

  it('maps dskTable through the 64-bit High/Low columns', () => {
    const fs = find(mapUcd([], [], subtree(snmpd, UCD_DSK_ENTRY)), 'system.filesystem.usage', { mountpoint: '/', state: 'used' })[0];
    const low = Number(snmpd.find((v) => v.oid === `${UCD_DSK_ENTRY}.15.1`)?.value);
    const high = Number(snmpd.find((v) => v.oid === `${UCD_DSK_ENTRY}.16.1`)?.value);
    expect(fs?.value).toBe((high * 2 ** 32 + low) * 1024);
  });

  it('maps the loopback interface with HC counters', () => {
    const samples = mapInterfaces(subtree(snmpd, IF_ENTRY), subtree(snmpd, IFX_ENTRY));
    expect(find(samples, 'system.network.io', { device: 'lo', direction: 'receive' })[0]).toMatchObject({ counterBits: 64 });
    expect(find(samples, 'system.network.interface.up', { device: 'lo' })[0]).toMatchObject({ value: 1, labels: { admin: 'up' } });
  });

  it('maps hrStorage memory and filesystems', () => {
    const samples = mapStorage(subtree(snmpd, HR_STORAGE_ENTRY));
    expect(find(samples, 'system.memory.limit')[0]?.value).toBeGreaterThan(0);
    expect(find(samples, 'system.filesystem.utilization').length).toBeGreaterThan(0);
  });
});
