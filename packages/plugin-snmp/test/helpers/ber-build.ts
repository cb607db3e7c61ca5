// Hand-built BER for the codec's tests: answers built byte by byte, requests read back.
import { decodeResponse, encodeOid, PduTag } from '../../src/transport/ber.js';

/** One BER element: tag, minimal definite length, content. */
export function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), body]);
}

/** A non-negative INTEGER, minimal two's complement. */
export function berInt(value: number): Buffer {
  const bytes: number[] = [];
  do {
    bytes.unshift(value & 0xff);
    value = Math.floor(value / 256);
  } while (value > 0);
  if ((bytes[0] as number) & 0x80) bytes.unshift(0);
  return tlv(0x02, Buffer.from(bytes));
}

/** One varbind: the OID (encoded by the plugin) and a value element. */
export function rawVarbind(oid: string, value: Buffer): Buffer {
  return tlv(0x30, tlv(0x06, Buffer.from(encodeOid(oid))), value);
}

/** A request as a fake agent saw it. */
export interface RawRequest {
  version: number;
  community: string;
  tag: number;
  requestId: number;
  /** GETBULK max-repetitions (error-index's place). */
  maxRepetitions: number;
  oids: string[];
}

/** Reads a request back with the plugin's decoder, its PDU tag patched to Response. */
export function readRequest(message: Buffer): RawRequest {
  const copy = Buffer.from(message);
  let at = 0;
  const header = (): number => {
    at++;
    const first = copy[at++] as number;
    if (!(first & 0x80)) return first;
    let length = 0;
    for (let i = 0; i < (first & 0x7f); i++) length = length * 256 + (copy[at++] as number);
    return length;
  };
  header(); // message
  const versionLength = header();
  at += versionLength; // (not `at += header()`: that adds to the offset from before the call)
  const communityLength = header();
  at += communityLength;
  const tag = copy[at] as number;
  copy[at] = PduTag.Response;
  const decoded = decodeResponse(copy);
  return {
    version: decoded.version,
    community: decoded.community.toString(),
    tag,
    requestId: decoded.requestId,
    maxRepetitions: decoded.errorIndex,
    oids: decoded.varbinds.map((v) => v.oid),
  };
}
