import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { BerError, decodeResponse, encodeOid, PduTag } from '../../src/transport/ber.js';
import { type CommunityRequest, CommunityRequests, RequestFailedError, RequestTimedOutError } from '../../src/transport/community.js';
import { SnmpType } from '../../src/varbind.js';
import { berInt, type RawRequest, rawVarbind, readRequest, tlv } from '../helpers/ber-build.js';

// ─── a client socket with a request table, and fake agents we answer from by hand ────────────

/** A Response-PDU; each varbind's value is the OID's text as an OCTET STRING unless given. */
function answer(
  asked: RawRequest,
  changes: { version?: number; community?: string; id?: number; status?: number; index?: number; varbinds?: Buffer[] } = {},
): Buffer {
  const varbinds = changes.varbinds ?? asked.oids.map((oid) => rawVarbind(oid, tlv(0x04, Buffer.from(`value of ${oid}`))));
  return tlv(
    0x30,
    berInt(changes.version ?? asked.version),
    tlv(0x04, Buffer.from(changes.community ?? asked.community)),
    tlv(0xa2, berInt(changes.id ?? asked.requestId), berInt(changes.status ?? 0), berInt(changes.index ?? 0), tlv(0x30, ...varbinds)),
  );
}

async function bound(address = '127.0.0.1'): Promise<Socket> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, address, resolve));
  return socket;
}

async function closeSocket(socket: Socket): Promise<void> {
  await new Promise<void>((resolve) => socket.close(() => resolve()));
}

/** A UDP socket that records requests; the test answers them (or not) from it or from another. */
class FakeAgent {
  readonly received: Array<{ message: Buffer; from: RemoteInfo; asked: RawRequest }> = [];
  #waiters: Array<() => void> = [];

