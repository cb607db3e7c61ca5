import { createSocket, type RemoteInfo } from 'node:dgram';
import { WardenError } from '@warden/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeOid, PduTag } from '../../src/transport/ber.js';
import { type DeviceSettings, type RequestScope, SnmpDevice } from '../../src/transport/device.js';
import { SocketHub } from '../../src/transport/shared-socket.js';
import { SnmpType } from '../../src/varbind.js';
import { interfaceTables, SYSTEM_SCALARS, startAgent, startSilentAgent, type TestAgent } from '../helpers/agent.js';
import { berInt, type RawRequest, rawVarbind, readRequest, tlv } from '../helpers/ber-build.js';

const hub = new SocketHub(1);
let agent: TestAgent;

function settings(port: number, extra: Partial<DeviceSettings> = {}): DeviceSettings {
  return {
    label: `test (127.0.0.1:${port})`,
    host: '127.0.0.1',
    port,
    version: '2c',
    community: 'public',
    timeoutMs: 1000,
    retries: 0,
    maxRepetitions: 25,
    bulk: true,
    concurrency: 4,
    ...extra,
  };
}

function scope(ms = 10_000, signal?: AbortSignal): RequestScope {
  const deadline = Date.now() + ms;
  return { deadline, now: () => Date.now(), signal };
}

beforeAll(async () => {
  agent = await startAgent({ scalars: SYSTEM_SCALARS, tables: interfaceTables(60) });
});
afterAll(async () => {
  await agent.close();
  hub.close();
});

