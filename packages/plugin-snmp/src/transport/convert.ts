import type * as snmp from 'net-snmp';
import { counter64FromBytes, SnmpType, type Varbind } from '../varbind.js';

/**
 * Turns a net-snmp varbind into the plugin's plain {@link Varbind} (Counter64 bytes become a
 * bigint, Boolean a number, exceptions `null`).
 *
 * @param raw - what net-snmp returned
 * @returns the plain varbind
 */
export function fromNetSnmp(raw: snmp.Varbind): Varbind {
  const type = (raw.type as number | undefined) ?? SnmpType.Null;
  const value = raw.value as unknown;
  if (type >= SnmpType.NoSuchObject || type === SnmpType.Null) return { oid: raw.oid, type, value: null };
  if (type === SnmpType.Counter64) {
    const bigint = Buffer.isBuffer(value) ? counter64FromBytes(value) : BigInt(Number(value ?? 0));
    return { oid: raw.oid, type, value: bigint };
  }
  if (type === SnmpType.Boolean) return { oid: raw.oid, type, value: value ? 1 : 0 };
  if (typeof value === 'number' || typeof value === 'string' || Buffer.isBuffer(value)) return { oid: raw.oid, type, value };
  return { oid: raw.oid, type, value: value === undefined || value === null ? null : String(value) };
}

/**
 * Turns a plain varbind into what net-snmp sends in a SET (Counter64 as 8 big-endian bytes).
 *
 * @param varbind - the plain varbind
 * @returns the net-snmp varbind
 */
export function toNetSnmp(varbind: Varbind): snmp.Varbind {
  let value: unknown = varbind.value;
  if (typeof value === 'bigint') {
    const bytes = Buffer.alloc(8);
    bytes.writeBigUInt64BE(value);
    value = bytes;
  }
  return { oid: varbind.oid, type: varbind.type as snmp.ObjectType, value: value as snmp.Varbind['value'] };
}
