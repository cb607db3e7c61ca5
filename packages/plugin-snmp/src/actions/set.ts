import { type ActionDefinition, type ActionResult, type Asset, type HookContext, isWardenError, WardenError } from '@warden/core';
import { z } from 'zod';
import { asString, SnmpType, type Varbind } from '../varbind.js';

/** Value types `snmp.set` can write. */
export const SET_TYPES = [
  'Integer',
  'OctetString',
  'OID',
  'IpAddress',
  'Counter32',
  'Gauge32',
  'Unsigned32',
  'TimeTicks',
  'Counter64',
] as const;

/**
 * Params schema of `snmp.set`: one OID instance, its SMI type and the value, checked against the
 * type's range before anything is sent.
 *
 * @example
 * ```ts
 * await warden.act('snmp.set', 'sw-1', { oid: '1.3.6.1.2.1.1.4.0', type: 'OctetString', value: 'noc' });
 * ```
 */
export const snmpSetParamsSchema = z
  .strictObject({
    /** The OID instance to write (`1.3.6.1.2.1.2.2.1.7.3` = ifAdminStatus of interface 3). */
    oid: z.string().regex(/^\.?\d+(\.\d+)+$/, 'expected a numeric OID'),
    /** The SMI type of the value. */
    type: z.enum(SET_TYPES),
    /** The value: a number for numeric types, text for OctetString, dotted text for OID/IpAddress. */
    value: z.union([z.string(), z.number()]),
  })
  .superRefine((p, ctx) => {
    const numeric = p.type !== 'OctetString' && p.type !== 'OID' && p.type !== 'IpAddress';
    if (numeric) {
      const n = typeof p.value === 'number' ? p.value : Number(p.value);
      const max = p.type === 'Integer' ? 2_147_483_647 : p.type === 'Counter64' ? Number.MAX_SAFE_INTEGER : 4_294_967_295;
      const min = p.type === 'Integer' ? -2_147_483_648 : 0;
      if (!Number.isInteger(n) || n < min || n > max)
        ctx.addIssue({ code: 'custom', path: ['value'], message: `${p.type} needs an integer in ${min}..${max}` });
    } else if (p.type === 'OID' && !/^\d+(\.\d+)+$/.test(String(p.value))) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'OID values are numeric OIDs such as 1.3.6.1.4.1' });
    } else if (p.type === 'IpAddress' && !/^(\d{1,3}\.){3}\d{1,3}$/.test(String(p.value))) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'IpAddress values are dotted quads such as 10.0.0.1' });
    }
  });

/** Params of `snmp.set`, as written. */
export type SetParams = z.input<typeof snmpSetParamsSchema>;

/**
 * Builds the varbind `snmp.set` sends.
 *
 * @param params - validated params
 * @returns the typed varbind
 */
export function setVarbind(params: z.output<typeof snmpSetParamsSchema>): Varbind {
  const oid = params.oid.replace(/^\./, '');
  const type = SnmpType[params.type === 'Unsigned32' ? 'Gauge32' : params.type];
  if (params.type === 'OctetString') return { oid, type, value: Buffer.from(String(params.value), 'utf8') };
  if (params.type === 'OID' || params.type === 'IpAddress') return { oid, type, value: String(params.value) };
  if (params.type === 'Counter64') return { oid, type, value: BigInt(params.value) };
  return { oid, type, value: Number(params.value) };
}

/** Writes varbinds on an asset with its write credentials. */
export type Writer = (asset: Asset, ctx: HookContext, varbinds: Varbind[]) => Promise<Varbind[]>;

/**
 * `snmp.set`: writes one typed value with the asset's write community (or its v3 user) and
 * reports what the agent echoed. Refusals (read-only community, notWritable, wrongType) are
 * `ok: false` with the agent's reason.
 *
 * @param write - performs the SET
 * @returns the action definition
 */
export function setAction(write: Writer): ActionDefinition<z.output<typeof snmpSetParamsSchema>> {
  return {
    name: 'set',
    description: 'SNMP SET of one typed value (ifAdminStatus, outlet control, sysContact, …)',
    params: snmpSetParamsSchema,
    async run(asset, params, ctx): Promise<ActionResult> {
      try {
        const [echo] = await write(asset, ctx, [setVarbind(params)]);
        if (!echo) throw new WardenError('ERR_PROTOCOL', `SET ${params.oid} on ${asset.id}: the agent echoed no varbind`);
        const shown = echo.type === SnmpType.OctetString ? JSON.stringify(asString(echo)) : String(echo.value);
        return { ok: true, output: `${params.oid} = ${shown}` };
      } catch (err) {
        return { ok: false, error: isWardenError(err) ? `${err.code}: ${err.message}` : String(err) };
      }
    },
  };
}
