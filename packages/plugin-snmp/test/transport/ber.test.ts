import { EventEmitter } from 'node:events';
import vm from 'node:vm';
import * as snmp from 'net-snmp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BerError,
  type CommunityResponse,
  decodeResponse,
  encodeOid,
  encodeRequest,
  PduTag,
  type RequestTag,
} from '../../src/transport/ber.js';
import { SnmpType } from '../../src/varbind.js';
import { c64 } from '../helpers/agent.js';
import { tlv } from '../helpers/ber-build.js';

// ─── helpers ─────────────────────────────────────────────────────────────────────────────────

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

/** A varbind whose name is encoded by hand-checked bytes or by {@link encodeOid}. */
function varbind(name: string | Buffer, value: Buffer): Buffer {
  return tlv(0x30, tlv(0x06, typeof name === 'string' ? Buffer.from(encodeOid(name)) : name), value);
}

/** A Response-PDU message around the given varbinds. */
function response(
  varbinds: Buffer[],
  head: { version?: number; community?: string; id?: number; status?: number; index?: number } = {},
): Buffer {
  const int = (value: number): Buffer => tlv(0x02, Buffer.from([value]));
  return tlv(
    0x30,
    int(head.version ?? 1),
    tlv(0x04, Buffer.from(head.community ?? 'public')),
    tlv(0xa2, tlv(0x02, hex('3039')), int(head.status ?? 0), int(head.index ?? 0), tlv(0x30, ...varbinds)),
  );
}

/** The one varbind of a hand-built single-varbind response. */
function only(value: Buffer, name: string | Buffer = '1.3.6.1.2.1.1.1.0'): CommunityResponse['varbinds'][number] {
  const { varbinds } = decodeResponse(response([varbind(name, value)]));
  expect(varbinds).toHaveLength(1);
  return varbinds[0] as CommunityResponse['varbinds'][number];
}

/**
 * Runs `fn` under a watchdog: a decoder caught in an endless loop fails the test instead of
 * hanging the run (vm's timeout terminates synchronous code, whoever's realm it is in).
 */
function within<T>(ms: number, fn: () => T): T {
  watchdog.run = fn;
  return CALL.runInContext(watchdog, { timeout: ms }) as T;
}
const watchdog = vm.createContext({ run: undefined as unknown });
const CALL = new vm.Script('run()');

/** What a decode of hostile input did: returned, threw BerError, or threw something else. */
function outcome(buf: Buffer): 'ok' | 'BerError' | string {
  try {
    // Every varbind too: they are checked on arrival but decoded only when read.
    within(2000, () => decodeResponse(buf).varbinds);
    return 'ok';
  } catch (err) {
    return err instanceof BerError ? 'BerError' : `${(err as Error)?.name}: ${(err as Error)?.message}`;
  }
}

