import type { AssetProposal, DiscoveryProgressEvent, HookContext } from '@warden/core';
import { createTestWarden } from '@warden/core/testing';
import * as snmp from 'net-snmp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snmpSweepParamsSchema } from '../../src/discovery/params.js';
import { sweep } from '../../src/discovery/sweep.js';
import { snmp as snmpPlugin } from '../../src/plugin.js';
import { freeUdpPort, type ScalarSpec, startAgent, type TestAgent } from '../helpers/agent.js';
import { hookContext } from '../helpers/context.js';

const T = snmp.ObjectType;
const USER = { user: 'sweeper', level: 'authNoPriv', authProtocol: 'sha', authKey: 'sweeper-auth-1' } as const;

function system(descr: string, objectId: string, name: string): ScalarSpec[] {
  return [
    { name: 'sysDescr', oid: '1.3.6.1.2.1.1.1', type: T.OctetString, value: descr },
    { name: 'sysObjectID', oid: '1.3.6.1.2.1.1.2', type: T.OID, value: objectId },
    { name: 'sysContact', oid: '1.3.6.1.2.1.1.4', type: T.OctetString, value: 'noc@example.org' },
    { name: 'sysName', oid: '1.3.6.1.2.1.1.5', type: T.OctetString, value: name },
    { name: 'sysLocation', oid: '1.3.6.1.2.1.1.6', type: T.OctetString, value: 'ams1 rack 4' },
  ];
}

let port: number;
const agents: TestAgent[] = [];

beforeAll(async () => {
  port = await freeUdpPort();
  // Three agents on one port at different loopback addresses, each answering different credentials.
  agents.push(
    await startAgent({
      address: '127.0.0.2',
      port,
      communities: ['public'],
      scalars: system('Cisco IOS Software, C3750 Software', '1.3.6.1.4.1.9.1.516', 'core-sw-1'),
    }),
    await startAgent({
      address: '127.0.0.3',
      port,
      communities: ['private'],
      scalars: system('APC Web/SNMP Management Card (PN:apc_hw05_rpdu2g)', '1.3.6.1.4.1.318.1.3.4.5', 'pdu a/4'),
    }),
    await startAgent({
      address: '127.0.0.4',
      port,
      communities: [],
      users: [{ name: USER.user, level: snmp.SecurityLevel.authNoPriv, authProtocol: snmp.AuthProtocols.sha, authKey: USER.authKey }],
      scalars: system('Linux db-1 6.1.0-18-amd64 #1 SMP Debian x86_64', '1.3.6.1.4.1.8072.3.2.10', 'db-1'),
    }),
  );
});
afterAll(async () => {
  for (const agent of agents) await agent.close();
});

function context(signal?: AbortSignal): { ctx: HookContext; progress: DiscoveryProgressEvent[] } {
  const progress: DiscoveryProgressEvent[] = [];
  const ctx = {
    ...hookContext(signal),
    emit: (event: string, payload: unknown) => void (event === 'discovery:progress' && progress.push(payload as DiscoveryProgressEvent)),
  };
  return { ctx, progress };
}

const params = (extra: Record<string, unknown> = {}) =>
  snmpSweepParamsSchema.parse({
    targets: ['127.0.0.0/29'],
    port,
    communities: ['public', 'private'],
    v3: [USER],
    timeout: 200,
    concurrency: 8,
    ...extra,
  });

