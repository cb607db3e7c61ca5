import { createSocket } from 'node:dgram';
import { type Asset, secret } from '@warden/core';
import { createTestWarden } from '@warden/core/testing';
import * as snmp from 'net-snmp';
import { afterEach, describe, expect, it } from 'vitest';
import { snmp as snmpPlugin } from '../../src/plugin.js';
import type { SnmpTrap } from '../../src/traps/types.js';
import { freeUdpPort } from '../helpers/agent.js';
import { type Installed, install } from '../helpers/context.js';
import { send, trapInbox } from '../helpers/traps.js';

let installed: Installed | undefined;
const sessions: snmp.Session[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) s.close();
  await installed?.dispose();
  installed = undefined;
});

function sender(port: number, community: string): snmp.Session {
  const s = snmp.createSession('127.0.0.1', community, { trapPort: port, version: snmp.Version2c });
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

describe('snmp({ traps })', () => {
  it('refuses a receiver nobody may send to, naming the path', () => {
    expect(() => snmpPlugin({ traps: { port: 1162 } })).toThrow(/traps[\s\S]*communities \(v1\/v2c\) or users \(v3\)/);
  });

  it('starts on onStart, emits snmp:trap attached to the asset when the host can emit, and closes on dispose', async () => {
    const port = await freeUdpPort();
    installed = install({ traps: { port, address: '127.0.0.1', communities: [secret.value('trap-secret')] } });
    const emitted: Array<{ event: string; payload: SnmpTrap }> = [];
    const inbox = trapInbox();
    const asset = { id: 'core-sw', kind: 'network-device', address: '127.0.0.1' } as Asset;
    await installed.start({
      emit: (event: string, payload: SnmpTrap) => {
        emitted.push({ event, payload });
        inbox.deliver(payload);
      },
      assets: { list: () => [asset] },
    });
    expect(await bindable(port)).toBe(false);
    await send(sender(port, 'trap-secret'), 'trap', snmp.TrapType.ColdStart);
    await inbox.next();
    expect(emitted).toHaveLength(1);
    expect(emitted[0]).toMatchObject({ event: 'snmp:trap', payload: { asset: 'core-sw', name: 'coldStart' } });
    expect(JSON.stringify(emitted)).not.toContain('trap-secret');
    await installed.dispose();
    installed = undefined;
    expect(await bindable(port)).toBe(true);
  });

  it('feeds a passive check through warden.submit as the docs show', async () => {
    const port = await freeUdpPort();
    const inbox = trapInbox();
    const warden = createTestWarden({
      plugins: [snmpPlugin({ traps: { port, address: '127.0.0.1', communities: ['traps'], onTrap: inbox.deliver } })],
    });
    warden.assets.add({ id: 'sw-9', kind: 'network-device', address: '127.0.0.1' });
    warden.check({ id: 'snmp.trap.link', assets: 'kind=network-device', passive: true, freshness: '1d', staleStatus: 'unknown' });
    await warden.start();
    try {
      await send(sender(port, 'traps'), 'trap', snmp.TrapType.LinkDown, [
        { oid: '1.3.6.1.2.1.2.2.1.1.4', type: snmp.ObjectType.Integer, value: 4 },
      ]);
      const [trap] = await inbox.next();
      // Today's start context cannot look assets up, so the app attaches the trap itself.
      const asset = warden.assets.list().find((a) => a.address === trap?.source.address);
      if (!trap?.passive || !asset) throw new Error('expected a mapped trap and an asset');
      await warden.submit(trap.passive.check, asset.id, trap.passive.result);
      expect(warden.state('snmp.trap.link', 'sw-9')).toMatchObject({ status: 'critical' });
    } finally {
      await warden.stop();
    }
  });

  it('hands traps to traps.onTrap when the host cannot emit events yet', async () => {
    const port = await freeUdpPort();
    const inbox = trapInbox();
    installed = install({ traps: { port, address: '127.0.0.1', communities: ['public'], onTrap: inbox.deliver } });
    await installed.start();
    await send(sender(port, 'public'), 'inform', snmp.TrapType.LinkUp);
    const [trap] = await inbox.next();
    expect(trap).toMatchObject({ inform: true, name: 'linkUp', passive: { check: 'snmp.trap.link', result: { status: 'ok' } } });
    expect(trap?.asset).toBeUndefined();
  });
});
