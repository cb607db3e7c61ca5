import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type Asset, createWarden } from '@warden/core';
import { createCaptureLogger } from '@warden/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snmpTrapOptionsSchema } from '../../src/options.js';
import { snmp } from '../../src/plugin.js';
import { type SnmpTrapReceiver, startTrapReceiver } from '../../src/traps/receiver.js';
import type { SnmpTrap } from '../../src/traps/types.js';
import { freeUdpPort } from '../helpers/agent.js';
import { trapInbox } from '../helpers/traps.js';

// Net-SNMP's own senders (Debian `snmp` package) against the plugin's receiver. They run
// asynchronously: snmpinform waits for the acknowledgement this process has to send.
const run = promisify(execFile);
const ENGINE_ID = '0x8000000001020304';
const inbox = trapInbox();
const logger = createCaptureLogger();
let receiver: SnmpTrapReceiver;
let target: string;

beforeAll(async () => {
  const port = await freeUdpPort();
  target = `127.0.0.1:${port}`;
  receiver = await startTrapReceiver(
    snmpTrapOptionsSchema.parse({
      port,
      address: '127.0.0.1',
      communities: ['traps'],
      users: [
        { user: 'trapper', level: 'authPriv', authProtocol: 'sha', authKey: 'authpass-123', privProtocol: 'aes', privKey: 'privpass-456' },
      ],
    }),
    {
      now: Date.now,
      reveal: async (value) => (typeof value === 'string' ? value : value.reveal()),
      assetAt: (address) => (address === '127.0.0.1' ? ({ id: 'lo', kind: 'host', address } as Asset) : undefined),
      deliver: inbox.deliver,
      logger,
    },
  );
});
afterAll(() => receiver.close());

const LINK_DOWN = [
  '1.3.6.1.6.3.1.1.5.3',
  '1.3.6.1.2.1.2.2.1.1.2',
  'i',
  '2',
  '1.3.6.1.2.1.2.2.1.7.2',
  'i',
  '1',
  '1.3.6.1.2.1.2.2.1.8.2',
  'i',
  '2',
];
const V3 = ['-v3', '-u', 'trapper', '-l', 'authPriv', '-a', 'SHA', '-A', 'authpass-123', '-x', 'AES', '-X', 'privpass-456'];

describe('traps from the Net-SNMP command-line tools', () => {
  it('snmptrap -v2c linkDown arrives attached, mapped and with the uptime it carried', async () => {
    await run('snmptrap', ['-v2c', '-c', 'traps', target, '4200', ...LINK_DOWN]);
    const [trap] = await inbox.next();
    expect(trap).toMatchObject({
      version: '2c',
      inform: false,
      name: 'linkDown',
      asset: 'lo',
      uptime: 42,
      passive: { check: 'snmp.trap.link', key: 'ifIndex 2', result: { status: 'critical' } },
    });
  });

  it('snmpinform -v2c is acknowledged (the tool exits 0) and delivered', async () => {
    await run('snmpinform', [
      '-v2c',
      '-c',
      'traps',
      '-t',
      '2',
      '-r',
      '0',
      target,
      '',
      '1.3.6.1.6.3.1.1.5.4',
      '1.3.6.1.2.1.2.2.1.1.2',
      'i',
      '2',
    ]);
    const [trap] = await inbox.next();
    expect(trap).toMatchObject({ inform: true, name: 'linkUp', passive: { result: { status: 'ok' } } });
  });

  it('snmptrap -v1 coldStart is translated to the SNMPv2 notification OID', async () => {
    await run('snmptrap', ['-v1', '-c', 'traps', target, '1.3.6.1.4.1.8072.3.2.10', '127.0.0.1', '0', '0', '']);
    const [trap] = await inbox.next();
    expect(trap).toMatchObject({ version: '1', name: 'coldStart', trapOid: '1.3.6.1.6.3.1.1.5.1' });
  });

  it('snmptrap -v3 authPriv (sender engine ID) and snmpinform -v3 (receiver engine discovered) both arrive', async () => {
    await run('snmptrap', [...V3, '-e', ENGINE_ID, target, '', '1.3.6.1.6.3.1.1.5.5']);
    await run('snmpinform', [...V3, '-t', '2', '-r', '0', target, '', '1.3.6.1.6.3.1.1.5.2']);
    const traps = await inbox.next(2);
    expect(traps.map((t) => [t.version, t.user, t.name, t.inform])).toEqual([
      ['3', 'trapper', 'authenticationFailure', false],
      ['3', 'trapper', 'warmStart', true],
    ]);
  });

  it('a wrong community from snmptrap is refused and logged without the community', async () => {
    await run('snmptrap', ['-v2c', '-c', 'not-our-community', target, '', '1.3.6.1.6.3.1.1.5.1']);
    await run('snmptrap', ['-v2c', '-c', 'traps', target, '', '1.3.6.1.6.3.1.1.5.2']);
    const [trap] = await inbox.next();
    expect(trap?.name).toBe('warmStart');
    expect(logger.records.some((r) => r.msg?.includes('refused: unknown community'))).toBe(true);
    expect(JSON.stringify(logger.records)).not.toContain('not-our-community');
  });
});

describe('snmptrap into a Warden with snmp({ traps })', () => {
  it('a v2c linkDown then linkUp from snmptrap drive the passive check snmp.trap.link of the asset at the source address', async () => {
    const port = await freeUdpPort();
    const warden = createWarden({ plugins: [snmp({ traps: { port, address: '127.0.0.1', communities: ['traps'] } })] });
    warden.assets.add({ id: 'edge-sw', kind: 'network-device', address: '127.0.0.1' });
    warden.check({ id: 'snmp.trap.link', assets: 'kind=network-device', passive: true, freshness: '1d' });
    const seen: SnmpTrap[] = [];
    warden.on('snmp:trap', (trap) => void seen.push(trap));
    await warden.start();
    try {
      await run('snmptrap', ['-v2c', '-c', 'traps', `127.0.0.1:${port}`, '', ...LINK_DOWN]);
      await expect.poll(() => warden.state('snmp.trap.link', 'edge-sw')?.status).toBe('critical');
      expect(warden.state('snmp.trap.link', 'edge-sw')?.result?.summary).toBe('linkDown from edge-sw: ifIndex 2 is down');
      await run('snmptrap', ['-v2c', '-c', 'traps', `127.0.0.1:${port}`, '', '1.3.6.1.6.3.1.1.5.4', '1.3.6.1.2.1.2.2.1.1.2', 'i', '2']);
      await expect.poll(() => warden.state('snmp.trap.link', 'edge-sw')?.status).toBe('ok');
      expect(seen.map((t) => [t.name, t.asset])).toEqual([
        ['linkDown', 'edge-sw'],
        ['linkUp', 'edge-sw'],
      ]);
    } finally {
      await warden.stop();
    }
  });
});
