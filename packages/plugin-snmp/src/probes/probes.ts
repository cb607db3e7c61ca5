import {
  type Asset,
  type CheckResult,
  evaluateThresholds,
  type HookContext,
  isWardenError,
  type ProbeDefinition,
  parseThreshold,
  type ThresholdInput,
} from '@warden/core';
import { z } from 'zod';
import type { ReaderFor } from '../collectors/definitions.js';
import { IF_ENTRY, IFX_ENTRY } from '../collectors/interfaces.js';
import { SYSTEM_OIDS } from '../collectors/system.js';
import { walkAll } from '../collectors/walks.js';
import { tableRows } from '../table.js';
import { asNumber, asString, isException, typeName } from '../varbind.js';

function failure(err: unknown, status: 'critical' | 'unknown', what: string): CheckResult {
  if (isWardenError(err)) return { status, summary: `${what}: ${err.message}`, code: err.code };
  return { status, summary: `${what}: ${String(err)}` };
}

/** Params of `snmp.reachable`. */
export const reachableParams = z.strictObject({}).optional();

/**
 * `snmp.reachable`: GETs sysUpTime and sysName; any answer is ok, none (or refused credentials)
 * is critical. Use it as the asset's liveness check.
 *
 * @param readerFor - gives a reader per asset
 * @returns the probe definition
 */
export function reachableProbe(readerFor: ReaderFor): ProbeDefinition<z.infer<typeof reachableParams>> {
  return {
    name: 'reachable',
    description: 'SNMP liveness: the agent answers a GET of sysUpTime',
    params: reachableParams,
    async run(asset: Asset, _params, ctx: HookContext): Promise<CheckResult> {
      try {
        const reader = await readerFor(asset, ctx);
        const started = performance.now();
        const [uptime, name] = await reader.get([SYSTEM_OIDS.sysUpTime, SYSTEM_OIDS.sysName]);
        const ms = performance.now() - started;
        const ticks = asNumber(uptime);
        const sysName = asString(name);
        return {
          status: 'ok',
          summary: `${reader.device} answered${sysName ? ` as ${sysName}` : ''}${ticks === undefined ? '' : `, up ${Math.floor(ticks / 8_640_000)}d`}`,
          samples: [{ name: 'snmp.response_time', value: ms / 1000, unit: 's' }],
        };
      } catch (err) {
        return failure(err, 'critical', `snmp.reachable on ${asset.id}`);
      }
    },
  };
}

// Checked with core's parser so the probe accepts exactly what metric checks accept.
const threshold = z.union([z.string(), z.number()]).superRefine((value, ctx) => {
  try {
    parseThreshold(value, 'threshold');
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: isWardenError(err) ? err.message : String(err) });
  }
});

function thresholdsOf(params: { warn?: ThresholdInput | undefined; crit?: ThresholdInput | undefined }) {
  return {
    warn: params.warn === undefined ? undefined : parseThreshold(params.warn, 'snmp.get warn'),
    crit: params.crit === undefined ? undefined : parseThreshold(params.crit, 'snmp.get crit'),
  };
}

/** Params of `snmp.get`. */
export const getParams = z
  .strictObject({
    /** The OID to read. */
    oid: z.string().regex(/^\.?\d+(\.\d+)+$/, 'expected a numeric OID'),
    /** Warning threshold (`'>80'`, `'10:20'`, Nagios ranges). */
    warn: threshold.optional(),
    /** Critical threshold. */
    crit: threshold.optional(),
    /** Multiplier applied before comparing. @defaultValue 1 */
    scale: z.number().optional(),
    /** For text values: the expected string (anything else is critical). */
    expect: z.string().optional(),
    /** Label used in the summary. @defaultValue the OID */
    label: z.string().optional(),
  })
  .refine((p) => p.expect === undefined || (p.warn === undefined && p.crit === undefined), 'use expect or thresholds, not both');

/**
 * `snmp.get`: reads one OID and judges it against thresholds (or an expected text).
 * noSuchObject, noSuchInstance and non-numeric values are `unknown`, naming the OID.
 *
 * @param readerFor - gives a reader per asset
 * @returns the probe definition
 */
