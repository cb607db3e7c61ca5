import { type Asset, secret } from '@warden/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snmpAssetConfigSchema } from '../src/options.js';
import { snmp } from '../src/plugin.js';
import { interfaceTables, SYSTEM_SCALARS, startAgent, startSilentAgent, type TestAgent } from './helpers/agent.js';
import { hookContext, type Installed, install, params } from './helpers/context.js';

let agent: TestAgent;
let plugin: Installed;

function asset(port: number, snmpConfig: Record<string, unknown> = {}): Asset {
  return {
    id: 'sw-1',
    kind: 'network-device',
    address: '127.0.0.1',
    snmp: { version: '2c', port, timeout: 300, retries: 0, ...snmpConfig },
  } as Asset;
}

beforeAll(async () => {
  agent = await startAgent({ scalars: SYSTEM_SCALARS, tables: interfaceTables(4), communities: ['public', 'private'] });
  plugin = install();
});
afterAll(async () => {
  await plugin.dispose();
  await agent.close();
});

describe('asset config schema', () => {
  it('accepts v2c and v3 blocks', () => {
    expect(snmpAssetConfigSchema.safeParse({ version: '2c', community: 'public', timeout: '2s' }).success).toBe(true);
    const v3 = {
      version: '3',
      v3: { user: 'u', level: 'authPriv', authProtocol: 'sha256', authKey: 'k'.repeat(8), privProtocol: 'aes', privKey: 'p'.repeat(8) },
    };
    expect(snmpAssetConfigSchema.safeParse(v3).success).toBe(true);
  });

  it("takes core's secrets for communities and keys, and refuses look-alike objects", () => {
    expect(snmpAssetConfigSchema.safeParse({ version: '2c', community: secret.value('s3cret') }).success).toBe(true);
    const fake = { reveal: async () => 'x', source: 'value', description: 'fake', problem: () => undefined };
    const result = snmpAssetConfigSchema.safeParse({ version: '2c', community: fake });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['community']);
  });

  it('names every problem with its path', () => {
    const result = snmpAssetConfigSchema.safeParse({ version: '3', v3: { user: 'u', level: 'authPriv' }, timeout: 'soon', extra: 1 });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(expect.arrayContaining(['timeout', 'v3.authProtocol', 'v3.authKey', 'v3.privProtocol', 'v3.privKey']));
    expect(result.error?.issues.some((i) => i.code === 'unrecognized_keys')).toBe(true);
  });

  it('refuses unknown plugin options with ERR_CONFIG_INVALID', () => {
    expect(() => snmp({ sockets: 0 })).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }));
  });
});