/** A stand-in for `node:dgram`'s socket, so net-snmp's encoders run with no network. */
class RecordingSocket extends EventEmitter {
  readonly sent: Buffer[] = [];
  send(
    buffer: Buffer,
    offset: number,
    length: number,
    _port: number,
    _address: string,
    cb?: (err: Error | null, n?: number) => void,
  ): void {
    this.sent.push(Buffer.from(buffer.subarray(offset, offset + length)));
    this.emit('sent');
    cb?.(null, length);
  }
  bind(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  close(): void {}
}

/** The request id inside a v1/v2c request message (net-snmp picks its own). */
function requestIdOf(message: Buffer): number {
  let at = 0;
  const header = (): number => {
    at++; // tag
    const first = message[at++] as number;
    if (!(first & 0x80)) return first;
    let length = 0;
    for (let i = 0; i < (first & 0x7f); i++) length = length * 256 + (message[at++] as number);
    return length;
  };
  const skip = (): void => {
    const length = header();
    at += length;
  };
  header(); // message
  skip(); // version
  skip(); // community
  header(); // PDU
  const size = header(); // request-id
  return message.readUIntBE(at, size);
}

// ─── encoding ────────────────────────────────────────────────────────────────────────────────

describe('encodeRequest', () => {
  const session = (version: 0 | 1, community: string) => {
    const socket = new RecordingSocket();
    const s = snmp.createSession('127.0.0.1', community, {
      port: 16161,
      version: version === 0 ? snmp.Version1 : snmp.Version2c,
      retries: 0,
      timeout: 60_000,
      dgramModule: { createSocket: () => socket },
    } as snmp.SessionOptions);
    s.on('error', () => {});
    return { s, socket };
  };
  const columns = ['1.3.6.1.2.1.2.2.1.2', '1.3.6.1.2.1.2.2.1.10', '1.3.6.1.2.1.31.1.1.1.6'];
  const bigArcs = ['1.3.6.1.4.1.268435456.4294967295', '1.3.6.1.4.1.127.128.16383.16384'];
  // 40 OIDs: the varbind list passes 255 bytes (two-byte long-form lengths).
  const many = Array.from({ length: 40 }, (_, i) => `1.3.6.1.2.1.2.2.1.10.${i * 1000}`);

  const cases: Array<{ name: string; version: 0 | 1; community: string; tag: RequestTag; oids: string[]; bulk?: [number, number] }> = [
    { name: 'GET v2c', version: 1, community: 'public', tag: PduTag.Get, oids: ['1.3.6.1.2.1.1.5.0'] },
    { name: 'GET v1, big arcs', version: 0, community: 'public', tag: PduTag.Get, oids: bigArcs },
    { name: 'GETNEXT v2c', version: 1, community: 'private', tag: PduTag.GetNext, oids: columns },
    { name: 'GETNEXT v1', version: 0, community: 'public', tag: PduTag.GetNext, oids: ['1.3.6.1.2.1.1'] },
    { name: 'GETBULK, 3 columns', version: 1, community: 'public', tag: PduTag.GetBulk, oids: columns, bulk: [0, 25] },
    { name: 'GETBULK, max-repetitions 200', version: 1, community: 'public', tag: PduTag.GetBulk, oids: ['1.3.6.1'], bulk: [0, 200] },
    { name: 'GETBULK, non-repeaters', version: 1, community: 'public', tag: PduTag.GetBulk, oids: columns, bulk: [1, 10] },
    { name: 'GET of 40 OIDs (0x82 lengths)', version: 1, community: 'public', tag: PduTag.Get, oids: many },
    { name: 'GET, 200-byte community (0x81 length)', version: 1, community: 'c'.repeat(200), tag: PduTag.Get, oids: ['1.3.6.1.2.1.1.3.0'] },
  ];

  for (const c of cases) {
    it(`encodes ${c.name} byte for byte as net-snmp does`, () => {
      const { s, socket } = session(c.version, c.community);
      const done = () => {};
      if (c.tag === PduTag.Get) s.get(c.oids, done);
      else if (c.tag === PduTag.GetNext) s.getNext(c.oids, done);
      else s.getBulk(c.oids, c.bulk?.[0] ?? 0, c.bulk?.[1] ?? 0, done);
      s.cancelRequests(new Error('test over'));
      s.close();
      const theirs = socket.sent[0] as Buffer;
      expect(theirs).toBeInstanceOf(Buffer);
      const id = requestIdOf(theirs);
      const ours = encodeRequest(c.version, Buffer.from(c.community), c.tag, id, c.oids, c.bulk?.[0], c.bulk?.[1]);
      expect(ours.toString('hex')).toBe(theirs.toString('hex'));
    });
  }

  it('encodes request ids at every integer width, minimal and positive', () => {
    for (const [id, bytes] of [
      [1, '01'],
      [127, '7f'],
      [128, '0080'],
      [0x7fff, '7fff'],
      [0x8000, '008000'],
      [0x800000, '00800000'],
      [2 ** 31 - 1, '7fffffff'],
    ] as const) {
      const message = encodeRequest(1, Buffer.from('public'), PduTag.Get, id, ['1.3.6.1']);
      // 30 L 020101 04 06 public a0 L 02 <size> <id>
      const pdu = message.subarray(2 + 3 + 8);
      expect(pdu[0]).toBe(0xa0);
      expect(pdu.subarray(2, 4 + bytes.length / 2).toString('hex')).toBe(`02${(bytes.length / 2).toString(16).padStart(2, '0')}${bytes}`);
      expect(requestIdOf(message)).toBe(id);
    }
  });

  it('is read back by a decoder as the same request (tag patched to Response)', () => {
    const message = encodeRequest(1, Buffer.from('public'), PduTag.GetBulk, 987654, columns, 0, 25);
    message[2 + 3 + 8] = PduTag.Response;
    const decoded = decodeResponse(message);
    expect(decoded).toMatchObject({ version: 1, requestId: 987654, errorStatus: 0, errorIndex: 25 });
    expect(decoded.community.toString()).toBe('public');
    expect(decoded.varbinds).toEqual(columns.map((oid) => ({ oid, type: SnmpType.Null, value: null })));
  });

  it('rejects a malformed OID with BerError', () => {
    for (const oid of [
      '',
      '1',
      '1.3.6.1.x',
      '1.3.6.',
      '.1.3.6',
      '1..3',
      '1.3.-1',
      '1.3.0x10',
      '1.3.1e3',
      '1.3. 5',
      '3.1',
      '1.40',
      '1.3.4294967296',
    ]) {
      expect(() => encodeOid(oid), oid).toThrow(BerError);
      expect(() => encodeRequest(1, Buffer.from('public'), PduTag.Get, 1, ['1.3.6.1.2.1.1.5.0', oid]), oid).toThrow(BerError);
    }
  });

  it('encodes the leading arcs and arcs up to 2^32-1', () => {
    const bytes = (oid: string) => Buffer.from(encodeOid(oid)).toString('hex');
    expect(bytes('0.0')).toBe('00');
    expect(bytes('1.39')).toBe('4f');
    expect(bytes('2.0')).toBe('50');
    expect(bytes('2.999')).toBe('8837');
    expect(bytes('1.3.6.1.2.1')).toBe('2b06010201');
    expect(bytes('1.3.127.128.16383.16384')).toBe('2b7f8100ff7f818000');
    expect(bytes('1.3.268435456')).toBe('2b8180808000');
    expect(bytes('1.3.4294967295')).toBe('2b8fffffff7f');
  });
});

// ─── decoding what net-snmp's agent encodes ──────────────────────────────────────────────────

describe('decodeResponse of net-snmp agent answers', () => {
  const socket = new RecordingSocket();
  let agent: ReturnType<typeof snmp.createAgent>;
  const scalars = [
    { oid: '1.3.6.1.4.1.99999.1', type: snmp.ObjectType.Integer, value: -5 },
    { oid: '1.3.6.1.4.1.99999.2', type: snmp.ObjectType.Integer, value: 0 },
    { oid: '1.3.6.1.4.1.99999.3', type: snmp.ObjectType.Integer, value: 2 ** 31 - 1 },
    { oid: '1.3.6.1.4.1.99999.4', type: snmp.ObjectType.Integer, value: -(2 ** 31) },
    { oid: '1.3.6.1.4.1.99999.5', type: snmp.ObjectType.Counter32, value: 2 ** 32 - 1 },
    { oid: '1.3.6.1.4.1.99999.6', type: snmp.ObjectType.Gauge32, value: 2 ** 32 - 1 },
    { oid: '1.3.6.1.4.1.99999.7', type: snmp.ObjectType.TimeTicks, value: 2 ** 32 - 1 },
    { oid: '1.3.6.1.4.1.99999.8', type: snmp.ObjectType.Counter64, value: c64(7n) },
    { oid: '1.3.6.1.4.1.99999.9', type: snmp.ObjectType.Counter64, value: c64(2n ** 53n + 1n) },
    { oid: '1.3.6.1.4.1.99999.10', type: snmp.ObjectType.OctetString, value: Buffer.alloc(0) },
    { oid: '1.3.6.1.4.1.99999.11', type: snmp.ObjectType.OctetString, value: Buffer.from([0, 0xff, 0x80, 0x0a]) },
    { oid: '1.3.6.1.4.1.99999.12', type: snmp.ObjectType.OID, value: '1.3.6.1.4.1.268435456.4294967295' },
    // An IpAddress value (data in an encoded message, never an address anything is sent to).
    { oid: '1.3.6.1.4.1.99999.13', type: snmp.ObjectType.IpAddress, value: '10.0.255.1' },
    { oid: '1.3.6.1.4.1.99999.14', type: snmp.ObjectType.Opaque, value: Buffer.from([0x9f, 0x78, 0x04, 0x3f, 0x80, 0, 0]) },
    { oid: '1.3.6.1.4.1.99999.15', type: snmp.ObjectType.OctetString, value: Buffer.alloc(300, 0x61) },
  ];
  const expected: Array<{ type: number; value: unknown }> = [
    { type: SnmpType.Integer, value: -5 },
    { type: SnmpType.Integer, value: 0 },
    { type: SnmpType.Integer, value: 2 ** 31 - 1 },
    { type: SnmpType.Integer, value: -(2 ** 31) },
    { type: SnmpType.Counter32, value: 2 ** 32 - 1 },
    { type: SnmpType.Gauge32, value: 2 ** 32 - 1 },
    { type: SnmpType.TimeTicks, value: 2 ** 32 - 1 },
    { type: SnmpType.Counter64, value: 7n },
    { type: SnmpType.Counter64, value: 2n ** 53n + 1n },
    { type: SnmpType.OctetString, value: Buffer.alloc(0) },
    { type: SnmpType.OctetString, value: Buffer.from([0, 0xff, 0x80, 0x0a]) },
    { type: SnmpType.OID, value: '1.3.6.1.4.1.268435456.4294967295' },
    { type: SnmpType.IpAddress, value: '10.0.255.1' }, // decoded value data, not a target
    { type: SnmpType.Opaque, value: Buffer.from([0x9f, 0x78, 0x04, 0x3f, 0x80, 0, 0]) },
    { type: SnmpType.OctetString, value: Buffer.alloc(300, 0x61) },
  ];

  /** Hands our request to the agent and returns the datagram it answers with. */
  async function ask(message: Buffer): Promise<Buffer> {
    const before = socket.sent.length;
    const answered = new Promise<void>((resolve) => socket.once('sent', resolve));
    socket.emit('message', message, { address: '127.0.0.1', family: 'IPv4', port: 40000, size: message.length });
    await answered;
    expect(socket.sent.length).toBe(before + 1);
    return socket.sent[before] as Buffer;
  }

  beforeAll(() => {
    agent = snmp.createAgent({ port: 16161, dgramModule: { createSocket: () => socket } } as never, () => {});
    agent.getAuthorizer().addCommunity('public');
    const mib = agent.getMib();
    scalars.forEach((scalar, i) => {
      mib.registerProvider({
        name: `s${i}`,
        type: snmp.MibProviderType.Scalar,
        oid: scalar.oid,
        scalarType: scalar.type,
        maxAccess: snmp.MaxAccess['read-only'],
      });
      mib.setScalarValue(`s${i}`, scalar.value);
    });
  });
  afterAll(() => agent.close());

  it('decodes every value type the agent encodes (one GET, long-form lengths)', async () => {
    const oids = scalars.map((s) => `${s.oid}.0`);
    const answer = await ask(encodeRequest(1, Buffer.from('public'), PduTag.Get, 424242, oids));
    expect(answer[1]).toBe(0x82); // over 255 bytes: a two-byte length
    const decoded = within(2000, () => decodeResponse(answer));
    expect(decoded).toMatchObject({ version: 1, requestId: 424242, errorStatus: 0, errorIndex: 0 });
    expect(decoded.community.toString()).toBe('public');
    expect(decoded.varbinds.map((v) => v.oid)).toEqual(oids);
    expect(decoded.varbinds.map(({ type, value }) => ({ type, value }))).toEqual(expected);
  });

  it('decodes noSuchObject, noSuchInstance and endOfMibView', async () => {
    const get = await ask(encodeRequest(1, Buffer.from('public'), PduTag.Get, 7, ['1.3.6.1.4.1.99999.1.1', '1.3.6.1.4.1.12345.1.0']));
    expect(decodeResponse(get).varbinds.map(({ type, value }) => ({ type, value }))).toEqual([
      { type: SnmpType.NoSuchInstance, value: null },
      { type: SnmpType.NoSuchObject, value: null },
    ]);
    const next = await ask(encodeRequest(1, Buffer.from('public'), PduTag.GetNext, 8, ['1.3.6.1.4.1.99999.15.0']));
    expect(decodeResponse(next).varbinds).toEqual([{ oid: '1.3.6.1.4.1.99999.15.0', type: SnmpType.EndOfMibView, value: null }]);
  });

  it('throws BerError for every truncation of a real answer, never anything else', async () => {
    const oids = scalars.map((s) => `${s.oid}.0`);
    const answer = await ask(encodeRequest(1, Buffer.from('public'), PduTag.Get, 5, oids));
    for (let length = 0; length < answer.length; length++) {
      expect(outcome(answer.subarray(0, length)), `first ${length} of ${answer.length} bytes`).toBe('BerError');
    }
  });

  it('throws BerError for a varbind cut short inside an otherwise well-formed message', () => {
    // The outer lengths stay consistent: the break is inside one varbind, where only the
    // element bounds can catch it.
    const good = varbind('1.3.6.1.4.1.99999.3.0', tlv(0x02, hex('7fffffff')));
    for (let cut = 0; cut < good.length - 2; cut++) {
      const message = response([varbind('1.3.6.1.2.1.1.5.0', hex('0500')), tlv(0x30, good.subarray(2, 2 + cut))]);
      expect(outcome(message), `varbind content cut to ${cut} bytes`).toBe('BerError');
    }
  });

  it('returns or throws BerError for any single corrupted byte, and never hangs', async () => {
    const answer = await ask(
      encodeRequest(
        1,
        Buffer.from('public'),
        PduTag.Get,
        6,
        scalars.slice(0, 14).map((s) => `${s.oid}.0`),
      ),
    );
    const results = new Set<string>();
    for (let at = 0; at < answer.length; at++) {
      for (const byte of [0x00, 0x01, 0x06, 0x30, 0x7f, 0x80, 0x81, 0x84, 0x85, 0xff]) {
        const corrupted = Buffer.from(answer);
        corrupted[at] = byte;
        const got = outcome(corrupted);
        results.add(got);
        if (got !== 'ok' && got !== 'BerError') expect.fail(`byte ${at} = 0x${byte.toString(16)}: ${got}`);
      }
    }
    expect(results).toEqual(new Set(['ok', 'BerError']));
  });
});

// ─── decoding hand-built answers ─────────────────────────────────────────────────────────────

describe('decodeResponse of hand-built answers', () => {
  it('reads the header fields', () => {
    const message = tlv(
      0x30,
      hex('020100'),
      tlv(0x04, Buffer.from('s3cr3t')),
      tlv(0xa2, hex('0204 7fffffff 0201 05 0201 01'), tlv(0x30, varbind('1.3.6.1.2.1.1.5.0', hex('0500')))),
    );
    const decoded = decodeResponse(message);
    expect(decoded).toMatchObject({ version: 0, requestId: 2 ** 31 - 1, errorStatus: 5, errorIndex: 1 });
    expect(decoded.community.toString()).toBe('s3cr3t');
    expect(decoded.varbinds).toEqual([{ oid: '1.3.6.1.2.1.1.5.0', type: SnmpType.Null, value: null }]);
  });

  it('decodes INTEGER edge values', () => {
    expect(only(hex('0201 ff')).value).toBe(-1);
    expect(only(hex('0201 00')).value).toBe(0);
    expect(only(hex('0202 ff7f')).value).toBe(-129);
    expect(only(hex('0204 7fffffff')).value).toBe(2 ** 31 - 1);
    expect(only(hex('0204 80000000')).value).toBe(-(2 ** 31));
  });

  it('decodes Counter32, Gauge32 and TimeTicks up to 2^32-1 (5-byte 00-prefixed)', () => {
    for (const tag of [0x41, 0x42, 0x43]) {
      expect(only(hex(`${tag.toString(16)}05 00ffffffff`))).toMatchObject({ type: tag, value: 2 ** 32 - 1 });
      expect(only(hex(`${tag.toString(16)}05 0080000000`)).value).toBe(2 ** 31);
      expect(only(hex(`${tag.toString(16)}01 00`)).value).toBe(0);
      expect(only(hex(`${tag.toString(16)}02 0080`)).value).toBe(128);
    }
  });

  it('decodes Counter64: small, above 2^53 exactly, and 2^64-1 in 9 bytes', () => {
    expect(only(hex('4601 05'))).toMatchObject({ type: SnmpType.Counter64, value: 5n });
    expect(only(hex('4607 20000000000001')).value).toBe(2n ** 53n + 1n);
    expect(only(hex('4608 7fffffffffffffff')).value).toBe(2n ** 63n - 1n);
    expect(only(hex('4609 00ffffffffffffffff')).value).toBe(2n ** 64n - 1n);
    expect(only(hex('4609 008000000000000001')).value).toBe(2n ** 63n + 1n);
  });

  it('wraps a 9-byte Counter64 above 2^64-1 to 64 bits, as net-snmp reads it', () => {
    expect(only(hex('4609 010000000000000005')).value).toBe(5n);
    expect(only(hex('4609 ffffffffffffffffff')).value).toBe(2n ** 64n - 1n);
  });

  it('decodes OctetString (empty, binary, 0x81 and 0x82 lengths) and Opaque as bytes', () => {
    expect(only(hex('0400'))).toMatchObject({ type: SnmpType.OctetString, value: Buffer.alloc(0) });
    expect(only(hex('0403 00ff80')).value).toEqual(hex('00ff80'));
    expect(only(tlv(0x04, Buffer.alloc(200, 1))).value).toEqual(Buffer.alloc(200, 1));
    expect(only(tlv(0x04, Buffer.alloc(300, 2))).value).toEqual(Buffer.alloc(300, 2));
    // A non-minimal long form is still BER.
    expect(only(hex('0481 03 616263')).value).toEqual(Buffer.from('abc'));
    expect(only(hex('4407 9f78043f800000'))).toMatchObject({ type: SnmpType.Opaque, value: hex('9f78043f800000') });
  });

  it('decodes OID values: leading arcs 0, 1, 2 (2.999) and arcs at and above 2^28', () => {
    expect(only(hex('0601 00')).value).toBe('0.0');
    expect(only(hex('0601 27')).value).toBe('0.39');
    expect(only(hex('0601 28')).value).toBe('1.0');
    expect(only(hex('0601 4f')).value).toBe('1.39');
    expect(only(hex('0601 50')).value).toBe('2.0');
    expect(only(hex('0602 8837')).value).toBe('2.999');
    expect(only(hex('0606 2b 8180808000')).value).toBe('1.3.268435456');
    expect(only(hex('0606 2b 8fffffff7f')).value).toBe('1.3.4294967295');
    expect(only(hex('0609 2b 7f 8100 ff7f 818000')).value).toBe('1.3.127.128.16383.16384');
  });

  it('decodes varbind names with the same arcs', () => {
    expect(only(hex('0500'), hex('8837 8180808000')).oid).toBe('2.999.268435456');
  });

  it('decodes IpAddress, Null and the three exceptions', () => {
    // A decoded IpAddress value (bytes 0a 00 ff 01), not an address any traffic goes to.
    expect(only(hex('4004 0a00ff01'))).toMatchObject({ type: SnmpType.IpAddress, value: '10.0.255.1' });
    expect(only(hex('0500'))).toMatchObject({ type: SnmpType.Null, value: null });
    expect(only(hex('8000'))).toMatchObject({ type: SnmpType.NoSuchObject, value: null });
    expect(only(hex('8100'))).toMatchObject({ type: SnmpType.NoSuchInstance, value: null });
    expect(only(hex('8200'))).toMatchObject({ type: SnmpType.EndOfMibView, value: null });
  });

  it('decodes an empty varbind list', () => {
    expect(decodeResponse(response([])).varbinds).toEqual([]);
  });

  it('stops after error-index with headerOnly, even when the varbinds are broken', () => {
    const broken = response([tlv(0x30, hex('0603 2b0601 47 00'))], { status: 5, index: 1 });
    expect(() => decodeResponse(broken)).toThrow(BerError);
    expect(decodeResponse(broken, { headerOnly: true })).toMatchObject({ requestId: 0x3039, errorStatus: 5, errorIndex: 1, varbinds: [] });
  });

  it('with headerOnly, reads the request id of a datagram cut short after error-index', () => {
    // A datagram cut short (MTU, a broken agent): the outer lengths claim more than arrived,
    // but the header names the request, so that request can fail at once instead of timing out.
    const whole = response([varbind('1.3.6.1.2.1.1.5.0', tlv(0x04, Buffer.alloc(40, 0x61)))], { status: 0 });
    const cut = whole.subarray(0, whole.length - 20);
    expect(() => decodeResponse(cut)).toThrow(/truncated/);
    expect(decodeResponse(cut, { headerOnly: true })).toMatchObject({ version: 1, requestId: 0x3039, errorStatus: 0, errorIndex: 0 });
    // Cut inside the header itself: nothing to match it by.
    expect(outcome(Buffer.from(whole.subarray(0, 16)))).toBe('BerError');
    expect(() => decodeResponse(whole.subarray(0, 16), { headerOnly: true })).toThrow(BerError);
  });
});

describe('decodeResponse of malformed answers', () => {
  const good = varbind('1.3.6.1.2.1.1.3.0', hex('4302 0400'));

  it('is BerError (named ResponseInvalidError, as net-snmp names an invalid response)', () => {
    const err = (() => {
      try {
        decodeResponse(hex('31 00'));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(BerError);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe('ResponseInvalidError');
  });

  it('rejects wrong tags at every level', () => {
    // A good answer with one part swapped: each case breaks exactly one level.
    const broken = (parts: { message?: number; version?: string; community?: number; pdu?: number; head?: string; list?: number }) =>
      tlv(
        parts.message ?? 0x30,
        hex(parts.version ?? '020101'),
        tlv(parts.community ?? 0x04, Buffer.from('public')),
        tlv(parts.pdu ?? 0xa2, hex(parts.head ?? '020101 020100 020100'), tlv(parts.list ?? 0x30, good)),
      );
    const cases: Record<string, Buffer> = {
      'message not a SEQUENCE': broken({ message: 0x31 }),
      'version not an INTEGER': broken({ version: '040101' }),
      'community not an OCTET STRING': broken({ community: 0x06 }),
      'a GetRequest, not a Response': broken({ pdu: 0xa0 }),
      'a Report, not a Response': broken({ pdu: 0xa8 }),
      'a v1 Trap': broken({ version: '020100', pdu: 0xa4, head: '0603 2b0601' }),
      'request-id not an INTEGER': broken({ head: '040101 020100 020100' }),
      'varbind list not a SEQUENCE': broken({ list: 0x31 }),
      'varbind not a SEQUENCE': response([tlv(0x31, good.subarray(2))]),
      'varbind name not an OID': response([tlv(0x30, tlv(0x04, hex('2b0601')), hex('0500'))]),
      'SNMPv3 version': broken({ version: '020103' }),
      'version 2': broken({ version: '020102' }),
    };
    for (const [name, message] of Object.entries(cases)) expect(outcome(message), name).toBe('BerError');
  });

  it('rejects an unknown value type', () => {
    expect(outcome(response([varbind('1.3.6.1.2.1.1.3.0', hex('4700'))]))).toBe('BerError');
    expect(outcome(response([varbind('1.3.6.1.2.1.1.3.0', hex('a000'))]))).toBe('BerError');
  });

  it('rejects bytes after a value inside its varbind', () => {
    expect(outcome(response([tlv(0x30, tlv(0x06, hex('2b0601')), hex('0201 05'), hex('00'))]))).toBe('BerError');
    expect(outcome(response([tlv(0x30, tlv(0x06, hex('2b0601')), hex('0500'), hex('0500'))]))).toBe('BerError');
  });

  it('rejects the indefinite length form 0x80 and lengths of more than 4 bytes (0x85)', () => {
    expect(outcome(Buffer.concat([hex('3080'), response([good]).subarray(2), hex('0000')]))).toBe('BerError');
    expect(outcome(response([varbind('1.3.6.1.2.1.1.3.0', hex('0480 6162 0000'))]))).toBe('BerError');
    expect(outcome(response([varbind('1.3.6.1.2.1.1.3.0', hex('0485 0000000003 616263'))]))).toBe('BerError');
    const inner = response([good]).subarray(2);
    expect(outcome(Buffer.concat([hex('3085 00 00 00 00'), Buffer.from([inner.length]), inner]))).toBe('BerError');
  });

  it('rejects a length that runs past its enclosing element', () => {
    expect(outcome(response([tlv(0x30, tlv(0x06, hex('2b0601')), hex('0405 616263'))]))).toBe('BerError');
    expect(outcome(response([tlv(0x30, tlv(0x06, hex('2b0601')), hex('0484 ffffffff'))]))).toBe('BerError');
  });

  it('rejects values of impossible sizes', () => {
    const value = (v: string) => outcome(response([varbind('1.3.6.1.2.1.1.3.0', hex(v))]));
    expect(value('0200'), 'empty INTEGER').toBe('BerError');
    expect(value('4100'), 'empty Counter32').toBe('BerError');
    expect(value('0207 01020304050607'), '7-byte INTEGER').toBe('BerError');
    expect(value('4003 0a0000'), '3-byte IpAddress').toBe('BerError');
    expect(value('4005 0a00000001'), '5-byte IpAddress').toBe('BerError');
    expect(value('4600'), 'empty Counter64').toBe('BerError');
    expect(value('460a 00000000000000000001'), '10-byte Counter64').toBe('BerError');
    expect(value('0600'), 'empty OID value').toBe('BerError');
    expect(value('0602 2b86'), 'OID value ending inside a sub-identifier').toBe('BerError');
    expect(outcome(response([tlv(0x30, hex('0600'), hex('0500'))])), 'empty OID name').toBe('BerError');
  });

  it('rejects a sub-identifier above 2^32-1 instead of decoding a wrong number', () => {
    // 2^32 needs 33 bits: SMI sub-identifiers stop at 2^32-1 (RFC 2578 §3.5).
    expect(outcome(response([varbind('1.3.6.1.2.1.1.3.0', hex('0606 2b 9080808000'))]))).toBe('BerError');
    // 2^53 + 1 in a name: a double cannot hold it, so the text would name another object.
    expect(outcome(response([varbind(hex('2b 908080808080808001'), hex('0500'))]))).toBe('BerError');
  });

  it('rejects a sub-identifier hundreds of bytes long quickly, without hanging', () => {
    // 151 continuation bytes: beyond 2^1024 a double is Infinity; a digit loop over it never ends.
    const huge = Buffer.concat([hex('2b'), Buffer.alloc(151, 0xff), hex('7f')]);
    expect(outcome(response([varbind(huge, hex('0500'))]))).toBe('BerError');
    expect(outcome(response([varbind('1.3.6.1.2.1.1.3.0', tlv(0x06, huge))]))).toBe('BerError');
  });
});
