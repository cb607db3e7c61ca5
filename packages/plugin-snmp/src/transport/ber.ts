import { SnmpType, type Varbind } from '../varbind.js';
import type { OidRoot, VarbindBatch } from './batch.js';
import { compareOidBytes, compareOidWithText, isUnderBytes } from './oid-bytes.js';

/**
 * The BER subset of community-based SNMP (v1 and v2c, RFC 1157 / RFC 3416) that reads need:
 * GET, GETNEXT and GETBULK requests out, Response PDUs in. It exists for speed: a walk sends
 * hundreds of requests and decodes tens of thousands of varbinds, and net-snmp's general codec
 * (an object per varbind, OIDs built through arrays) cost about twice the CPU of Net-SNMP's C
 * tools. SNMPv3, SET, traps and informs stay on net-snmp.
 */

/** PDU tags of the requests this codec encodes. */
export const PduTag = {
  /** GetRequest-PDU. */
  Get: 0xa0,
  /** GetNextRequest-PDU. */
  GetNext: 0xa1,
  /** Response-PDU. */
  Response: 0xa2,
  /** GetBulkRequest-PDU (v2c only). */
  GetBulk: 0xa5,
} as const;

/** A request PDU tag this codec encodes. */
export type RequestTag = typeof PduTag.Get | typeof PduTag.GetNext | typeof PduTag.GetBulk;

/** A message that is not well-formed BER of the expected shape (truncated, wrong tag, …). */
export class BerError extends Error {
  /** net-snmp's name for an invalid response, so one error mapping serves both paths. */
  override readonly name = 'ResponseInvalidError';
}

const SEQUENCE = 0x30;

// ─── encoding ────────────────────────────────────────────────────────────────────────────────

function lengthSize(length: number): number {
  return length < 0x80 ? 1 : length < 0x100 ? 2 : length < 0x10000 ? 3 : 4;
}

function writeLength(out: Buffer, at: number, length: number): number {
  if (length < 0x80) {
    out[at] = length;
    return at + 1;
  }
  const bytes = lengthSize(length) - 1;
  out[at++] = 0x80 | bytes;
  for (let shift = (bytes - 1) * 8; shift >= 0; shift -= 8) out[at++] = (length >>> shift) & 0xff;
  return at;
}

/** Content bytes of a non-negative INTEGER below 2³¹ (minimal two's complement). */
function intSize(value: number): number {
  return value < 0x80 ? 1 : value < 0x8000 ? 2 : value < 0x800000 ? 3 : 4;
}

function writeInt(out: Buffer, at: number, value: number): number {
  const size = intSize(value);
  out[at++] = 0x02;
  out[at++] = size;
  for (let shift = (size - 1) * 8; shift >= 0; shift -= 8) out[at++] = (value >>> shift) & 0xff;
  return at;
}

/** Scratch space the OIDs of one request are encoded into before the message is assembled. */
let OID_BYTES = Buffer.allocUnsafe(4096);
/** Where each of those OIDs ends in {@link OID_BYTES}. */
const OID_ENDS: number[] = [];

function badOid(oid: string, why: string): BerError {
  return new BerError(`"${oid}" is not a numeric OID: ${why}`);
}

/** Writes one sub-identifier in base 128 at `at`; returns the index after it. */
function writeArc(out: Buffer, at: number, arc: number): number {
  let size = 1;
  for (let v = arc; v >= 128; v = Math.floor(v / 128)) size++;
  for (let i = at + size - 1, last = true; i >= at; i--, last = false) {
    out[i] = (arc % 128) | (last ? 0 : 0x80);
    arc = Math.floor(arc / 128);
  }
  return at + size;
}

/**
 * Encodes an OID's content bytes at `at` (`1.3.6.1.2.1` → `2b 06 01 02 01`), reading the
 * text once, without an array per OID (a column read encodes dozens per request).
 *
 * @param oid - numeric OID, no leading dot
 * @param out - where to write (at least 5 bytes per arc of room)
 * @param at - the offset to write at
 * @returns the offset after the bytes
 * @throws BerError for an OID that is not numeric, has fewer than two arcs or an arc above 2³²−1
 */
