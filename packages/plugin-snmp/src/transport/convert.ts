import type * as snmp from 'net-snmp';
import { counter64FromBytes, SnmpType, type Varbind } from '../varbind.js';

/**
 * Turns a net-snmp varbind into the plugin's plain {@link Varbind} (Counter64 bytes become a
 * bigint, Boolean a number, exceptions `null`). The object net-snmp decoded is reused (a walk
 * decodes tens of thousands): the caller must own it, as it does a response's varbinds.
 *
 * @param raw - what net-snmp returned
 * @returns the plain varbind (the same object, with `type` and `value` normalised)
 */
export function fromNetSnmp(raw: snmp.Varbind): Varbind {
  const out = raw as unknown as { oid: string; type: number; value: unknown };
  const type = (raw.type as number | undefined) ?? SnmpType.Null;
  const value = raw.value as unknown;
  out.type = type;
  if (type >= SnmpType.NoSuchObject || type === SnmpType.Null) out.value = null;
  else if (type === SnmpType.Counter64) out.value = Buffer.isBuffer(value) ? counter64FromBytes(value) : BigInt(Number(value ?? 0));
  else if (type === SnmpType.Boolean) out.value = value ? 1 : 0;
  else if (!(typeof value === 'number' || typeof value === 'string' || Buffer.isBuffer(value)))
    out.value = value === undefined || value === null ? null : String(value);
  return out as Varbind;
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
