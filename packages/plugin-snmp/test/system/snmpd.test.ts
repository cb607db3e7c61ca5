import { execFileSync } from 'node:child_process';
import type { Asset, Sample } from '@warden/core';
import { afterAll, describe, expect, it } from 'vitest';
import { IF_ENTRY } from '../../src/collectors/interfaces.js';
import { hookContext, install, params } from '../helpers/context.js';

// Started by scripts/system/peers/snmpd.sh (see that script for the users and communities).
const port = Number(process.env.WARDEN_SNMPD_PORT);
if (!port) throw new Error('WARDEN_SNMPD_PORT is not set: run through scripts/system/run.sh (needs the snmpd package)');
const target = `127.0.0.1:${port}`;
const plugin = install();
afterAll(() => plugin.dispose());

function asset(snmp: Record<string, unknown>): Asset {
  return { id: 'snmpd', kind: 'host', address: '127.0.0.1', snmp: { port, timeout: 2000, ...snmp } } as Asset;
}
const v2c = asset({ version: '2c', community: 'public' });

/** `snmpbulkwalk -Cr25` as numeric OID → value text. */
function bulkwalk(oid: string): Map<string, string> {
  const text = execFileSync('snmpbulkwalk', ['-v2c', '-c', 'public', '-On', '-Oq', '-Ot', '-Cr25', target, oid], { encoding: 'utf8' });
  const out = new Map<string, string>();
  for (const line of text.trim().split('\n')) {
    // An empty subtree prints one "No Such Instance/Object" line.
    if (line === '' || /No Such (Instance|Object)/.test(line)) continue;
    const at = line.indexOf(' ');
    out.set(line.slice(1, at), line.slice(at + 1).replace(/^"|"$/g, ''));
  }
  return out;
}

function snmpget(oid: string, args: string[] = ['-v2c', '-c', 'public']): string {
  return execFileSync('snmpget', [...args, '-On', '-Oqv', target, oid], { encoding: 'utf8' })
    .trim()
    .replace(/^"|"$/g, '');
}

async function collect(name: string, a: Asset = v2c): Promise<Sample[]> {
  return (await plugin.collectors.get(name)?.collect(a, hookContext(), undefined)) ?? [];
}

describe('snmp collectors cross-checked with the Net-SNMP tools on a private snmpd', () => {
  it('snmp.interfaces: one series per ifIndex, names and status as snmpbulkwalk shows them', async () => {
    // Interfaces come and go rarely; compare the stable columns, read in the same round.
    const samples = await collect('snmp.interfaces');
    const descr = bulkwalk(`${IF_ENTRY}.2`);
    const oper = bulkwalk(`${IF_ENTRY}.8`);
    const names = bulkwalk('1.3.6.1.2.1.31.1.1.1.1');
    const up = samples.filter((s) => s.name === 'system.network.interface.up');
    expect(up.map((s) => s.labels?.device).sort()).toEqual(
      [...descr.keys()].map((oid) => names.get(oid.replace(`${IF_ENTRY}.2.`, '1.3.6.1.2.1.31.1.1.1.1.')) ?? descr.get(oid)).sort(),
    );
    for (const [oid, status] of oper) {
      const index = oid.slice(`${IF_ENTRY}.8.`.length);
      const name = names.get(`1.3.6.1.2.1.31.1.1.1.1.${index}`) ?? descr.get(`${IF_ENTRY}.2.${index}`);
      expect(up.find((s) => s.labels?.device === name)?.value).toBe(Number(status) === 1 ? 1 : 0);
    }
  });

  it('snmp.interfaces: octet counters lie between two snmpget readings taken around the collection', async () => {
    const before = Number(snmpget('1.3.6.1.2.1.31.1.1.1.6.1'));
    const samples = await collect('snmp.interfaces');
    const after = Number(snmpget('1.3.6.1.2.1.31.1.1.1.6.1'));
    const lo = samples.find((s) => s.name === 'system.network.io' && s.labels?.device === 'lo' && s.labels.direction === 'receive');
    expect(lo?.counterBits).toBe(64);
    expect(lo?.value).toBeGreaterThanOrEqual(before);
    expect(lo?.value).toBeLessThanOrEqual(after);
  });

  it('snmp.storage: filesystem sizes equal hrStorageSize × units from snmpbulkwalk', async () => {
    const samples = await collect('snmp.storage');
    const descr = bulkwalk('1.3.6.1.2.1.25.2.3.1.3');
    const units = bulkwalk('1.3.6.1.2.1.25.2.3.1.4');
    const size = bulkwalk('1.3.6.1.2.1.25.2.3.1.5');
    const rootIndex = [...descr]
      .find(([, v]) => v === '/')?.[0]
      .split('.')
      .pop();
    expect(rootIndex).toBeDefined();
    const total = Number(size.get(`1.3.6.1.2.1.25.2.3.1.5.${rootIndex}`)) * Number(units.get(`1.3.6.1.2.1.25.2.3.1.4.${rootIndex}`));
    const usage = samples.filter((s) => s.name === 'system.filesystem.usage' && s.labels?.mountpoint === '/');
    expect(usage.reduce((a, s) => a + s.value, 0)).toBe(total);
  });

  it('snmp.ucd: load averages match snmpget within the agent refresh', async () => {
    const samples = await collect('snmp.ucd');
    const load = Number(snmpget('1.3.6.1.4.1.2021.10.1.3.1'));
    const got = samples.find((s) => s.name === 'system.cpu.load_average.1m')?.value;
    expect(got).toBeTypeOf('number');
    expect(Math.abs((got as number) - load)).toBeLessThan(2);
    expect(samples.some((s) => s.name === 'system.filesystem.usage' && s.labels?.mountpoint === '/')).toBe(true);
  });

  it('snmp.system: sysName and sysObjectID as snmpget reports them', async () => {
    const samples = await collect('snmp.system');
    const info = samples.find((s) => s.name === 'snmp.system.info');
    expect(info?.labels?.sysName).toBe(snmpget('1.3.6.1.2.1.1.5.0'));
    expect(`.${info?.labels?.sysObjectID}`).toBe(snmpget('1.3.6.1.2.1.1.2.0', ['-v2c', '-c', 'public', '-On']));
  });

  it('snmp.cpu: one utilization per hrProcessorLoad row', async () => {
    const rows = bulkwalk('1.3.6.1.2.1.25.3.3.1.2');
    const samples = await collect('snmp.cpu');
    expect(samples.filter((s) => s.labels?.cpu !== undefined)).toHaveLength(rows.size);
  });
});