export function getProbe(readerFor: ReaderFor): ProbeDefinition<z.infer<typeof getParams>> {
  return {
    name: 'get',
    description: 'One OID compared with thresholds or an expected value',
    params: getParams,
    async run(asset, params, ctx) {
      const label = params.label ?? params.oid;
      let reader: Awaited<ReturnType<ReaderFor>>;
      try {
        reader = await readerFor(asset, ctx);
        const [varbind] = await reader.get([params.oid]);
        if (!varbind || isException(varbind)) {
          return {
            status: 'unknown',
            summary: `${label} on ${reader.device}: ${varbind ? typeName(varbind.type) : 'no varbind'} for ${params.oid}`,
            code: 'ERR_PROTOCOL',
          };
        }
        if (params.expect !== undefined) {
          const text = asString(varbind) ?? '';
          return text === params.expect
            ? { status: 'ok', summary: `${label} = ${JSON.stringify(text)}` }
            : { status: 'critical', summary: `${label} = ${JSON.stringify(text)}, expected ${JSON.stringify(params.expect)}` };
        }
        const raw = asNumber(varbind);
        if (raw === undefined) {
          return {
            status: 'unknown',
            summary: `${label} on ${reader.device}: ${params.oid} is ${typeName(varbind.type)}, not a number`,
            code: 'ERR_PROTOCOL',
          };
        }
        const value = raw * (params.scale ?? 1);
        const sample = { name: 'snmp.value', value, labels: { oid: params.oid } };
        const thresholds = thresholdsOf(params);
        const status = evaluateThresholds(value, thresholds);
        const breached = status === 'critical' ? ` (crit ${thresholds.crit})` : status === 'warning' ? ` (warn ${thresholds.warn})` : '';
        return { status, summary: `${label} = ${value}${breached}`, samples: [sample] };
      } catch (err) {
        return failure(err, 'unknown', `snmp.get ${params.oid} on ${asset.id}`);
      }
    },
  };
}

/** Params of `snmp.interface`. */
export const interfaceParams = z.strictObject({
  /** Interface names (ifName or ifDescr) that must be up. */
  interfaces: z.array(z.string().min(1)).min(1),
  /** Status for an interface an operator shut down (ifAdminStatus down). @defaultValue `'warning'` */
  adminDown: z.enum(['ok', 'warning', 'critical']).optional(),
});

/**
 * `snmp.interface`: the operational status of named interfaces. Down while admin up is critical;
 * admin down is `adminDown`; a name the agent does not have is unknown.
 *
 * @param readerFor - gives a reader per asset
 * @returns the probe definition
 */
export function interfaceProbe(readerFor: ReaderFor): ProbeDefinition<z.infer<typeof interfaceParams>> {
  return {
    name: 'interface',
    description: 'Operational status of named interfaces (IF-MIB)',
    params: interfaceParams,
    async run(asset, params, ctx) {
      try {
        const reader = await readerFor(asset, ctx);
        const columns = ['1.3.6.1.2.1.2.2.1.2', '1.3.6.1.2.1.2.2.1.7', '1.3.6.1.2.1.2.2.1.8'];
        if (reader.version !== '1') columns.push('1.3.6.1.2.1.31.1.1.1.1');
        const { byOid } = await walkAll(reader, columns, ctx.logger);
        const rows = tableRows(
          [...columns.slice(0, 3)].flatMap((c) => byOid.get(c) ?? []),
          IF_ENTRY,
        );
        const names = tableRows(byOid.get('1.3.6.1.2.1.31.1.1.1.1') ?? [], IFX_ENTRY);
        const byName = new Map<string, { admin: number | undefined; oper: number | undefined }>();
        for (const [index, row] of rows) {
          const state = { admin: asNumber(row.get(7)), oper: asNumber(row.get(8)) };
          const descr = asString(row.get(2));
          const name = asString(names.get(index)?.get(1));
          if (descr) byName.set(descr, state);
          if (name) byName.set(name, state);
        }
        const statuses: CheckResult['status'][] = [];
        const notes: string[] = [];
        for (const wanted of params.interfaces) {
          const state = byName.get(wanted);
          if (!state) {
            statuses.push('unknown');
            notes.push(`${wanted} not found`);
          } else if (state.oper === 1) {
            statuses.push('ok');
            notes.push(`${wanted} up`);
          } else if (state.admin === 2) {
            statuses.push(params.adminDown ?? 'warning');
            notes.push(`${wanted} admin down`);
          } else {
            statuses.push('critical');
            notes.push(`${wanted} down`);
          }
        }
        const rank = { ok: 0, unknown: 1, warning: 2, critical: 3 } as const;
        const status = statuses.reduce<CheckResult['status']>((w, s) => (rank[s] > rank[w] ? s : w), 'ok');
        return { status, summary: `${reader.device}: ${notes.join(', ')}` };
      } catch (err) {
        return failure(err, 'unknown', `snmp.interface on ${asset.id}`);
      }
    },
  };
}
