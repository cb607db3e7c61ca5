import { createSocket } from 'node:dgram';
import { type CheckResultEvent, createWarden, secret, type Warden } from '@warden/core';
import { createCaptureLogger } from '@warden/core/testing';
import * as snmp from 'net-snmp';
import { afterEach, describe, expect, it } from 'vitest';
import { snmp as snmpPlugin } from '../../src/plugin.js';
import type { SnmpTrap } from '../../src/traps/types.js';
import { freeUdpPort } from '../helpers/agent.js';
import { send, trapInbox } from '../helpers/traps.js';

// A real Warden with snmp({ traps }) and net-snmp senders on loopback: the trap becomes an
// `snmp:trap` event attached by address, and well-known traps land in passive checks.
const sessions: snmp.Session[] = [];
let warden: Warden | undefined;
afterEach(async () => {
  for (const s of sessions.splice(0)) s.close();
  await warden?.stop();
  warden = undefined;
});

function sender(port: number, community: string, version: '1' | '2c' = '2c'): snmp.Session {
  const s = snmp.createSession('127.0.0.1', community, {
    trapPort: port,
    port,
    version: version === '1' ? snmp.Version1 : snmp.Version2c,
    timeout: 500,
    retries: 0,
  });
  sessions.push(s);
  return s;
}

