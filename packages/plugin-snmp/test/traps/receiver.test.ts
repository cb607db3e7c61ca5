import type { Asset } from '@warden/core';
import { createCaptureLogger } from '@warden/core/testing';
import * as snmp from 'net-snmp';
import { afterEach, describe, expect, it } from 'vitest';
import { snmpTrapOptionsSchema } from '../../src/options.js';
import { type SnmpTrapReceiver, startTrapReceiver } from '../../src/traps/receiver.js';
import { freeUdpPort } from '../helpers/agent.js';
import { send, trapInbox } from '../helpers/traps.js';

const ASSETS: Asset[] = [
  { id: 'sw-1', kind: 'network-device', address: '127.0.0.1', snmp: { version: '2c' } } as Asset,
  { id: 'ups-1', kind: 'ups', address: '10.9.9.9' },
];
const AUTH_KEY = 'authpass-123';
const PRIV_KEY = 'privpass-456';

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const thing of open.splice(0)) await thing.close();
});

async function receiver(extra: Record<string, unknown> = {}) {
  const port = await freeUdpPort();
  const inbox = trapInbox();
  const logger = createCaptureLogger();
  const settings = snmpTrapOptionsSchema.parse({
    port,
    address: '127.0.0.1',
    communities: ['traps'],
    users: [{ user: 'trapper', level: 'authPriv', authProtocol: 'sha256', authKey: AUTH_KEY, privProtocol: 'aes', privKey: PRIV_KEY }],
    ...extra,
  });
  const running: SnmpTrapReceiver = await startTrapReceiver(settings, {
    now: () => 1_700_000_000_000,
    reveal: async (value) => (typeof value === 'string' ? value : value.reveal()),
    assetAt: (address) => ASSETS.find((a) => a.address === address),
    deliver: inbox.deliver,
    logger,
  });
  open.push(running);
  return { port, inbox, logger, running };
}

function session(port: number, version: '1' | '2c', community = 'traps'): snmp.Session {
  const s = snmp.createSession('127.0.0.1', community, {
    trapPort: port,
    port,
    version: version === '1' ? snmp.Version1 : snmp.Version2c,
    timeout: 500,
    retries: 0,
  });
  open.push(s);
  return s;
}

function v3Session(port: number, user: Partial<snmp.User> = {}): snmp.Session {
  const s = snmp.createV3Session(
    '127.0.0.1',
    {
      name: 'trapper',
      level: snmp.SecurityLevel.authPriv,
      authProtocol: snmp.AuthProtocols.sha256,
      authKey: AUTH_KEY,
      privProtocol: snmp.PrivProtocols.aes,
      privKey: PRIV_KEY,
      ...user,
    } as snmp.User,
    { trapPort: port, port, timeout: 500, retries: 0 },
  );
  open.push(s);
  return s;
}

const ifVarbinds = (index: number, admin: number): snmp.Varbind[] => [
  { oid: `1.3.6.1.2.1.2.2.1.1.${index}`, type: snmp.ObjectType.Integer, value: index },
  { oid: `1.3.6.1.2.1.2.2.1.7.${index}`, type: snmp.ObjectType.Integer, value: admin },
  { oid: `1.3.6.1.2.1.2.2.1.8.${index}`, type: snmp.ObjectType.Integer, value: 2 },
  { oid: `1.3.6.1.2.1.31.1.1.1.1.${index}`, type: snmp.ObjectType.OctetString, value: `Gi0/${index}` },
];