  constructor(readonly socket: Socket) {
    socket.on('message', (message, from) => {
      this.received.push({ message, from, asked: readRequest(message) });
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  get port(): number {
    return this.socket.address().port;
  }

  /** Waits until `count` requests have arrived in all. */
  async requests(count: number): Promise<RawRequest[]> {
    while (this.received.length < count) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    return this.received.slice(0, count).map((r) => r.asked);
  }

  /** Sends a datagram to whoever sent request `k`, from `via` (this agent's socket by default). */
  async reply(k: number, message: Buffer, via: Socket = this.socket): Promise<void> {
    const { from } = this.received[k] as { from: RemoteInfo };
    await new Promise<void>((resolve, reject) => via.send(message, from.port, from.address, (err) => (err ? reject(err) : resolve())));
  }
}

let client: Socket;
let requests: CommunityRequests;
/** What `accept` returned for each datagram the client socket received, in order. */
let verdicts: boolean[];
let verdictWaiters: Array<() => void>;
let agent: FakeAgent;
let other: Socket; // same address, another port
let otherAddress: Socket; // another loopback address

/** Waits until the client socket has offered `count` datagrams to the request table in all. */
async function offered(count: number): Promise<boolean[]> {
  while (verdicts.length < count) await new Promise<void>((resolve) => verdictWaiters.push(resolve));
  return verdicts.slice(0, count);
}

function ask(extra: Partial<CommunityRequest> = {}): Promise<Awaited<ReturnType<CommunityRequests['request']>>> {
  return requests.request({ ...baseRequest(), ...extra });
}

beforeAll(async () => {
  client = await bound();
  agent = new FakeAgent(await bound());
  other = await bound();
  otherAddress = await bound('127.0.0.2');
});

afterAll(async () => {
  await Promise.all([closeSocket(client), closeSocket(agent.socket), closeSocket(other), closeSocket(otherAddress)]);
});

beforeEach(() => {
  requests = new CommunityRequests((message, port, host, cb) => client.send(message, port, host, cb));
  verdicts = [];
  verdictWaiters = [];
  agent.received.length = 0;
  client.removeAllListeners('message');
  client.on('message', (buffer: Buffer, from: RemoteInfo) => {
    verdicts.push(requests.accept(buffer, from));
    for (const wake of verdictWaiters.splice(0)) wake();
  });
  // Only timers are faked: sockets keep working, timeouts happen when the test says.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});

afterEach(() => {
  requests.cancelAll(new Error('test over'));
  vi.useRealTimers();
});

// ─── tests ───────────────────────────────────────────────────────────────────────────────────

describe('CommunityRequests on a real socket pair', () => {
  it('sends a well-formed request and resolves with the matching answer', async () => {
    const pending = ask({ oids: ['1.3.6.1.2.1.1.5.0', '1.3.6.1.2.1.1.3.0'] });
    const [asked] = await agent.requests(1);
    expect(asked).toMatchObject({ version: 1, community: 'public', tag: PduTag.Get, oids: ['1.3.6.1.2.1.1.5.0', '1.3.6.1.2.1.1.3.0'] });
    await agent.reply(0, answer(asked as RawRequest));
    const response = await pending;
    expect(response.requestId).toBe(asked?.requestId);
    expect(response.varbinds.map((v) => [v.oid, v.type, String(v.value)])).toEqual([
      ['1.3.6.1.2.1.1.5.0', SnmpType.OctetString, 'value of 1.3.6.1.2.1.1.5.0'],
      ['1.3.6.1.2.1.1.3.0', SnmpType.OctetString, 'value of 1.3.6.1.2.1.1.3.0'],
    ]);
    expect(await offered(1)).toEqual([true]);
    expect(requests.size).toBe(0);
  });

  it('sends GETBULK with its non-repeaters and max-repetitions', async () => {
    const pending = ask({ tag: PduTag.GetBulk, oids: ['1.3.6.1.2.1.2.2.1.2'], nonRepeaters: 0, maxRepetitions: 17 });
    await agent.requests(1);
    const { message } = agent.received[0] as { message: Buffer };
    const copy = Buffer.from(message);
    copy[2 + 3 + 2 + 6] = PduTag.Response;
    // In a GETBULK, error-status and error-index carry non-repeaters and max-repetitions.
    expect(decodeResponse(copy)).toMatchObject({ errorStatus: 0, errorIndex: 17 });
    expect(agent.received[0]?.asked.tag).toBe(PduTag.GetBulk);
    await agent.reply(0, answer(agent.received[0]?.asked as RawRequest));
    await expect(pending).resolves.toMatchObject({ errorStatus: 0 });
  });

  it('matches answers by request id, whatever order they come in', async () => {
    const first = ask({ oids: ['1.3.6.1.2.1.1.1.0'] });
    const second = ask({ oids: ['1.3.6.1.2.1.1.2.0'] });
    const [a, b] = await agent.requests(2);
    expect(a?.requestId).not.toBe(b?.requestId);
    await agent.reply(1, answer(b as RawRequest));
    await agent.reply(0, answer(a as RawRequest));
    expect((await first).varbinds[0]?.oid).toBe('1.3.6.1.2.1.1.1.0');
    expect((await second).varbinds[0]?.oid).toBe('1.3.6.1.2.1.1.2.0');
  });

  it('does not accept the right id from another port or address; the request then times out', async () => {
    const pending = ask();
    const settled = vi.fn();
    pending.then(settled, settled);
    const [asked] = await agent.requests(1);
    await agent.reply(0, answer(asked as RawRequest), other);
    await agent.reply(0, answer(asked as RawRequest), otherAddress);
    expect(await offered(2)).toEqual([false, false]);
    expect(requests.size).toBe(1);
    expect(settled).not.toHaveBeenCalled();
    vi.advanceTimersByTime(2000);
    await expect(pending).rejects.toBeInstanceOf(RequestTimedOutError);
    expect(requests.size).toBe(0);
  });

  it('rejects an answer whose version or community differs from the request', async () => {
    const v = ask();
    const c = ask();
    const [a, b] = await agent.requests(2);
    await agent.reply(0, answer(a as RawRequest, { version: 0 }));
    await agent.reply(1, answer(b as RawRequest, { community: 'private' }));
    await expect(v).rejects.toMatchObject({ name: 'ResponseInvalidError', message: expect.stringMatching(/version or community/) });
    await expect(c).rejects.toMatchObject({ name: 'ResponseInvalidError', message: expect.stringMatching(/version or community/) });
    expect(await offered(2)).toEqual([true, true]);
    expect(requests.size).toBe(0);
  });

  it('turns an error-status into RequestFailedError naming the OID at error-index', async () => {
    const pending = ask({ version: 0, oids: ['1.3.6.1.2.1.1.1.0', '1.3.6.1.4.1.99.1.0'] });
    const [asked] = await agent.requests(1);
    await agent.reply(0, answer(asked as RawRequest, { status: 2, index: 2 }));
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestFailedError);
    expect(err).toMatchObject({ name: 'RequestFailedError', status: 2 });
    expect((err as Error).message).toContain('1.3.6.1.4.1.99.1.0');
    expect(requests.size).toBe(0);
  });

  it('fails only the request whose answer has broken varbinds; a broken stray is left alone', async () => {
    const broken = ask({ oids: ['1.3.6.1.2.1.1.1.0'] });
    const fine = ask({ oids: ['1.3.6.1.2.1.1.2.0'] });
    const [a, b] = await agent.requests(2);
    // Intact header, then a varbind with an unknown value type.
    const bad = tlv(0x30, tlv(0x06, Buffer.from(encodeOid('1.3.6.1.2.1.1.1.0'))), Buffer.from([0x47, 0x00]));
    // A stray: same damage, an id nobody asked for; and a datagram that is not BER at all.
    await agent.reply(0, answer(a as RawRequest, { id: ((a as RawRequest).requestId + 1000) % 2 ** 31, varbinds: [bad] }));
    await agent.reply(0, Buffer.from('not snmp at all'));
    await agent.reply(0, answer(a as RawRequest, { varbinds: [bad] }));
    const err = await broken.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BerError);
    expect((err as Error).name).toBe('ResponseInvalidError');
    expect(await offered(3)).toEqual([false, false, true]);
    expect(requests.size).toBe(1);
    await agent.reply(1, answer(b as RawRequest));
    expect((await fine).varbinds[0]?.oid).toBe('1.3.6.1.2.1.1.2.0');
  });

  it('fails the request at once when its answer datagram is cut short (not a stray)', async () => {
    const pending = ask();
    const [asked] = await agent.requests(1);
    const whole = answer(asked as RawRequest);
    await agent.reply(0, whole.subarray(0, whole.length - 5));
    expect(await offered(1)).toEqual([true]);
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BerError);
    expect((err as Error).message).toMatch(/truncated/);
    expect(requests.size).toBe(0);
  });

  it('does not fail a request over a broken answer from another port', async () => {
    const pending = ask();
    const [asked] = await agent.requests(1);
    const bad = tlv(0x30, tlv(0x06, Buffer.from(encodeOid('1.3.6.1.2.1.1.5.0'))), Buffer.from([0x47, 0x00]));
    await agent.reply(0, answer(asked as RawRequest, { varbinds: [bad] }), other);
    expect(await offered(1)).toEqual([false]);
    expect(requests.size).toBe(1);
    await agent.reply(0, answer(asked as RawRequest));
    await expect(pending).resolves.toMatchObject({ requestId: asked?.requestId });
  });

  it('times out with RequestTimedOutError, forgets the request and ignores a late answer', async () => {
    const pending = ask({ timeoutMs: 750 });
    const [asked] = await agent.requests(1);
    vi.advanceTimersByTime(749);
    expect(requests.size).toBe(1);
    vi.advanceTimersByTime(1);
    await expect(pending).rejects.toBeInstanceOf(RequestTimedOutError);
    await expect(pending).rejects.toMatchObject({ name: 'RequestTimedOutError' });
    expect(requests.size).toBe(0);
    await agent.reply(0, answer(asked as RawRequest));
    expect(await offered(1)).toEqual([false]);
  });

  it('aborts at once: rejects with the reason, forgets the request, ignores a late answer', async () => {
    const controller = new AbortController();
    const pending = ask({ signal: controller.signal });
    const [asked] = await agent.requests(1);
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(requests.size).toBe(0);
    await agent.reply(0, answer(asked as RawRequest));
    expect(await offered(1)).toEqual([false]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects at once for a signal that is already aborted', async () => {
    const reason = new Error('already stopped');
    const pending = ask({ signal: AbortSignal.abort(reason) });
    const settled = vi.fn();
    pending.then(settled, settled);
    // A few turns of the event loop (no timer is advanced): a request that waits for its
    // timeout is still unsettled here.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toHaveBeenCalled();
    await expect(pending).rejects.toBe(reason);
    expect(requests.size).toBe(0);
  });

  it('cancelAll fails every request in flight with the reason', async () => {
    const all = [ask(), ask(), ask()];
    await agent.requests(3);
    expect(requests.size).toBe(3);
    const reason = new Error('Socket forcibly closed');
    requests.cancelAll(reason);
    for (const pending of all) await expect(pending).rejects.toBe(reason);
    expect(requests.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects a malformed OID before sending anything', async () => {
    await expect(ask({ oids: ['1.3.6.1.x'] })).rejects.toBeInstanceOf(BerError);
    expect(requests.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a send error fails the request and forgets it', async () => {
    const failing = new CommunityRequests((_message, _port, _host, cb) => setImmediate(() => cb(new Error('EHOSTUNREACH'))));
    await expect(failing.request({ ...baseRequest(), port: 161 })).rejects.toThrow('EHOSTUNREACH');
    expect(failing.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a send that throws (a bad port) fails the request and forgets it', async () => {
    const throwing = new CommunityRequests((message, port, host, cb) => client.send(message, port, host, cb));
    await expect(throwing.request({ ...baseRequest(), port: 0 })).rejects.toThrow();
    expect(throwing.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('gives many concurrent requests distinct ids and each its own answer', async () => {
    const count = 200;
    const all = Array.from({ length: count }, (_, i) => ask({ oids: [`1.3.6.1.2.1.2.2.1.10.${i}`] }));
    const asked = await agent.requests(count);
    expect(new Set(asked.map((a) => a.requestId)).size).toBe(count);
    expect(requests.size).toBe(count);
    // Answer in a shuffled (but fixed) order.
    const order = asked.map((_, k) => k).sort((x, y) => ((x * 7919) % count) - ((y * 7919) % count));
    for (const k of order) await agent.reply(k, answer(asked[k] as RawRequest));
    const responses = await Promise.all(all);
    responses.forEach((response, i) => {
      expect(response.varbinds[0]?.oid).toBe(`1.3.6.1.2.1.2.2.1.10.${i}`);
      expect(String(response.varbinds[0]?.value)).toBe(`value of 1.3.6.1.2.1.2.2.1.10.${i}`);
    });
    expect(requests.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});

function baseRequest(): CommunityRequest {
  return {
    host: '127.0.0.1',
    port: agent.port,
    version: 1,
    community: Buffer.from('public'),
    tag: PduTag.Get,
    oids: ['1.3.6.1.2.1.1.5.0'],
    timeoutMs: 2000,
  };
}