export function encodeOidInto(oid: string, out: Buffer, at: number): number {
  let first = -1;
  let arc = 0;
  let digits = 0;
  for (let i = 0; i <= oid.length; i++) {
    const c = i < oid.length ? oid.charCodeAt(i) : 46;
    if (c >= 48 && c <= 57) {
      arc = arc * 10 + (c - 48);
      if (++digits > 10 || arc > 0xffffffff) throw badOid(oid, 'an arc is above 4294967295');
      continue;
    }
    if (c !== 46 || digits === 0) throw badOid(oid, `unexpected ${i < oid.length ? `"${oid[i]}"` : 'end'} at ${i}`);
    if (first < 0) {
      if (arc > 2) throw badOid(oid, 'the first arc is 0, 1 or 2');
      first = arc;
    } else if (first <= 2) {
      if (first < 2 && arc >= 40) throw badOid(oid, 'the second arc is below 40 under 0 and 1');
      at = writeArc(out, at, first * 40 + arc);
      first = 3; // both leading arcs written
    } else {
      at = writeArc(out, at, arc);
    }
    arc = 0;
    digits = 0;
  }
  if (first !== 3) throw badOid(oid, 'it needs at least two arcs');
  return at;
}

/**
 * The content bytes of an OID (`1.3.6.1.2.1` → `2b 06 01 02 01`).
 *
 * @param oid - numeric OID, no leading dot
 * @returns the encoded sub-identifiers
 * @throws BerError for an OID that is not numeric, has fewer than two arcs or an arc above 2³²−1
 */
export function encodeOid(oid: string): Buffer {
  const out = Buffer.allocUnsafe(oid.length * 5 + 5);
  return out.subarray(0, encodeOidInto(oid, out, 0));
}

/**
 * Encodes a community-based GET, GETNEXT or GETBULK request, every varbind's value NULL.
 *
 * @param version - 0 for v1, 1 for v2c
 * @param community - the community
 * @param tag - which request
 * @param requestId - 0 … 2³¹−1
 * @param oids - numeric OIDs, no leading dots
 * @param nonRepeaters - GETBULK non-repeaters (error-status otherwise: 0)
 * @param maxRepetitions - GETBULK max-repetitions (error-index otherwise: 0)
 * @returns the message
 * @throws BerError for a malformed OID
 */
export function encodeRequest(
  version: 0 | 1,
  community: Buffer,
  tag: RequestTag,
  requestId: number,
  oids: readonly string[],
  nonRepeaters = 0,
  maxRepetitions = 0,
): Buffer {
  // The OIDs first, one after another in scratch space; then lengths inside out: varbind
  // (OID + NULL), list, PDU, message.
  let room = 0;
  for (const oid of oids) room += oid.length * 5 + 5;
  if (OID_BYTES.length < room) OID_BYTES = Buffer.allocUnsafe(room);
  const ends = OID_ENDS;
  ends.length = 0;
  let listContent = 0;
  for (let k = 0, at = 0; k < oids.length; k++) {
    const next = encodeOidInto(oids[k] as string, OID_BYTES, at);
    const size = next - at;
    const varbind = 1 + lengthSize(size) + size + 2;
    listContent += 1 + lengthSize(varbind) + varbind;
    ends.push(next);
    at = next;
  }
  const pduContent =
    2 + intSize(requestId) + 2 + intSize(nonRepeaters) + 2 + intSize(maxRepetitions) + 1 + lengthSize(listContent) + listContent;
  const messageContent = 3 + 1 + lengthSize(community.length) + community.length + 1 + lengthSize(pduContent) + pduContent;
  const out = Buffer.allocUnsafe(1 + lengthSize(messageContent) + messageContent);
  out[0] = SEQUENCE;
  let at = writeLength(out, 1, messageContent);
  at = writeInt(out, at, version);
  out[at++] = 0x04;
  at = writeLength(out, at, community.length);
  at += community.copy(out, at);
  out[at++] = tag;
  at = writeLength(out, at, pduContent);
  at = writeInt(out, at, requestId);
  at = writeInt(out, at, nonRepeaters);
  at = writeInt(out, at, maxRepetitions);
  out[at++] = SEQUENCE;
  at = writeLength(out, at, listContent);
  for (let k = 0, from = 0; k < ends.length; k++) {
    const to = ends[k] as number;
    const size = to - from;
    out[at++] = SEQUENCE;
    at = writeLength(out, at, 1 + lengthSize(size) + size + 2);
    out[at++] = 0x06;
    at = writeLength(out, at, size);
    at += OID_BYTES.copy(out, at, from, to);
    out[at++] = 0x05;
    out[at++] = 0x00;
    from = to;
  }
  return out;
}

