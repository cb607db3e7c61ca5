import { createSocket } from 'node:dgram';
import { type Asset, secret } from '@warden/core';
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

  it('hands traps to traps.onTrap when the host cannot emit events yet', async () => {
    const port = await freeUdpPort();
    const inbox = trapInbox();
    installed = install({ traps: { port, address: '127.0.0.1', communities: ['public'], onTrap: inbox.deliver } });
    await installed.start();
    await send(sender(port, 'public'), 'inform', snmp.TrapType.LinkUp);
    const [trap] = await inbox.next();
    expect(trap).toMatchObject({ inform: true, name: 'linkUp', result: { check: 'snmp.trap.link', status: 'ok' } });
    expect(trap?.asset).toBeUndefined();
  });
});