describe('SnmpDevice against an in-process agent', () => {
  it('GETs scalars with their types', async () => {
    const device = new SnmpDevice(settings(agent.port), hub);
    const [descr, uptime] = await device.get(['1.3.6.1.2.1.1.1.0', '.1.3.6.1.2.1.1.3.0'], scope());
    expect(descr?.type).toBe(SnmpType.OctetString);
    expect(String(descr?.value)).toBe('Test switch v1.2');
    expect(uptime).toMatchObject({ oid: '1.3.6.1.2.1.1.3.0', type: SnmpType.TimeTicks, value: 123456 });
    device.close();
  });

  it('walks a table with GETBULK and decodes Counter64 as bigint', async () => {
    const device = new SnmpDevice(settings(agent.port, { maxRepetitions: 7 }), hub);
    const result = await device.walk('1.3.6.1.2.1.31.1.1.1', scope());
    expect(result.complete).toBe(true);
    expect(result.varbinds).toHaveLength(60 * 5);
    const hc = result.varbinds.find((v) => v.oid === '1.3.6.1.2.1.31.1.1.1.6.5');
    expect(hc?.value).toBe(5n * 2n ** 33n);
    device.close();
  });

  it('walks with GETNEXT for SNMPv1, stopping at the end of the MIB', async () => {
    const device = new SnmpDevice(settings(agent.port, { version: '1' }), hub);
    const result = await device.walk('1.3.6.1.2.1.1', scope());
    expect(result.complete).toBe(true);
    expect(result.varbinds.map((v) => v.oid)).toEqual(SYSTEM_SCALARS.map((s) => `${s.oid}.0`));
    device.close();
  });

  it('reports a wrong community as a timeout naming the device, OID and what to check', async () => {
    const device = new SnmpDevice(settings(agent.port, { community: 'wrong', timeoutMs: 150, retries: 1 }), hub);
    const error = await device.get(['1.3.6.1.2.1.1.5.0'], scope()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WardenError);
    expect((error as WardenError).code).toBe('ERR_TIMEOUT');
    expect((error as WardenError).message).toMatch(
      /GET 1\.3\.6\.1\.2\.1\.1\.5\.0 on test \(127\.0\.0\.1:\d+\): no response after 1 retry .*community/,
    );
    device.close();
  });

  it('shrinks max-repetitions on a silent agent and remembers it, keeping what it got', async () => {
    const silent = await startSilentAgent();
    const device = new SnmpDevice(settings(silent.port, { timeoutMs: 60, retries: 2, maxRepetitions: 40 }), hub);
    const result = await device.walk('1.3.6.1.2.1.2.2', scope());
    expect(result.complete).toBe(false);
    expect(result.varbinds).toEqual([]);
    expect(result.problem?.code).toBe('ERR_TIMEOUT');
    expect(result.problem?.message).toContain('everything after 1.3.6.1.2.1.2.2 is missing');
    expect(device.maxRepetitions).toBe(5);
    device.close();
    await silent.close();
  });

  it('stops at the collection deadline and keeps the partial walk', async () => {
    const device = new SnmpDevice(settings(agent.port, { maxRepetitions: 5 }), hub);
    let calls = 0;
    const deadline = 1_000;
    // A fake clock that passes the deadline after the third request.
    const result = await device.walk('1.3.6.1.2.1.2.2', { deadline, now: () => (calls++ < 3 ? 0 : deadline) });
    expect(result.complete).toBe(false);
    expect(result.varbinds).toHaveLength(15);
    expect(result.problem?.code).toBe('ERR_TIMEOUT');
    expect(result.problem?.message).toMatch(/deadline/);
    device.close();
  });

  it('honours the abort signal at once', async () => {
    const silent = await startSilentAgent();
    const device = new SnmpDevice(settings(silent.port, { timeoutMs: 5000 }), hub);
    const controller = new AbortController();
    const pending = device.get(['1.3.6.1.2.1.1.5.0'], scope(10_000, controller.signal));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'ERR_ABORTED' });
    device.close();
    await silent.close();
  });

  it('guards against an agent that returns non-increasing OIDs', async () => {
    const looping = await startAgent({ scalars: SYSTEM_SCALARS });
    const send = looping.agent.sendResponse.bind(looping.agent);
    // Answer every request as if the walk had gone back to sysDescr: a loop without the guard.
    looping.agent.sendResponse = (socket, rinfo, request, pdu) => {
      for (const varbind of pdu.varbinds) varbind.oid = '1.3.6.1.2.1.1.1.0';
      send(socket, rinfo, request, pdu);
    };
    const device = new SnmpDevice(settings(looping.port, { maxRepetitions: 3 }), hub);
    const result = await device.walk('1.3.6.1.2.1.1', scope());
    expect(result.complete).toBe(false);
    expect(result.problem?.code).toBe('ERR_PROTOCOL');
    expect(result.problem?.message).toMatch(/not increasing/);
    expect(result.varbinds).toHaveLength(1);
    device.close();
    await looping.close();
  });

  it('reads chosen table columns, several per GETBULK, exactly as a walk of those columns would', async () => {
    const device = new SnmpDevice(settings(agent.port), hub);
    const entry = '1.3.6.1.2.1.31.1.1.1';
    const columns = [1, 6, 7, 15, 19]; // 7 does not exist on this agent: it ends at once
    const wanted = (await device.walk(entry, scope())).varbinds
      .filter((v) => columns.some((c) => v.oid.startsWith(`${entry}.${c}.`)))
      .map((v) => `${v.oid}=${String(v.value)}`);
    expect(wanted).toHaveLength(60 * 4);
    // Twice: first sized from max-repetitions, then from the 60 rows seen (61 repetitions, capped at 25).
    for (let i = 0; i < 2; i++) {
      const result = await device.walkColumns(entry, columns, scope());
      expect(result.complete).toBe(true);
      expect(result.problem).toBeUndefined();
      expect(result.varbinds.map((v) => `${v.oid}=${String(v.value)}`).sort()).toEqual([...wanted].sort());
    }
    device.close();
  });

  it('sizes a column GETBULK from the rows the table had last time (rows + 1: one request sees every end)', async () => {
    const entry = '1.3.6.1.2.1.2.2.1';
    const table = [2, 8, 10, 16].flatMap((column) => [1, 2, 3].map((row) => `${entry}.${column}.${row}`));
    const mib = rawMib([...table, '1.3.6.1.2.1.3.1.1.1.1']);
    // An agent that answers every repetition asked for (as snmpd does up to its cap).
    const raw = await startRawAgent((request) => rawResponse(request, fullBulk(mib, request)));
    const device = new SnmpDevice(settings(raw.port), hub);
    const first = await device.walkColumns(entry, [2, 8, 10, 16], scope());
    expect(first.varbinds).toHaveLength(3 * 4);
    expect(raw.seen.map((r) => r.maxRepetitions)).toEqual([25]);
    raw.seen.length = 0;
    const again = await device.walkColumns(entry, [2, 8, 10, 16], scope());
    expect(again.varbinds.map((v) => v.oid)).toEqual(first.varbinds.map((v) => v.oid));
    expect(raw.seen.map((r) => r.maxRepetitions)).toEqual([4]);
    device.close();
    await raw.close();
  });

  it('keeps asking max-repetitions of an agent that cut an answer short (smaller requests would get smaller answers)', async () => {
    const small = await startAgent({ scalars: SYSTEM_SCALARS, tables: interfaceTables(3) });
    const device = new SnmpDevice(settings(small.port), hub);
    // net-snmp's agent answers max-repetitions varbinds in all, not per column: 25 of 100 asked.
    const asked: number[] = [];
    const send = small.agent.sendResponse.bind(small.agent);
    small.agent.sendResponse = (socket, rinfo, request, pdu) => {
      asked.push((request as { pdu: { maxRepetitions: number } }).pdu.maxRepetitions);
      send(socket, rinfo, request, pdu);
    };
    const first = await device.walkColumns('1.3.6.1.2.1.2.2.1', [2, 8, 10, 16], scope());
    expect(first.varbinds).toHaveLength(3 * 4);
    const again = await device.walkColumns('1.3.6.1.2.1.2.2.1', [2, 8, 10, 16], scope());
    expect(again.varbinds.map((v) => v.oid)).toEqual(first.varbinds.map((v) => v.oid));
    expect(new Set(asked)).toEqual(new Set([25]));
    device.close();
    await small.close();
  });

  it('reads columns of SNMPv1 agents by walking the entry and keeping those columns', async () => {
    const device = new SnmpDevice(settings(agent.port, { version: '1' }), hub);
    const result = await device.walkColumns('1.3.6.1.2.1.2.2.1', [2, 10], scope());
    expect(result.complete).toBe(true);
    expect(result.varbinds).toHaveLength(60 * 2);
    expect(result.varbinds.every((v) => /^1\.3\.6\.1\.2\.1\.2\.2\.1\.(2|10)\./.test(v.oid))).toBe(true);
    device.close();
  });

  it('keeps what it got and says what is missing when a column read times out', async () => {
    const silent = await startSilentAgent();
    const device = new SnmpDevice(settings(silent.port, { timeoutMs: 60, retries: 1, maxRepetitions: 40 }), hub);
    const result = await device.walkColumns('1.3.6.1.2.1.2.2.1', [2, 10], scope());
    expect(result.complete).toBe(false);
    expect(result.varbinds).toEqual([]);
    expect(result.problem?.code).toBe('ERR_TIMEOUT');
    expect(result.problem?.message).toContain('everything after 1.3.6.1.2.1.2.2.1.2, 1.3.6.1.2.1.2.2.1.10 is missing');
    expect(device.maxRepetitions).toBe(10);
    device.close();
    await silent.close();
  });

  it('guards column reads against non-increasing OIDs', async () => {
    const looping = await startAgent({ scalars: SYSTEM_SCALARS, tables: interfaceTables(2) });
    const send = looping.agent.sendResponse.bind(looping.agent);
    looping.agent.sendResponse = (socket, rinfo, request, pdu) => {
      for (const varbind of pdu.varbinds) varbind.oid = '1.3.6.1.2.1.2.2.1.2.1';
      send(socket, rinfo, request, pdu);
    };
    const device = new SnmpDevice(settings(looping.port), hub);
    const result = await device.walkColumns('1.3.6.1.2.1.2.2.1', [2], scope());
    expect(result.complete).toBe(false);
    expect(result.problem?.code).toBe('ERR_PROTOCOL');
    expect(result.problem?.message).toMatch(/not increasing/);
    expect(result.varbinds).toHaveLength(1);
    device.close();
    await looping.close();
  });

  it('retries through an agent that drops every other packet', async () => {
    const lossy = await startAgent({ scalars: SYSTEM_SCALARS, tables: interfaceTables(20) });
    const onMsg = lossy.agent.onMsg.bind(lossy.agent);
    let n = 0;
    lossy.agent.onMsg = (socket, buffer, rinfo) => {
      if (n++ % 2 === 0) onMsg(socket, buffer, rinfo);
    };
    const device = new SnmpDevice(settings(lossy.port, { timeoutMs: 80, retries: 3, maxRepetitions: 10 }), hub);
    const result = await device.walk('1.3.6.1.2.1.2.2.1', scope());
    expect(result.complete).toBe(true);
    expect(result.varbinds).toHaveLength(20 * 8);
    device.close();
    await lossy.close();
  });

  it('shares one real socket across many devices', async () => {
    const shared = new SocketHub(1);
    const devices = Array.from({ length: 50 }, () => new SnmpDevice(settings(agent.port), shared));
    const names = await Promise.all(devices.map((d) => d.get(['1.3.6.1.2.1.1.5.0'], scope())));
    expect(names.map((v) => String(v[0]?.value))).toEqual(Array(50).fill('sw-test'));
    expect(shared.openSockets).toBe(1);
    for (const d of devices) d.close();
    shared.close();
  });
});