// ─── decoding ────────────────────────────────────────────────────────────────────────────────

/** Scratch space for OID text (grown for long OIDs: at most 10 digits and a dot per byte). */
let OID_TEXT = Buffer.allocUnsafe(1024);

/** Writes a non-negative integer's decimal digits at `at`; returns the index after them. */
function writeDigits(out: Buffer, at: number, value: number): number {
  if (value < 10) {
    out[at] = 48 + value;
    return at + 1;
  }
  let digits = 1;
  for (let v = value; v >= 10; v = Math.floor(v / 10)) digits++;
  for (let i = at + digits - 1; i >= at; i--) {
    out[i] = 48 + (value % 10);
    value = Math.floor(value / 10);
  }
  return at + digits;
}

/** A cursor over one message; every read checks the bounds of the element it is in. */
class Cursor {
  at = 0;
  /** Length of the element whose header was read last. */
  length = 0;

  /**
   * @param buf - the message
   * @param lenient - containers may claim more bytes than there are (a datagram cut short still
   *   names the request it answers)
   */
  constructor(
    public buf: Buffer,
    readonly lenient = false,
  ) {}

  /**
   * Reads a tag and length and returns the tag. Checks the content fits in `end`, unless
   * `container` is set and the message is read leniently (only the header fields must fit).
   */
  header(end: number, what: string, container = false): number {
    const buf = this.buf;
    if (this.at + 2 > end) throw new BerError(`truncated message: ${what} missing`);
    const tag = buf[this.at++] as number;
    let length = buf[this.at++] as number;
    if (length & 0x80) {
      const bytes = length & 0x7f;
      if (bytes === 0 || bytes > 4) throw new BerError(`${what}: unsupported length form 0x${length.toString(16)}`);
      if (this.at + bytes > end) throw new BerError(`truncated message: length of ${what}`);
      length = 0;
      for (let i = 0; i < bytes; i++) length = length * 256 + (buf[this.at++] as number);
    }
    if (this.at + length > end && !(container && this.lenient)) {
      throw new BerError(`truncated message: ${what} needs ${length} bytes, ${end - this.at} left`);
    }
    this.length = length;
    return tag;
  }

  expect(tag: number, end: number, what: string, container = false): void {
    const got = this.header(end, what, container);
    if (got !== tag) throw new BerError(`${what}: expected tag 0x${tag.toString(16)}, got 0x${got.toString(16)}`);
  }

  /** A signed INTEGER's content (after its header), as net-snmp reads it. */
  int(what: string): number {
    const { buf, length } = this;
    if (length === 0 || length > 6) throw new BerError(`${what}: integer of ${length} bytes`);
    let value = ((buf[this.at] as number) << 24) >> 24; // sign of the first byte
    for (let i = 1; i < length; i++) value = value * 256 + (buf[this.at + i] as number);
    this.at += length;
    return value;
  }