describe('trap receiver (net-snmp senders on loopback)', () => {
  it('turns a v2c linkDown into an attached, mapped trap', async () => {
    const { port, inbox } = await receiver();
    await send(session(port, '2c'), 'trap', snmp.TrapType.LinkDown, ifVarbinds(3, 1), { upTime: 4200 });
    const [trap] = await inbox.next();
    expect(trap).toMatchObject({
      version: '2c',
      inform: false,
      name: 'linkDown',
      trapOid: '1.3.6.1.6.3.1.1.5.3',
      asset: 'sw-1',
      uptime: 42,
      receivedAt: 1_700_000_000_000,
      source: { address: '127.0.0.1' },
      passive: { check: 'snmp.trap.link', key: 'Gi0/3', result: { status: 'critical' } },
    });
    expect(trap?.passive?.result.summary).toBe('linkDown from sw-1: Gi0/3 (ifIndex 3) is down');
    expect(trap?.varbinds).toHaveLength(4);
  });

  it('translates a v1 generic trap and an enterprise-specific UPS trap as RFC 3584 says', async () => {
    const { port, inbox } = await receiver();
    const s = session(port, '1');
    await send(s, 'trap', snmp.TrapType.ColdStart, [], { agentAddr: '10.9.9.9', upTime: 100 });
    const [cold] = await inbox.next();
    expect(cold).toMatchObject({
      version: '1',
      name: 'coldStart',
      trapOid: '1.3.6.1.6.3.1.1.5.1',
      agentAddress: '10.9.9.9',
      asset: 'ups-1',
      passive: { check: 'snmp.trap.restart', result: { status: 'warning' } },
    });
    // Sent as enterprise upsTraps, specific 1: upsTraps.0.1, recognised as upsTrapOnBattery.
    await send(s, 'trap', '1.3.6.1.2.1.33.2.1', [
      { oid: '1.3.6.1.2.1.33.1.2.3.0', type: snmp.ObjectType.Integer, value: 12 },
      { oid: '1.3.6.1.2.1.33.1.2.2.0', type: snmp.ObjectType.Integer, value: 30 },
    ]);
    const [battery] = await inbox.next();
    expect(battery).toMatchObject({
      v1: { enterprise: '1.3.6.1.2.1.33.2', generic: 6, specific: 1 },
      trapOid: '1.3.6.1.2.1.33.2.1',
      name: 'upsTrapOnBattery',
      passive: { check: 'snmp.trap.ups.power', result: { status: 'critical' } },
    });
    expect(battery?.passive?.result.summary).toContain('on battery for 30 s, 12 min of battery left');
  });

  it('acknowledges a v2c inform (the sender sees the answer) and delivers it', async () => {
    const { port, inbox } = await receiver();
    await send(session(port, '2c'), 'inform', snmp.TrapType.LinkUp, ifVarbinds(2, 1));
    const [trap] = await inbox.next();
    expect(trap).toMatchObject({ inform: true, name: 'linkUp', passive: { key: 'Gi0/2', result: { status: 'ok' } } });
  });

  it('accepts SNMPv3 authPriv traps and informs from a configured user', async () => {
    const { port, inbox } = await receiver();
    await send(v3Session(port), 'trap', snmp.TrapType.AuthenticationFailure);
    await send(v3Session(port), 'inform', snmp.TrapType.WarmStart);
    const traps = await inbox.next(2);
    expect(traps.map((t) => [t.version, t.user, t.name, t.inform])).toEqual([
      ['3', 'trapper', 'authenticationFailure', false],
      ['3', 'trapper', 'warmStart', true],
    ]);
    expect(traps[0]?.passive).toMatchObject({ check: 'snmp.trap.auth', result: { status: 'warning' } });
  });

  it('refuses an unknown community and a wrong v3 key, logging the source but never the community', async () => {
    const { port, inbox, logger } = await receiver();
    await send(session(port, '2c', 'guessed-community'), 'trap', snmp.TrapType.ColdStart);
    await send(v3Session(port, { authKey: 'wrong-auth-key' }), 'trap', snmp.TrapType.ColdStart);
    await send(session(port, '2c'), 'trap', snmp.TrapType.WarmStart);
    const [only] = await inbox.next();
    expect(only?.name).toBe('warmStart');
    const refused = logger.records.filter((r) => r.msg?.includes('refused'));
    expect(refused.length).toBe(2);
    expect(refused[0]?.msg).toMatch(/^SNMP trap from 127\.0\.0\.1:\d+ refused: unknown community$/);
    expect(JSON.stringify(logger.records)).not.toContain('guessed-community');
    // One warn per source, then debug: a flood does not flood the log.
    expect(refused.map((r) => r.level)).toEqual(['warn', 'debug']);
  });

  it('fails to start with ERR_UNREACHABLE naming the address when the port is taken', async () => {
    const { port } = await receiver();
    const settings = snmpTrapOptionsSchema.parse({ port, address: '127.0.0.1', communities: ['x'] });
    await expect(
      startTrapReceiver(settings, { now: Date.now, reveal: async () => 'x', deliver: () => {}, logger: createCaptureLogger() }),
    ).rejects.toMatchObject({ code: 'ERR_UNREACHABLE', message: expect.stringContaining(`127.0.0.1:${port}`) });
  });
});