describe('snmp.sweep against in-process agents on 127.0.0.2–4', () => {
  it('finds each agent with the credential it answers, guesses vendor and kind, and reports progress', async () => {
    const { ctx, progress } = context();
    const found: AssetProposal[] = [];
    for await (const proposal of sweep(params({ labels: { site: 'ams1' } }), ctx)) found.push(proposal);
    const byId = new Map(found.map((p) => [p.id, p]));
    expect([...byId.keys()].sort()).toEqual([`core-sw-1@127.0.0.2:${port}`, `db-1@127.0.0.4:${port}`, `pdu-a/4@127.0.0.3:${port}`]);
    expect(byId.get(`core-sw-1@127.0.0.2:${port}`)).toMatchObject({
      kind: 'network-device',
      name: 'core-sw-1',
      address: '127.0.0.2',
      labels: { site: 'ams1' },
      facts: { vendor: 'Cisco', enterprise: 9, os: 'IOS', sysObjectID: '1.3.6.1.4.1.9.1.516', sysLocation: 'ams1 rack 4' },
      snmp: { version: '2c', community: 'public', port },
    });
    expect(byId.get(`pdu-a/4@127.0.0.3:${port}`)).toMatchObject({ kind: 'pdu', facts: { vendor: 'APC' }, snmp: { community: 'private' } });
    expect(byId.get(`db-1@127.0.0.4:${port}`)).toMatchObject({
      kind: 'host',
      facts: { vendor: 'Net-SNMP', os: 'Linux' },
      snmp: { version: '3', v3: { user: 'sweeper' } },
    });
    // A /29 is six hosts; every one is reported done.
    expect(progress.at(-1)).toEqual({ discoverer: 'snmp.sweep', done: 6, total: 6, found: 3 });
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('runs through warden.discover: proposals upsert into the inventory under the same ids on a second sweep', async () => {
    const warden = createTestWarden({ plugins: [snmpPlugin()] });
    const progress: DiscoveryProgressEvent[] = [];
    warden.on('discovery:progress', (event) => void progress.push(event));
    const sweepOnce = async () => {
      const ids: string[] = [];
      for await (const proposal of warden.discover('snmp.sweep', {
        targets: ['127.0.0.2', '127.0.0.3'],
        port,
        communities: ['public', 'private'],
        timeout: 200,
      })) {
        warden.assets.upsert(proposal);
        ids.push(proposal.id);
      }
      return ids.sort();
    };
    const first = await sweepOnce();
    expect(await sweepOnce()).toEqual(first);
    expect(
      warden.assets
        .list()
        .map((a) => a.id)
        .sort(),
    ).toEqual(first);
    expect(warden.assets.get(`core-sw-1@127.0.0.2:${port}`)?.facts?.vendor).toBe('Cisco');
    expect(progress.at(-1)).toEqual({ discoverer: 'snmp.sweep', done: 2, total: 2, found: 2 });
    await warden.stop();
  });

  it('probes many addresses at once on one caller signal without Node listener warnings', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => void warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const { ctx, progress } = context();
      for await (const _ of sweep(params({ targets: ['127.0.0.16/28'], concurrency: 14, timeout: 100 }), ctx)) {
        // none answer there
      }
      await new Promise((resolve) => setImmediate(resolve));
      expect(progress.at(-1)).toEqual({ discoverer: 'snmp.sweep', done: 14, total: 14, found: 0 });
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('stops at once when its signal fires, with ERR_ABORTED', async () => {
    const controller = new AbortController();
    const { ctx } = context(controller.signal);
    const seen: string[] = [];
    const run = async () => {
      for await (const proposal of sweep(
        params({ concurrency: 1, targets: ['127.0.0.2', '127.0.0.9', '127.0.0.10', '127.0.0.11'] }),
        ctx,
      )) {
        seen.push(proposal.id);
        controller.abort();
      }
    };
    await expect(run()).rejects.toMatchObject({ code: 'ERR_ABORTED' });
    expect(seen).toEqual([`core-sw-1@127.0.0.2:${port}`]);
  });

  it('refuses ranges over 4,096 addresses and malformed targets, naming each', () => {
    const result = snmpSweepParamsSchema.safeParse({ targets: ['10.0.0.0/19', '10.0.0.300', 'a b'] });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual([
      'targets.0: "10.0.0.0/19" covers 8192 addresses; sweep at most 4096 (a /20) at a time',
      'targets.1: "10.0.0.300" is not an IPv4 address, CIDR range or host name',
      'targets.2: "a b" is not an IPv4 address, CIDR range or host name',
    ]);
    const two = snmpSweepParamsSchema.safeParse({ targets: ['10.0.0.0/20', '10.1.0.0/20'] });
    expect(two.error?.issues[0]).toMatchObject({ path: ['targets'], message: expect.stringContaining('more than 4096') });
  });
});