  /** Checks an OID's content (after its header) and steps over it. */
  skipOid(what: string): void {
    const { buf, length } = this;
    const end = this.at + length;
    if (length === 0 || (buf[end - 1] as number) & 0x80) throw new BerError(`${what}: truncated OID`);
    let value = 0;
    let limit = 0xffffffff + 80; // the first sub-identifier holds two arcs
    for (let i = this.at; i < end; i++) {
      const byte = buf[i] as number;
      // X.690 8.19.2: no leading 0x80. Walks compare OIDs on their bytes, which needs one
      // encoding per OID.
      if (byte === 0x80 && value === 0) throw new BerError(`${what}: sub-identifier with a leading 0x80 byte (not minimal)`);
      value = value * 128 + (byte & 0x7f);
      if (value > limit) throw new BerError(`${what}: sub-identifier above 4294967295`);
      if (byte & 0x80) continue;
      value = 0;
      limit = 0xffffffff;
    }
    this.at = end;
  }

  /**
   * An OID's content (after its header) as a dotted string. Only for bytes {@link skipOid} has
   * checked (every varbind is checked when its answer arrives), so nothing is checked again here.
   */
  oid(): string {
    const { buf, length } = this;
    const end = this.at + length;
    // The digits go to a scratch buffer and become one flat string: building it with += made a
    // string per arc, and the walk's comparisons then flattened them again.
    if (OID_TEXT.length < length * 11) OID_TEXT = Buffer.allocUnsafe(length * 11);
    const text = OID_TEXT;
    let n = 0;
    let value = 0;
    let first = true;
    for (let i = this.at; i < end; i++) {
      const byte = buf[i] as number;
      value = value * 128 + (byte & 0x7f);
      if (byte & 0x80) continue;
      if (first) {
        // The first sub-identifier holds two arcs: 40 × first + second (first ≤ 2).
        const top = value < 80 ? Math.floor(value / 40) : 2;
        text[n++] = 48 + top;
        value -= top * 40;
        first = false;
      }
      text[n++] = 46;
      n = writeDigits(text, n, value);
      value = 0;
    }
    this.at = end;
    return text.toString('latin1', 0, n);
  }

  /** The content bytes (after the header), sharing the message's memory. */
  bytes(): Buffer {
    const out = this.buf.subarray(this.at, this.at + this.length);
    this.at += this.length;
    return out;
  }
}

function readValue(cur: Cursor, tag: number, where: string): Varbind['value'] {
  switch (tag) {
    case SnmpType.Integer:
      return cur.int(where);
    case SnmpType.Counter32:
    case SnmpType.Gauge32:
    case SnmpType.TimeTicks:
      return cur.int(where) >>> 0;
    case SnmpType.OctetString:
    case SnmpType.Opaque:
    case SnmpType.BitString:
      return cur.bytes();
    case SnmpType.OID:
      return cur.oid();
    case SnmpType.IpAddress: {
      const b = cur.buf;
      const a = cur.at;
      cur.at += 4;
      return `${b[a]}.${b[a + 1]}.${b[a + 2]}.${b[a + 3]}`;
    }
    case SnmpType.Counter64: {
      const b = cur.buf;
      const end = cur.at + cur.length;
      // Up to 6 bytes fit a double exactly: the common case makes one BigInt and no arithmetic.
      let value: bigint;
      if (cur.length <= 6) {
        let small = 0;
        for (let i = cur.at; i < end; i++) small = small * 256 + (b[i] as number);
        value = BigInt(small);
      } else {
        value = 0n;
        for (let i = cur.at; i < end; i++) value = (value << 8n) | BigInt(b[i] as number);
        // Nine bytes with a non-zero first one overflow 64 bits: wrap, as net-snmp does.
        if (cur.length === 9) value &= 0xffff_ffff_ffff_ffffn;
      }
      cur.at = end;
      return value;
    }
    case SnmpType.Boolean:
      return cur.int(where) === 0 ? 0 : 1;
    default:
      // Null and the exceptions (noSuchObject, noSuchInstance, endOfMibView); checkValue
      // refused every other tag.
      cur.at += cur.length;
      return null;
  }
}