describe('SNMPv3 levels on snmpd', () => {
  const v3 = (v3block: Record<string, unknown>) => asset({ version: '3', v3: v3block });
  const reachable = (a: Asset) => plugin.probes.get('snmp.reachable')?.run(a, undefined, hookContext());
  const sysName = () => snmpget('1.3.6.1.2.1.1.5.0');

  it('authPriv with SHA/AES', async () => {
    const r = await reachable(
      v3({
        user: 'warden-sha',
        level: 'authPriv',
        authProtocol: 'sha',
        authKey: 'warden-auth-1',
        privProtocol: 'aes',
        privKey: 'warden-priv-1',
      }),
    );
    expect(r).toMatchObject({ status: 'ok', summary: expect.stringContaining(sysName()) });
  });

  it('authPriv with SHA-256/AES', async () => {
    const r = await reachable(
      v3({
        user: 'warden-sha256',
        level: 'authPriv',
        authProtocol: 'sha256',
        authKey: 'warden-auth-2',
        privProtocol: 'aes',
        privKey: 'warden-priv-2',
      }),
    );
    expect(r?.status).toBe('ok');
  });

  it('authNoPriv with SHA', async () => {
    const r = await reachable(v3({ user: 'warden-auth', level: 'authNoPriv', authProtocol: 'sha', authKey: 'warden-auth-3' }));
    expect(r?.status).toBe('ok');
  });

  it('a wrong auth key is critical ERR_AUTH, naming the device', async () => {
    const r = await reachable(
      v3({
        user: 'warden-sha',
        level: 'authPriv',
        authProtocol: 'sha',
        authKey: 'not-the-key',
        privProtocol: 'aes',
        privKey: 'warden-priv-1',
      }),
    );
    expect(r).toMatchObject({ status: 'critical', code: 'ERR_AUTH' });
    expect(r?.summary).toContain(`snmpd (127.0.0.1:${port})`);
  });

  it('an unknown user is critical ERR_AUTH', async () => {
    const r = await reachable(v3({ user: 'nobody-here', level: 'authNoPriv', authProtocol: 'sha', authKey: 'whatever-key' }));
    expect(r).toMatchObject({ status: 'critical', code: 'ERR_AUTH' });
    expect(r?.summary).toMatch(/Unknown User Name/i);
  });

  it('a wrong community times out as ERR_TIMEOUT with a hint', async () => {
    const r = await reachable(asset({ version: '2c', community: 'wrong', timeout: 300, retries: 0 }));
    expect(r).toMatchObject({ status: 'critical', code: 'ERR_TIMEOUT' });
    expect(r?.summary).toMatch(/community/);
  });
});

describe('snmp.set on snmpd', () => {
  it('changes sysContact and snmpget sees it', async () => {
    const action = plugin.actions.get('snmp.set');
    const value = `noc-${process.pid}@example.org`;
    const a = asset({ version: '2c', community: 'public', writeCommunity: 'private' });
    const result = await action?.run(a, params(action ?? {}, { oid: '1.3.6.1.2.1.1.4.0', type: 'OctetString', value }), hookContext());
    expect(result).toMatchObject({ ok: true });
    expect(snmpget('1.3.6.1.2.1.1.4.0')).toBe(value);
  });

  it('is refused with the read-only community, saying why', async () => {
    const action = plugin.actions.get('snmp.set');
    const a = asset({ version: '2c', community: 'public' });
    const result = await action?.run(a, params(action ?? {}, { oid: '1.3.6.1.2.1.1.4.0', type: 'OctetString', value: 'x' }), hookContext());
    expect(result?.ok).toBe(false);
    expect(result?.error).toMatch(/ERR_AUTH|ERR_PROTOCOL/);
  });
});
