/**
 * ASN.1 / SMI type tags of varbind values (the numbers net-snmp and snmpsim's `.snmprec`
 * files use), so mapping code never needs net-snmp.
 */
export const SnmpType = {
  /** ASN.1 BOOLEAN (rare in SNMP). */
  Boolean: 1,
  /** INTEGER / Integer32 (also enumerations). */
  Integer: 2,
  /** ASN.1 BIT STRING. */
  BitString: 3,
  /** OCTET STRING (text or bytes). */
  OctetString: 4,
  /** NULL. */
  Null: 5,
  /** OBJECT IDENTIFIER. */
  OID: 6,
  /** IpAddress (4 bytes, dotted quad). */
  IpAddress: 64,
  /** Counter32: wraps at 2³². */
  Counter32: 65,
  /** Gauge32 / Unsigned32. */
  Gauge32: 66,
  /** TimeTicks: hundredths of a second. */
  TimeTicks: 67,
  /** Opaque (wrapped BER). */
  Opaque: 68,
  /** Counter64: wraps at 2⁶⁴ (SNMPv2c/v3 only). */
  Counter64: 70,
  /** Exception: the agent does not implement the object. */
  NoSuchObject: 128,
  /** Exception: the object exists but not this instance. */
  NoSuchInstance: 129,
  /** Exception: a walk ran past the last OID of the agent. */
  EndOfMibView: 130,
} as const;

/** One of the {@link SnmpType} tags. */
export type SnmpTypeTag = (typeof SnmpType)[keyof typeof SnmpType];

/**
 * A decoded variable binding. `value` is a `number` for Integer, Counter32, Gauge32 and TimeTicks,
 * a `bigint` for Counter64, a `Buffer` for OctetString and Opaque, a dotted `string` for OID and
 * IpAddress, and `null` for Null and the exception types.
 */
export interface Varbind {
  /** Numeric OID without a leading dot. */
  oid: string;
  /** The type tag. */
  type: number;
  /** The value; see the interface description. */
  value: number | bigint | string | Buffer | null;
}

const TYPE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(SnmpType).map(([name, tag]) => [tag, name]));

/**
 * The name of a type tag (`65` → `'Counter32'`).
 *
 * @param type - the tag
 * @returns its name, or `type <n>` for an unknown tag
 */
export function typeName(type: number): string {
  return TYPE_NAMES[type] ?? `type ${type}`;
}

/**
 * Whether a varbind is an exception (noSuchObject, noSuchInstance, endOfMibView) rather than a value.
 *
 * @param varbind - the varbind
 * @returns true for the three exception types
 */
export function isException(varbind: Varbind): boolean {
  return varbind.type >= SnmpType.NoSuchObject;
}

/**
 * Strips a leading dot from an OID (`.1.3.6` → `1.3.6`).
 *
 * @param oid - numeric OID
 * @returns the OID without a leading dot
 */
export function normalizeOid(oid: string): string {
  return oid.startsWith('.') ? oid.slice(1) : oid;
}

/**
 * Compares two numeric OIDs arc by arc (lexicographic order of SNMP).
 *
 * @param a - first OID
 * @param b - second OID
 * @returns negative when a sorts before b, 0 when equal, positive after
 */
export function compareOids(a: string, b: string): number {
  // On the walk's hot path (once per varbind): scan both strings arc by arc, no arrays.
  let i = 0;
  let j = 0;
  for (;;) {
    const endA = i >= a.length;
    const endB = j >= b.length;
    if (endA || endB) return endA === endB ? 0 : endA ? -1 : 1;
    let x = 0;
    for (let c = a.charCodeAt(i); c !== 46 && i < a.length; c = a.charCodeAt(++i)) x = x * 10 + (c - 48);
    let y = 0;
    for (let c = b.charCodeAt(j); c !== 46 && j < b.length; c = b.charCodeAt(++j)) y = y * 10 + (c - 48);
    if (x !== y) return x - y;
    i++;
    j++;
  }
}

/**
 * Whether `oid` lies strictly under `base` (`1.3.6.1.2.1.1.3.0` is under `1.3.6.1.2.1.1`).
 *
 * @param oid - the OID to test
 * @param base - the subtree root
 * @returns true when `oid` starts with `base.`
 */
export function isUnder(oid: string, base: string): boolean {
  return oid.length > base.length && oid.startsWith(base) && oid.charCodeAt(base.length) === 46;
}

/**
 * A varbind's value as a number: integers as is, Counter64 through `Number()` (exact up to 2⁵³),
 * numeric strings parsed (UCD's `laLoad` is a string). Anything else is `undefined`.
 *
 * @param varbind - the varbind, or undefined
 * @returns the number, or `undefined` when there is none
 */
export function asNumber(varbind: Varbind | undefined): number | undefined {
  if (!varbind || isException(varbind)) return undefined;
  const { value } = varbind;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (Buffer.isBuffer(value) || typeof value === 'string') {
    const text = value.toString().trim();
    if (text === '') return undefined;
    const parsed = Number(text);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/**
 * A varbind's value as text: OctetStrings decoded as UTF-8 with trailing NULs removed, numbers
 * and OIDs as strings.
 *
 * @param varbind - the varbind, or undefined
 * @returns the text, or `undefined` for a missing or exception varbind
 */
export function asString(varbind: Varbind | undefined): string | undefined {
  if (!varbind || isException(varbind) || varbind.value === null) return undefined;
  const { value } = varbind;
  if (Buffer.isBuffer(value)) return value.toString('utf8').replace(/\0+$/, '');
  return String(value);
}

/**
 * Parses Counter64 bytes as net-snmp delivers them (big-endian, any length).
 *
 * @param bytes - the raw bytes
 * @returns the unsigned value
 */
export function counter64FromBytes(bytes: Uint8Array): bigint {
  // BER drops leading zero bytes (and may add one for the sign): up to 6 bytes fit a double.
  if (bytes.length <= 6) {
    let small = 0;
    for (const byte of bytes) small = small * 256 + byte;
    return BigInt(small);
  }
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}
