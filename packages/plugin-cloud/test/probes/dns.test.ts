import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import type { Asset } from '@warden/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CloudDnsParamsInput, dnsParamsSchema, dnsProbe } from '../../src/probes/dns.js';
import { hookContext } from '../helpers/context.js';

// A tiny authoritative DNS responder on 127.0.0.1 (RFC 1035 wire format): A records for
// svc.test, NXDOMAIN for other names, and silence for slow.test.
const RECORDS: Record<string, string[]> = { 'svc.test': ['10.0.0.5', '10.0.0.6'] };
let server: Socket;
let port: number;

function readName(msg: Buffer, offset: number): [string, number] {
  const labels: string[] = [];
  let at = offset;
  while ((msg[at] as number) > 0) {
    const len = msg[at] as number;
    labels.push(msg.subarray(at + 1, at + 1 + len).toString('ascii'));
    at += len + 1;
  }
  return [labels.join('.').toLowerCase(), at + 1];
}

beforeAll(async () => {
  server = createSocket('udp4');
  server.on('message', (msg, rinfo) => {
    const [name, end] = readName(msg, 12);
    const qtype = msg.readUInt16BE(end);
    if (name === 'slow.test') return;
    const question = msg.subarray(12, end + 4);
    const ips = qtype === 1 ? (RECORDS[name] ?? []) : [];
    const rcode = RECORDS[name] ? 0 : 3;
    const header = Buffer.alloc(12);
    header.writeUInt16BE(msg.readUInt16BE(0), 0);
    header.writeUInt16BE(0x8400 | 0x0100 | rcode, 2); // response, authoritative, RD echoed, rcode
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(ips.length, 6);
    const answers = ips.map((ip) => {
      const rr = Buffer.alloc(16);
      rr.writeUInt16BE(0xc00c, 0); // pointer to the question name
      rr.writeUInt16BE(1, 2); // A
      rr.writeUInt16BE(1, 4); // IN
      rr.writeUInt32BE(60, 6);
      rr.writeUInt16BE(4, 10);
      for (const [i, octet] of ip.split('.').entries()) rr.writeUInt8(Number(octet), 12 + i);
      return rr;
    });
    server.send(Buffer.concat([header, question, ...answers]), rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const probe = dnsProbe();
const asset: Asset = { id: 'ns', kind: 'service' };
const run = (params: CloudDnsParamsInput, ctx = hookContext()) =>
  probe.run(asset, dnsParamsSchema.parse({ servers: [`127.0.0.1:${port}`], ...params }), ctx);

describe('cloud.dns', () => {
  it('resolves at the given server and checks expected answers', async () => {
    const ok = await run({ name: 'svc.test', expect: ['10.0.0.6'] });
    expect(ok.status).toBe('ok');
    expect(ok.summary).toMatch(
      new RegExp(`^DNS OK: A svc\\.test @127\\.0\\.0\\.1:${port} → 10\\.0\\.0\\.5, 10\\.0\\.0\\.6 in \\d\\.\\d{3} s$`),
    );
    expect(ok.samples?.[0]).toMatchObject({ name: 'dns.lookup.duration', unit: 's', labels: { type: 'A' } });
    const wrong = await run({ name: 'svc.test', expect: ['10.0.0.9'] });
    expect(wrong.status).toBe('critical');
    expect(wrong.summary).toContain('expected 10.0.0.9');
  });

  it('is critical on NXDOMAIN and on no answer, unknown when aborted', async () => {
    expect(await run({ name: 'nope.test' })).toMatchObject({ status: 'critical', code: 'ERR_NOT_FOUND' });
    const started = performance.now();
    expect(await run({ name: 'slow.test', timeout: 100 })).toMatchObject({ status: 'critical', code: 'ERR_TIMEOUT' });
    expect(performance.now() - started).toBeLessThan(2000);
    const controller = new AbortController();
    const pending = run({ name: 'slow.test', timeout: 5000 }, hookContext({ signal: controller.signal }));
    setImmediate(() => controller.abort());
    expect(await pending).toMatchObject({ status: 'unknown', code: 'ERR_ABORTED' });
  });
});
