import type { Sample } from '@warden/core';
import { z } from 'zod';
import { columnByIndex } from '../table.js';
import { asNumber, asString, SnmpType, type Varbind } from '../varbind.js';

/** `MODULE::object` with an optional numeric instance suffix (`SNMPv2-MIB::sysUpTime.0`). */
export const SYMBOLIC_OID = /^([A-Za-z][A-Za-z0-9-]*)::([A-Za-z][A-Za-z0-9-]*)((?:\.\d+)*)$/;
const NUMERIC_OID = /^\.?\d+(\.\d+)+$/;

const oid = z
  .string()
  .refine(
    (s) => NUMERIC_OID.test(s) || SYMBOLIC_OID.test(s),
    'expected a numeric OID such as 1.3.6.1.2.1.1.3.0 or a MIB name such as IF-MIB::ifHCInOctets',
  )
  .transform((s) => (s.startsWith('.') ? s.slice(1) : s));

const metric = {
  /** Metric name (OpenTelemetry style: `pdu.outlet.current`). */
  name: z.string().regex(/^[a-z][a-z0-9_.]*$/, 'use lower-case dotted names such as pdu.outlet.current'),
  /** @defaultValue `'counter'` for Counter32/Counter64 values, else `'gauge'` */
  type: z.enum(['gauge', 'counter']).optional(),
  /** UCUM unit. */
  unit: z.string().optional(),
  /** Multiplier applied to the value (0.1 for tenths). @defaultValue 1 */
  scale: z.number().optional(),
  /** Text (or integer) value → number, for enumerations (`{ on: 1, off: 0 }` or `{ '1': 1, '2': 0 }`). */
  enum: z.record(z.string(), z.number()).optional(),
  /** Fixed labels added to every sample. */
  labels: z.record(z.string(), z.string()).optional(),
};

/**
 * Parameters of `snmp.table`: scalar OIDs and tables turned into metrics, with index labels,
 * labels looked up from other columns (of any table sharing the index), enum maps and scaling.
 * OIDs may be MIB names (`MODULE::object`) from net-snmp's base modules or `snmp({ mibs })`.
 *
 * @example
 * ```ts
 * warden.collect({ collector: 'snmp.table', assets: 'kind=pdu', every: '1m', params: {
 *   tables: [{ index: 'outlet', labels: { name: '1.3.6.1.4.1.318.1.1.26.9.4.3.1.3' },
 *     metrics: [{ column: '1.3.6.1.4.1.318.1.1.26.9.4.3.1.6', name: 'pdu.outlet.current', unit: 'A', scale: 0.1 }] }] } });
 * ```
 */
export const tableProfileSchema = z
  .strictObject({
    /** Scalar OIDs (with their instance, `….0`), each read with a GET and turned into one sample. */
    scalars: z
      .array(
        z.strictObject({
          /** The scalar's OID, instance included (`1.3.6.1.2.1.1.3.0`, or `SNMPv2-MIB::sysUpTime.0`). */
          oid,
          ...metric,
        }),
      )
      .optional(),
    /** Tables walked column by column; each row gives one sample per metric. */
    tables: z
      .array(
        z.strictObject({
          /** Label holding the row index; `false` for none. @defaultValue `'index'` */
          index: z.union([z.string().min(1), z.literal(false)]).optional(),
          /** Label name → column OID (or MIB name) whose value (same index) becomes the label. */
          labels: z.record(z.string(), oid).optional(),
          /** Columns turned into metrics. */
          metrics: z
            .array(
              z.strictObject({
                /** The column OID (the entry OID plus the column number, without an index), or its MIB name (`IF-MIB::ifHCInOctets`). */
                column: oid,
                ...metric,
              }),
            )
            .min(1),
        }),
      )
      .optional(),
  })
  .refine((p) => (p.scalars?.length ?? 0) + (p.tables?.length ?? 0) > 0, 'give at least one scalar or table');

/** Parameters of `snmp.table`, as written. */
export type TableProfile = z.input<typeof tableProfileSchema>;
type ParsedProfile = z.output<typeof tableProfileSchema>;
type MetricSpec = {
  name: string;
  type?: 'gauge' | 'counter' | undefined;
  unit?: string | undefined;
  scale?: number | undefined;
  enum?: Record<string, number> | undefined;
  labels?: Record<string, string> | undefined;
};

/**
 * Replaces the MIB names of a profile (`IF-MIB::ifHCInOctets`, `SNMPv2-MIB::sysUpTime.0`) by
 * their numeric OIDs.
 *
 * @param profile - the parsed profile
 * @param resolve - MIB name → OID (`undefined` when no loaded module defines it)
 * @returns the profile with numeric OIDs only, and the names that could not be resolved
 */