async function bindable(port: number): Promise<boolean> {
  const socket = createSocket('udp4');
  return new Promise((resolve) => {
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}

/** Resolves with the next `check:result` of `check`. */
function nextResult(w: Warden, check: string): Promise<CheckResultEvent> {
  return new Promise((resolve) => {
    const on = (event: CheckResultEvent): void => {
      if (event.check !== check) return;
      w.off('check:result', on);
      resolve(event);
    };
    w.on('check:result', on);
  });
}

const ifVarbinds = (index: number, name: string, admin = 1): snmp.Varbind[] => [
  { oid: `1.3.6.1.2.1.2.2.1.1.${index}`, type: snmp.ObjectType.Integer, value: index },
  { oid: `1.3.6.1.2.1.2.2.1.7.${index}`, type: snmp.ObjectType.Integer, value: admin },
  { oid: `1.3.6.1.2.1.2.2.1.8.${index}`, type: snmp.ObjectType.Integer, value: admin === 1 ? 2 : 1 },
  { oid: `1.3.6.1.2.1.31.1.1.1.1.${index}`, type: snmp.ObjectType.OctetString, value: name },
];

async function started(traps: Record<string, unknown>, logger = createCaptureLogger()) {
  const port = await freeUdpPort();
  const inbox = trapInbox();
  warden = createWarden({ logger, plugins: [snmpPlugin({ traps: { port, address: '127.0.0.1', ...traps } })] });
  warden.on('snmp:trap', inbox.deliver);
  return { port, inbox, logger, w: warden };
}

describe('snmp({ traps }) in a Warden', () => {
  it('refuses a receiver nobody may send to, naming the path', () => {
    expect(() => snmpPlugin({ traps: { port: 1162 } })).toThrow(/traps[\s\S]*communities \(v1\/v2c\) or users \(v3\)/);
  });

  it('refuses a traps.checks id a check could not have', () => {
    expect(() => snmpPlugin({ traps: { communities: ['x'], checks: { link: 'link:{key}' } } })).toThrow(/checks\.link/);
  });

  it('listens from start() to stop(), emits snmp:trap attached by address, and feeds snmp.trap.link', async () => {
    const { port, inbox, w } = await started({ communities: [secret.value('trap-secret')] });
    w.assets.add({ id: 'core-sw', kind: 'network-device', address: '127.0.0.1', snmp: { version: '2c' } });
    w.check({ id: 'snmp.trap.link', assets: 'kind=network-device', passive: true, freshness: '7d', staleStatus: 'unknown' });
    expect(await bindable(port)).toBe(true);
    await w.start();
    expect(await bindable(port)).toBe(false);

    let result = nextResult(w, 'snmp.trap.link');
    await send(sender(port, 'trap-secret'), 'trap', snmp.TrapType.LinkDown, ifVarbinds(3, 'Gi0/3'));
    const [down] = await inbox.next();
    expect(down).toMatchObject({ asset: 'core-sw', name: 'linkDown', passive: { check: 'snmp.trap.link', key: 'Gi0/3' } });
    expect(JSON.stringify(down)).not.toContain('trap-secret');
    expect((await result).result).toMatchObject({ status: 'critical', summary: 'linkDown from core-sw: Gi0/3 (ifIndex 3) is down' });
    await expect.poll(() => w.state('snmp.trap.link', 'core-sw')?.status).toBe('critical');

    result = nextResult(w, 'snmp.trap.link');
    await send(sender(port, 'trap-secret'), 'inform', snmp.TrapType.LinkUp, ifVarbinds(3, 'Gi0/3'));
    expect((await result).result.status).toBe('ok');
    await expect.poll(() => w.state('snmp.trap.link', 'core-sw')?.status).toBe('ok');

    await w.stop();
    expect(await bindable(port)).toBe(true);
  });

  it('maps restarts, authentication failures and UPS power traps (v1 agent-addr attaches to the UPS)', async () => {
    const { port, inbox, w } = await started({ communities: ['traps'] });
    w.assets.add({ id: 'ups-1', kind: 'ups', address: '10.9.9.9' });
    for (const id of ['snmp.trap.restart', 'snmp.trap.auth', 'snmp.trap.ups.power'])
      w.check({ id, assets: 'kind=ups', passive: true, freshness: '1d' });
    await w.start();
    const v1 = sender(port, 'traps', '1');

    let result = nextResult(w, 'snmp.trap.restart');
    await send(v1, 'trap', snmp.TrapType.ColdStart, [], { agentAddr: '10.9.9.9', upTime: 500 });
    expect((await result).result).toMatchObject({ status: 'warning', summary: expect.stringContaining('coldStart from ups-1') });

    result = nextResult(w, 'snmp.trap.auth');
    await send(v1, 'trap', snmp.TrapType.AuthenticationFailure, [], { agentAddr: '10.9.9.9' });
    expect((await result).result.status).toBe('warning');

    result = nextResult(w, 'snmp.trap.ups.power');
    await send(v1, 'trap', '1.3.6.1.2.1.33.2.1', [{ oid: '1.3.6.1.2.1.33.1.2.3.0', type: snmp.ObjectType.Integer, value: 12 }], {
      agentAddr: '10.9.9.9',
    });
    expect((await result).result).toMatchObject({ status: 'critical', summary: 'UPS ups-1: on battery (12 min of battery left)' });

    // Back on mains: upsAlarmOnBattery (upsWellKnownAlarms.2) removed.
    result = nextResult(w, 'snmp.trap.ups.power');
    await send(
      v1,
      'trap',
      '1.3.6.1.2.1.33.2.4',
      [{ oid: '1.3.6.1.2.1.33.1.6.2.1.2.1', type: snmp.ObjectType.OID, value: '1.3.6.1.2.1.33.1.6.3.2' }],
      { agentAddr: '10.9.9.9' },
    );
    expect((await result).result.status).toBe('ok');
    await expect.poll(() => w.state('snmp.trap.ups.power', 'ups-1')?.status).toBe('ok');
    expect((await inbox.next(4)).map((t) => t.asset)).toEqual(['ups-1', 'ups-1', 'ups-1', 'ups-1']);
  });

  it('routes per port with {key}, turns a kind off with false, and says once when no check covers a trap', async () => {
    const { port, inbox, logger, w } = await started({
      communities: ['traps'],
      checks: { link: 'uplink-{key}', restart: false },
    });
    w.assets.add({ id: 'sw-2', kind: 'network-device', address: '127.0.0.1' });
    w.check({ id: 'uplink-Gi1_0_1', assets: { ids: ['sw-2'] }, passive: true, freshness: '1d' });
    await w.start();
    const s = sender(port, 'traps');

    const result = nextResult(w, 'uplink-Gi1_0_1');
    await send(s, 'trap', snmp.TrapType.LinkDown, ifVarbinds(1, 'Gi1/0/1'));
    expect((await result).result.status).toBe('critical');
    await expect.poll(() => w.state('uplink-Gi1_0_1', 'sw-2')?.status).toBe('critical');

    // No check for Gi1/0/2: the trap is still an event, and the log says what to declare, once.
    await send(s, 'trap', snmp.TrapType.LinkDown, ifVarbinds(2, 'Gi1/0/2'));
    await send(s, 'trap', snmp.TrapType.LinkDown, ifVarbinds(2, 'Gi1/0/2'));
    await send(s, 'trap', snmp.TrapType.ColdStart);
    const traps = await inbox.next(4);
    expect(traps.map((t) => t.passive?.check)).toEqual(['uplink-Gi1_0_1', 'uplink-Gi1_0_2', 'uplink-Gi1_0_2', undefined]);
    await expect.poll(() => logger.records.filter((r) => r.msg?.includes('not submitted')).length).toBe(2);
    const notes = logger.records.filter((r) => r.msg?.includes('not submitted'));
    expect(notes.map((r) => r.level)).toEqual(['info', 'debug']);
    expect(notes[0]?.msg).toContain("declare warden.check({ id: 'uplink-Gi1_0_2', passive: true, freshness })");
  });

  it('delivers a trap from an address no asset has, without an asset and without submitting', async () => {
    const { port, inbox, logger, w } = await started({ communities: ['traps'] });
    w.assets.add({ id: 'elsewhere', kind: 'network-device', address: '192.0.2.1' });
    w.check({ id: 'snmp.trap.link', assets: 'kind=network-device', passive: true, freshness: '1d' });
    await w.start();
    await send(sender(port, 'traps'), 'trap', snmp.TrapType.LinkDown, ifVarbinds(1, 'eth0'));
    const [trap] = (await inbox.next()) as [SnmpTrap];
    expect(trap.asset).toBeUndefined();
    expect(trap.passive?.result.summary).toBe('linkDown from 127.0.0.1: eth0 (ifIndex 1) is down');
    expect(w.state('snmp.trap.link', 'elsewhere')?.status).not.toBe('critical');
    expect(logger.records.some((r) => r.msg?.includes('not submitted'))).toBe(false);
  });
});
