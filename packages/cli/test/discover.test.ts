import { createSocket } from 'node:dgram';
import * as snmp from 'net-snmp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../src/main.js';
import { memoryIo, ROOT, tempDir } from './helpers.js';

let port: number;
let agent: { close(cb?: () => void): void };

/** A free UDP port on 127.0.0.1 (net-snmp reads port 0 as 161, so pick one first). */
async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const found = socket.address().port;
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return found;
}

beforeAll(async () => {
  port = await freeUdpPort();
  // net-snmp's own agent on 127.0.0.1, answering community "monitor" with a switch's system group.
  const created = snmp.createAgent({ port, address: '127.0.0.1' }, () => {});
  created.getAuthorizer().addCommunity('monitor');
  const mib = created.getMib();
  const scalars = [
    ['sysDescr', '1.3.6.1.2.1.1.1', snmp.ObjectType.OctetString, 'Cisco IOS Software, C3750 Software'],
    ['sysObjectID', '1.3.6.1.2.1.1.2', snmp.ObjectType.OID, '1.3.6.1.4.1.9.1.516'],
    ['sysName', '1.3.6.1.2.1.1.5', snmp.ObjectType.OctetString, 'core-sw-1'],
    ['sysLocation', '1.3.6.1.2.1.1.6', snmp.ObjectType.OctetString, 'ams1 rack 4'],
  ] as const;
  for (const [name, oid, scalarType, value] of scalars) {
    mib.registerProvider({ name, type: snmp.MibProviderType.Scalar, oid, scalarType, maxAccess: snmp.MaxAccess['read-only'] });
    mib.setScalarValue(name, value);
  }
  agent = created;
  await new Promise((resolve) => setImmediate(resolve));
});
afterAll(() => new Promise<void>((resolve) => agent.close(() => resolve())));

describe('warden discover snmp', () => {
  it('sweeps a range on 127.0.0.1 and prints what answered as config (YAML) that warden accepts', async () => {
    const io = memoryIo(ROOT);
    const args = ['discover', 'snmp', '127.0.0.0/30', '--port', String(port), '--community', 'public', '--community', 'monitor'];
    const code = await main([...args, '--timeout', '300ms', '--label', 'site=ams1'], io);
    expect(io.stderr.text).toBe('');
    expect(code).toBe(0);
    expect(io.stdout.text.split('\n')[0]).toBe('# 1 asset found by snmp.sweep; paste under `assets:` in your config');
    const { assets } = parse(io.stdout.text);
    expect(assets).toEqual([
      expect.objectContaining({
        id: `core-sw-1@127.0.0.1:${port}`,
        name: 'core-sw-1',
        kind: 'network-device',
        address: '127.0.0.1',
        labels: { site: 'ams1' },
        snmp: { version: '2c', community: 'monitor', port },
        facts: expect.objectContaining({ vendor: expect.stringMatching(/cisco/i), sysLocation: 'ams1 rack 4' }),
      }),
    ]);

    // Pasted into a config with a check, it runs: the agent answers snmp.reachable.
    const checks = 'checks:\n  - id: up\n    assets: kind=network-device\n    probe: snmp.reachable\n';
    const { dir, cleanup } = await tempDir({ 'warden.yaml': `plugins:\n  snmp: {}\n${io.stdout.text}${checks}` });
    try {
      const check = memoryIo(dir);
      expect(await main(['check'], check), check.stderr.text).toBe(0);
      expect(check.stdout.text).toMatch(new RegExp(`^OK\\s+up\\s+core-sw-1@127\\.0\\.0\\.1:${port}\\s`, 'm'));
    } finally {
      await cleanup();
    }
  });

  it('prints a community from --community-env as { env: NAME } and never its value; --json prints JSON', async () => {
    process.env.WARDEN_CLI_TEST_COMMUNITY = 'monitor';
    try {
      const io = memoryIo(ROOT);
      const code = await main(
        ['discover', 'snmp', '127.0.0.1', '--port', String(port), '--community-env', 'WARDEN_CLI_TEST_COMMUNITY', '--json'],
        io,
      );
      expect(code).toBe(0);
      const { assets } = JSON.parse(io.stdout.text);
      expect(assets[0].snmp).toEqual({ version: '2c', community: { env: 'WARDEN_CLI_TEST_COMMUNITY' }, port });
      expect(io.stdout.text).not.toContain('"monitor"');
    } finally {
      delete process.env.WARDEN_CLI_TEST_COMMUNITY;
    }
  });

  it('draws a progress bar on a terminal stderr (a /30 is two host addresses), and clears it at the end', async () => {
    const io = memoryIo(ROOT);
    io.stderr.isTTY = true;
    await main(['discover', 'snmp', '127.0.0.0/30', '--port', String(port), '--community', 'monitor', '--timeout', '200'], io);
    expect(io.stderr.text).toContain('snmp.sweep [########################] 2/2 found 1');
    expect(io.stderr.text.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('stopped by its signal (SIGINT) mid-sweep, prints what it found so far and exits 0', async () => {
    const stop = new AbortController();
    const io = memoryIo(ROOT, { signal: stop.signal });
    // One address at a time, the agent first; the silent rest of the /24 takes a second each.
    const args = ['discover', 'snmp', '127.0.0.1', '127.0.1.0/24', '--port', String(port), '--community', 'monitor'];
    const run = main([...args, '--concurrency', '1', '--timeout', '1s'], io);
    setTimeout(() => stop.abort(), 600);
    expect(await run).toBe(0);
    expect(parse(io.stdout.text).assets.map((a: { id: string }) => a.id)).toEqual([`core-sw-1@127.0.0.1:${port}`]);
    expect(io.stderr.text).toBe('warden: snmp.sweep stopped early; 1 found before that\n');
  });

  it('says so when nothing answers, and refuses bad arguments with exit 3', async () => {
    const io = memoryIo(ROOT);
    expect(await main(['discover', 'snmp', '127.0.0.1', '--port', String(port), '--community', 'wrong', '--timeout', '200'], io)).toBe(0);
    expect(io.stdout.text).toBe('# 0 assets found by snmp.sweep; paste under `assets:` in your config\nassets: []\n');
    expect(io.stderr.text).toBe('warden: snmp.sweep found nothing\n');

    for (const args of [
      ['discover'],
      ['discover', 'snmp'],
      ['discover', 'snmp', '127.0.0.1', '--region', 'x'],
      ['discover', 'snmp', 'not an address'],
    ]) {
      const bad = memoryIo(ROOT);
      expect(await main(args, bad), args.join(' ')).toBe(3);
      expect(bad.stderr.text, args.join(' ')).toMatch(/^warden: /);
    }
  });
});