export function resolveProfile(
  profile: ParsedProfile,
  resolve: (name: string) => string | undefined,
): { profile: ParsedProfile; unknown: string[] } {
  const unknown: string[] = [];
  const numeric = (oid: string): string => {
    if (!SYMBOLIC_OID.test(oid)) return oid;
    const resolved = resolve(oid);
    if (resolved === undefined) unknown.push(oid);
    return resolved ?? oid;
  };
  const resolved: ParsedProfile = { ...profile };
  if (profile.scalars) resolved.scalars = profile.scalars.map((s) => ({ ...s, oid: numeric(s.oid) }));
  if (profile.tables) {
    resolved.tables = profile.tables.map((t) => {
      const table = { ...t, metrics: t.metrics.map((m) => ({ ...m, column: numeric(m.column) })) };
      if (t.labels) table.labels = Object.fromEntries(Object.entries(t.labels).map(([label, column]) => [label, numeric(column)]));
      return table;
    });
  }
  return { profile: resolved, unknown };
}

/** Whether a profile names anything by MIB name. */
export function usesMibNames(profile: ParsedProfile): boolean {
  return (
    (profile.scalars ?? []).some((s) => SYMBOLIC_OID.test(s.oid)) ||
    (profile.tables ?? []).some(
      (t) => t.metrics.some((m) => SYMBOLIC_OID.test(m.column)) || Object.values(t.labels ?? {}).some((c) => SYMBOLIC_OID.test(c)),
    )
  );
}

/**
 * The column OIDs `snmp.table` must walk for a profile.
 *
 * @param profile - the parsed profile
 * @returns distinct column OIDs
 */
export function profileColumns(profile: ParsedProfile): string[] {
  const columns = new Set<string>();
  for (const table of profile.tables ?? []) {
    for (const m of table.metrics) columns.add(m.column);
    for (const column of Object.values(table.labels ?? {})) columns.add(column);
  }
  return [...columns];
}

function toSample(spec: MetricSpec, varbind: Varbind | undefined, labels: Record<string, string>): Sample | undefined {
  if (!varbind) return undefined;
  let value: number | undefined;
  if (spec.enum) {
    const key = asString(varbind);
    value = key === undefined ? undefined : spec.enum[key];
  }
  value ??= asNumber(varbind);
  if (value === undefined) return undefined;
  const counter = varbind.type === SnmpType.Counter32 || varbind.type === SnmpType.Counter64;
  const type = spec.type ?? (counter ? 'counter' : 'gauge');
  const sample: Sample = { name: spec.name, value: value * (spec.scale ?? 1), type, labels: { ...spec.labels, ...labels } };
  if (spec.unit) sample.unit = spec.unit;
  if (type === 'counter' && counter) sample.counterBits = varbind.type === SnmpType.Counter64 ? 64 : 32;
  return sample;
}

/**
 * Maps a profile's scalars and walked columns to samples.
 *
 * @param profile - the parsed profile
 * @param scalars - the GET answer for the profile's scalar OIDs
 * @param columns - column OID → its walked varbinds
 * @returns the samples (values that are missing or not numeric are skipped)
 */
export function mapProfile(
  profile: ParsedProfile,
  scalars: readonly Varbind[],
  columns: ReadonlyMap<string, readonly Varbind[]>,
): Sample[] {
  const samples: Sample[] = [];
  const byOid = new Map(scalars.map((v) => [v.oid, v]));
  for (const spec of profile.scalars ?? []) {
    const sample = toSample(spec, byOid.get(spec.oid), {});
    if (sample) samples.push(sample);
  }
  const indexed = new Map<string, Map<string, Varbind>>();
  const column = (oid: string): Map<string, Varbind> => {
    let map = indexed.get(oid);
    if (!map) {
      map = columnByIndex(columns.get(oid) ?? [], oid);
      indexed.set(oid, map);
    }
    return map;
  };
  for (const table of profile.tables ?? []) {
    const indexLabel = table.index ?? 'index';
    for (const spec of table.metrics) {
      for (const [index, varbind] of column(spec.column)) {
        const labels: Record<string, string> = indexLabel === false ? {} : { [indexLabel]: index };
        for (const [label, labelColumn] of Object.entries(table.labels ?? {})) {
          const text = asString(column(labelColumn).get(index));
          if (text !== undefined) labels[label] = text;
        }
        const sample = toSample(spec, varbind, labels);
        if (sample) samples.push(sample);
      }
    }
  }
  return samples;
}