/**
 * Checks a value (after its header) as {@link readValue} will read it, and steps over it:
 * a response is checked whole when it arrives and its varbinds decoded later, when asked for.
 */
function checkValue(cur: Cursor, tag: number, where: string): void {
  switch (tag) {
    case SnmpType.Integer:
    case SnmpType.Counter32:
    case SnmpType.Gauge32:
    case SnmpType.TimeTicks:
    case SnmpType.Boolean:
      cur.int(where);
      return;
    case SnmpType.OID:
      cur.skipOid(where);
      return;
    case SnmpType.IpAddress:
      if (cur.length !== 4) throw new BerError(`${where}: IpAddress of ${cur.length} bytes`);
      break;
    case SnmpType.Counter64:
      if (cur.length === 0 || cur.length > 9) throw new BerError(`${where}: Counter64 of ${cur.length} bytes`);
      break;
    case SnmpType.OctetString:
    case SnmpType.Opaque:
    case SnmpType.BitString:
    case SnmpType.Null:
    case SnmpType.NoSuchObject:
    case SnmpType.NoSuchInstance:
    case SnmpType.EndOfMibView:
      break;
    default:
      throw new BerError(`${where}: unknown value type 0x${tag.toString(16)}`);
  }
  cur.at += cur.length;
}

/**
 * A community-based Response-PDU, checked whole on arrival, whose varbinds are decoded only when
 * asked for. A walk checks each varbind's type, order and subtree on the datagram's bytes and
 * keeps the datagram; the varbinds it keeps become objects once, when its caller reads them.
 */
export class CommunityResponse implements VarbindBatch {
  /** Content start and end of each varbind's name, in pairs; its value's header follows. */
  readonly #names: number[];
  readonly #buf: Buffer;
  #varbinds: Varbind[] | undefined;

  /**
   * @param buf - the datagram (kept, not copied)
   * @param names - from {@link decodeResponse}
   * @param version - message version: 0 for v1, 1 for v2c
   * @param community - the community the agent echoed (sharing the datagram's memory)
   * @param requestId - the request id it answers
   * @param errorStatus - error-status (0 = noError)
   * @param errorIndex - error-index (1-based; 0 when none)
   */
  constructor(
    buf: Buffer,
    names: number[],
    readonly version: number,
    readonly community: Buffer,
    readonly requestId: number,
    readonly errorStatus: number,
    readonly errorIndex: number,
  ) {
    this.#buf = buf;
    this.#names = names;
  }

  /** How many varbinds the response has. */
  get length(): number {
    return this.#names.length / 2;
  }

  /** Every varbind, decoded (once), in the agent's order. */
  get varbinds(): Varbind[] {
    if (!this.#varbinds) {
      const out: Varbind[] = [];
      for (let i = 0; i < this.length; i++) out.push(this.varbind(i));
      this.#varbinds = out;
    }
    return this.#varbinds;
  }

  type(i: number): number {
    return this.#buf[this.#names[2 * i + 1] as number] as number;
  }