// ─── a raw UDP agent: the test builds every answer byte by byte ─────────────────────────────

function rawResponse(request: RawRequest, varbinds: Buffer[], status = 0, index = 0): Buffer {
  return tlv(
    0x30,
    berInt(request.version),
    tlv(0x04, Buffer.from(request.community)),
    tlv(0xa2, berInt(request.requestId), berInt(status), berInt(index), tlv(0x30, ...varbinds)),
  );
}

/** A UDP socket on 127.0.0.1 that answers each request with whatever `answer` builds (or nothing). */
async function startRawAgent(answer: (request: RawRequest) => Buffer | undefined) {
  const socket = createSocket('udp4');
  const seen: RawRequest[] = [];
  socket.on('message', (message: Buffer, from: RemoteInfo) => {
    const request = readRequest(message);
    seen.push(request);
    const reply = answer(request);
    if (reply) socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, seen, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}

function arcs(oid: string): number[] {
  return oid.split('.').map(Number);
}

function before(a: string, b: string): boolean {
  const x = arcs(a);
  const y = arcs(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] as number) < (y[i] as number);
  return x.length < y.length;
}

/** A MIB of OIDs (in order) whose values are their own text; GETNEXT semantics over it. */
function rawMib(oids: string[]) {
  const next = (oid: string): string | undefined => oids.find((candidate) => before(oid, candidate));
  const value = (oid: string): Buffer => tlv(0x04, Buffer.from(`v ${oid}`));
  return { next, value };
}

/** Every repetition of a GETBULK over `mib`, row by row (endOfMibView past its end). */
function fullBulk(mib: ReturnType<typeof rawMib>, request: RawRequest): Buffer[] {
  const cursors = [...request.oids];
  const varbinds: Buffer[] = [];
  for (let r = 0; r < request.maxRepetitions; r++) {
    cursors.forEach((at, i) => {
      const next = at === '' ? undefined : mib.next(at);
      cursors[i] = next ?? '';
      varbinds.push(next ? rawVarbind(next, mib.value(next)) : rawVarbind(at || (request.oids[i] as string), Buffer.from([0x82, 0x00])));
    });
  }
  return varbinds;
}

/** Resolves to what `promise` settled with, or to 'still waiting' after `ms` real milliseconds. */
function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | unknown> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('still waiting'), ms);
  });
  return Promise.race([promise.catch((err: unknown) => err), late]).finally(() => clearTimeout(timer));
}