describe('the plugin against an in-process agent', () => {
  it('registers the documented names', () => {
    expect([...plugin.collectors.keys()].sort()).toEqual(
      ['snmp.cpu', 'snmp.interfaces', 'snmp.sensors', 'snmp.storage', 'snmp.system', 'snmp.table', 'snmp.ucd', 'snmp.ups'].sort(),
    );
    expect([...plugin.probes.keys()].sort()).toEqual(['snmp.get', 'snmp.interface', 'snmp.reachable']);
    expect([...plugin.actions.keys()]).toEqual(['snmp.set']);
  });

  it('collects interfaces with HC counters', async () => {
    const samples = await plugin.collectors.get('snmp.interfaces')?.collect(asset(agent.port), hookContext(), undefined);
    const rx = samples?.find((s) => s.name === 'system.network.io' && s.labels?.device === 'Gi0/3' && s.labels.direction === 'receive');
    expect(rx).toMatchObject({ value: 3 * 2 ** 33, counterBits: 64, type: 'counter' });
    const up = samples?.filter((s) => s.name === 'system.network.interface.up').map((s) => s.value);
    expect(up).toEqual([1, 0, 1, 0]);
  });

  it('collects a declarative table with lookups and enum maps', async () => {
    const table = plugin.collectors.get('snmp.table');
    const profile = params(table ?? {}, {
      scalars: [{ oid: '1.3.6.1.2.1.1.3.0', name: 'device.uptime', unit: 's', scale: 0.01 }],
      tables: [
        {
          index: 'ifIndex',
          labels: { name: '1.3.6.1.2.1.31.1.1.1.1' },
          metrics: [{ column: '1.3.6.1.2.1.2.2.1.8', name: 'port.oper', enum: { '1': 1, '2': 0 } }],
        },
      ],
    });
    const samples = await table?.collect(asset(agent.port), hookContext(), profile);
    expect(samples?.find((s) => s.name === 'device.uptime')?.value).toBeCloseTo(1234.56);
    expect(samples?.filter((s) => s.name === 'port.oper').map((s) => [s.labels?.name, s.labels?.ifIndex, s.value])).toEqual([
      ['Gi0/1', '1', 1],
      ['Gi0/2', '2', 0],
      ['Gi0/3', '3', 1],
      ['Gi0/4', '4', 0],
    ]);
  });

  it('snmp.reachable is ok on an answering agent and critical on a silent one, naming the device and OID', async () => {
    const probe = plugin.probes.get('snmp.reachable');
    const ok = await probe?.run(asset(agent.port), undefined, hookContext());
    expect(ok).toMatchObject({ status: 'ok', summary: expect.stringContaining('sw-test') });
    const silent = await startSilentAgent();
    const down = await probe?.run(asset(silent.port, { timeout: 100 }), undefined, hookContext());
    expect(down).toMatchObject({ status: 'critical', code: 'ERR_TIMEOUT' });
    expect(down?.summary).toContain(`sw-1 (127.0.0.1:${silent.port})`);
    expect(down?.summary).toContain('1.3.6.1.2.1.1.3.0');
    await silent.close();
  });

  it('snmp.get judges thresholds and reports noSuchObject as unknown', async () => {
    const probe = plugin.probes.get('snmp.get');
    const run = (p: unknown) => probe?.run(asset(agent.port), params(probe ?? {}, p), hookContext());
    expect(await run({ oid: '1.3.6.1.2.1.1.3.0', warn: '>1000', crit: '>200000' })).toMatchObject({ status: 'warning' });
    expect(await run({ oid: '1.3.6.1.2.1.1.3.0', crit: '>100000' })).toMatchObject({ status: 'critical' });
    expect(await run({ oid: '1.3.6.1.2.1.1.5.0', expect: 'sw-test' })).toMatchObject({ status: 'ok' });
    const missing = await run({ oid: '1.3.6.1.2.1.1.99.0', crit: '>1' });
    expect(missing).toMatchObject({ status: 'unknown' });
    expect(missing?.summary).toMatch(/NoSuch(Object|Instance) for 1\.3\.6\.1\.2\.1\.1\.99\.0/);
  });

  it('snmp.get takes Nagios ranges as core reads them and refuses a malformed threshold with its path', async () => {
    const probe = plugin.probes.get('snmp.get');
    const run = (p: unknown) => probe?.run(asset(agent.port), params(probe ?? {}, p), hookContext());
    // sysUpTime is 123456 ticks; scaled to 1234.56 s.
    expect(await run({ oid: '1.3.6.1.2.1.1.3.0', scale: 0.01, crit: '@1000:2000' })).toMatchObject({
      status: 'critical',
      summary: expect.stringContaining('(crit @1000:2000)'),
    });
    expect(await run({ oid: '1.3.6.1.2.1.1.3.0', scale: 0.01, warn: '1000:2000' })).toMatchObject({ status: 'ok' });
    expect(await run({ oid: '1.3.6.1.2.1.1.3.0', scale: 0.01, warn: '~:1000' })).toMatchObject({ status: 'warning' });
    const bad = probe?.params?.safeParse({ oid: '1.3.6.1.2.1.1.3.0', warn: '20:10' });
    expect(bad?.success).toBe(false);
    expect(bad?.error?.issues[0]).toMatchObject({ path: ['warn'], message: expect.stringContaining('start (20) above its end') });
  });

  it('snmp.interface is critical for a down port and unknown for a missing one', async () => {
    const probe = plugin.probes.get('snmp.interface');
    const run = (p: unknown) => probe?.run(asset(agent.port), params(probe ?? {}, p), hookContext());
    expect(await run({ interfaces: ['Gi0/1', 'Gi0/3'] })).toMatchObject({ status: 'ok' });
    expect(await run({ interfaces: ['Gi0/1', 'Gi0/2'] })).toMatchObject({
      status: 'critical',
      summary: expect.stringContaining('Gi0/2 down'),
    });
    expect(await run({ interfaces: ['Gi0/9'] })).toMatchObject({ status: 'unknown' });
  });

  it('snmp.set writes sysContact with the write community', async () => {
    const action = plugin.actions.get('snmp.set');
    const a = asset(agent.port, { community: 'public', writeCommunity: 'private' });
    const result = await action?.run(
      a,
      params(action ?? {}, { oid: '1.3.6.1.2.1.1.4.0', type: 'OctetString', value: 'ops@example.org' }),
      hookContext(),
    );
    expect(result).toMatchObject({ ok: true, output: '1.3.6.1.2.1.1.4.0 = "ops@example.org"' });
    const check = await plugin.probes.get('snmp.get')?.run(a, { oid: '1.3.6.1.2.1.1.4.0', expect: 'ops@example.org' }, hookContext());
    expect(check?.status).toBe('ok');
  });

  it('snmp.set refuses a value of the wrong type before sending anything', () => {
    const action = plugin.actions.get('snmp.set');
    expect(action?.params.safeParse({ oid: '1.3.6.1.2.1.2.2.1.7.3', type: 'Integer', value: 'down' }).success).toBe(false);
  });
});