  isUnder(i: number, root: OidRoot): boolean {
    return isUnderBytes(this.#buf, this.#names[2 * i] as number, this.#names[2 * i + 1] as number, root.bytes);
  }

  compareTo(i: number, oid: string): number {
    return compareOidWithText(this.#buf, this.#names[2 * i] as number, this.#names[2 * i + 1] as number, oid);
  }

  compareWithin(i: number, j: number): number {
    const names = this.#names;
    const buf = this.#buf;
    return compareOidBytes(
      buf,
      names[2 * i] as number,
      names[2 * i + 1] as number,
      buf,
      names[2 * j] as number,
      names[2 * j + 1] as number,
    );
  }

  oid(i: number): string {
    return oidText(this.#buf, this.#names[2 * i] as number, this.#names[2 * i + 1] as number);
  }

  varbind(i: number): Varbind {
    const cur = at(this.#buf, this.#names[2 * i] as number, this.#names[2 * i + 1] as number);
    const oid = cur.oid();
    const type = cur.header(this.#buf.length, 'value');
    const value = readValue(cur, type, 'value');
    cur.buf = EMPTY; // the scratch cursor must not keep the datagram
    return { oid, type, value };
  }
}

/**
 * Reads a community-based Response-PDU and checks every varbind in it (structure, OIDs, value
 * types and sizes), decoding none: see {@link CommunityResponse}.
 *
 * @param buf - one datagram
 * @param options - `headerOnly`: stop after error-index (no varbinds) and accept containers
 *   longer than the datagram, to learn which request a broken message answers
 * @returns the response
 * @throws BerError when the datagram is not a well-formed v1/v2c Response-PDU
 */
export function decodeResponse(buf: Buffer, options?: { headerOnly?: boolean }): CommunityResponse {
  const headerOnly = options?.headerOnly === true;
  const cur = new Cursor(buf, headerOnly);
  cur.expect(SEQUENCE, buf.length, 'message', true);
  const messageEnd = Math.min(cur.at + cur.length, buf.length);
  cur.expect(0x02, messageEnd, 'version');
  const version = cur.int('version');
  if (version !== 0 && version !== 1) throw new BerError(`version ${version} is not v1 or v2c`);
  cur.expect(0x04, messageEnd, 'community');
  const community = cur.bytes();
  cur.expect(PduTag.Response, messageEnd, 'Response-PDU', true);
  const pduEnd = Math.min(cur.at + cur.length, messageEnd);
  cur.expect(0x02, pduEnd, 'request-id');
  const requestId = cur.int('request-id');
  cur.expect(0x02, pduEnd, 'error-status');
  const errorStatus = cur.int('error-status');
  cur.expect(0x02, pduEnd, 'error-index');
  const errorIndex = cur.int('error-index');
  const names: number[] = [];
  if (headerOnly) return new CommunityResponse(buf, names, version, community, requestId, errorStatus, errorIndex);
  cur.expect(SEQUENCE, pduEnd, 'varbind list');
  const listEnd = cur.at + cur.length;
  while (cur.at < listEnd) {
    // Labels are constants here and say which varbind only when something is wrong: this loop
    // runs for every varbind of every walk.
    const index = names.length / 2 + 1;
    let nameEnd = -1;
    try {
      cur.expect(SEQUENCE, listEnd, 'varbind');
      const end = cur.at + cur.length;
      cur.expect(0x06, end, 'name');
      const from = cur.at;
      cur.skipOid('name');
      nameEnd = cur.at;
      names.push(from, nameEnd);
      const type = cur.header(end, 'value');
      checkValue(cur, type, 'value');
      if (cur.at !== end) throw new BerError(`${end - cur.at} bytes after the value`);
    } catch (err) {
      if (!(err instanceof BerError)) throw err;
      const named = nameEnd < 0 ? '' : ` (${oidText(buf, names[names.length - 2] as number, nameEnd)})`;
      throw new BerError(`${err.message} in varbind ${index}${named}`);
    }
  }
  return new CommunityResponse(buf, names, version, community, requestId, errorStatus, errorIndex);
}

const EMPTY = Buffer.alloc(0);
/** One cursor for decoding checked varbinds (decoding is synchronous: it is never shared). */
const SCRATCH = new Cursor(EMPTY);

/** The scratch cursor on an element of `buf` whose content runs from `from` to `to`. */
function at(buf: Buffer, from: number, to: number): Cursor {
  SCRATCH.buf = buf;
  SCRATCH.at = from;
  SCRATCH.length = to - from;
  return SCRATCH;
}

function oidText(buf: Buffer, from: number, to: number): string {
  const text = at(buf, from, to).oid();
  SCRATCH.buf = EMPTY;
  return text;
}