describe('SnmpDevice against a raw UDP agent (v1/v2c through the plugin codec)', () => {
  it('fails at once with ERR_PROTOCOL naming the device and OID when the answer datagram is cut short', async () => {
    const raw = await startRawAgent((request) => {
      const whole = rawResponse(request, [rawVarbind(request.oids[0] as string, tlv(0x04, Buffer.from('sw-test')))]);
      return whole.subarray(0, whole.length - 3);
    });
    const device = new SnmpDevice(settings(raw.port, { timeoutMs: 10_000 }), hub);
    const outcome = await settledWithin(device.get(['1.3.6.1.2.1.1.5.0'], scope(30_000)), 2000);
    expect(outcome).toBeInstanceOf(WardenError);
    expect(outcome).toMatchObject({ code: 'ERR_PROTOCOL' });
    expect((outcome as WardenError).message).toMatch(
      new RegExp(`GET 1\\.3\\.6\\.1\\.2\\.1\\.1\\.5\\.0 on test \\(127\\.0\\.0\\.1:${raw.port}\\): invalid response \\(truncated`),
    );
    device.close();
    await raw.close();
  });

  it('fails at once with ERR_PROTOCOL when a varbind inside a well-formed message is cut short', async () => {
    const raw = await startRawAgent((request) => {
      // The OCTET STRING claims 7 bytes and its varbind ends after 3: every outer length is right.
      const cut = tlv(0x30, tlv(0x06, Buffer.from(encodeOid(request.oids[0] as string))), Buffer.from([0x04, 0x07, 0x73, 0x77, 0x2d]));
      return rawResponse(request, [cut]);
    });
    const device = new SnmpDevice(settings(raw.port, { timeoutMs: 10_000 }), hub);
    const outcome = await settledWithin(device.get(['1.3.6.1.2.1.1.5.0'], scope(30_000)), 2000);
    expect(outcome).toMatchObject({ code: 'ERR_PROTOCOL' });
    expect((outcome as WardenError).message).toMatch(
      /GET 1\.3\.6\.1\.2\.1\.1\.5\.0 on test \(127\.0\.0\.1:\d+\): invalid response \(truncated/,
    );
    expect(raw.seen).toHaveLength(1);
    device.close();
    await raw.close();
  });

  it('reads every column to its end when GETBULK answers stop mid-row (3 columns, 4 varbinds)', async () => {
    const entry = '1.3.6.1.2.1.2.2.1';
    const rows = [1, 2, 3, 5, 8, 13, 21];
    const table = [2, 3, 4].flatMap((column) => rows.map((row) => `${entry}.${column}.${row}`));
    // Something after the table, so each column ends by leaving its subtree.
    const mib = rawMib([...table, `${entry}.5.1`, '1.3.6.1.2.1.3.1.1.1.1']);
    const raw = await startRawAgent((request) => {
      if (request.tag !== PduTag.GetBulk) return undefined;
      // An agent that stops mid-row: only the first 4 varbinds of each answer.
      return rawResponse(request, fullBulk(mib, request).slice(0, 4));
    });
    const device = new SnmpDevice(settings(raw.port, { maxRepetitions: 10 }), hub);
    const result = await device.walkColumns(entry, [2, 3, 4], scope());
    expect(result.problem).toBeUndefined();
    expect(result.complete).toBe(true);
    expect(result.varbinds.map((v) => v.oid).sort()).toEqual([...table].sort());
    expect(result.varbinds.every((v) => String(v.value) === `v ${v.oid}`)).toBe(true);
    expect(raw.seen.every((r) => r.tag === PduTag.GetBulk && r.version === 1)).toBe(true);
    device.close();
    await raw.close();
  });

  it('ends an SNMPv1 GETNEXT walk at noSuchName, complete', async () => {
    const system = ['1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.1.2.0', '1.3.6.1.2.1.1.3.0', '1.3.6.1.2.1.1.5.0'];
    // Nothing after the system group: SNMPv1 says "end of MIB" with noSuchName.
    const mib = rawMib(system);
    const raw = await startRawAgent((request) => {
      const next = mib.next(request.oids[0] as string);
      if (!next) return rawResponse(request, [rawVarbind(request.oids[0] as string, Buffer.from([0x05, 0x00]))], 2, 1);
      return rawResponse(request, [rawVarbind(next, mib.value(next))]);
    });
    const device = new SnmpDevice(settings(raw.port, { version: '1' }), hub);
    const result = await device.walk('1.3.6.1.2.1.1', scope());
    expect(result.problem).toBeUndefined();
    expect(result.complete).toBe(true);
    expect(result.varbinds.map((v) => v.oid)).toEqual(system);
    expect(raw.seen).toHaveLength(system.length + 1);
    expect(raw.seen.every((r) => r.version === 0 && r.tag === PduTag.GetNext)).toBe(true);
    device.close();
    await raw.close();
  });

  it('reports an SNMPv1 GET of a missing object as ERR_PROTOCOL noSuchName naming the OID', async () => {
    const raw = await startRawAgent((request) =>
      rawResponse(
        request,
        request.oids.map((oid) => rawVarbind(oid, Buffer.from([0x05, 0x00]))),
        2,
        1,
      ),
    );
    const device = new SnmpDevice(settings(raw.port, { version: '1' }), hub);
    const error = await device.get(['1.3.6.1.4.1.99.1.0'], scope()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_PROTOCOL' });
    expect((error as WardenError).message).toMatch(/GET 1\.3\.6\.1\.4\.1\.99\.1\.0 on test .*noSuchName/);
    device.close();
    await raw.close();
  });
});
