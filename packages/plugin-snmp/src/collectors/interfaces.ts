import type { Sample } from '@warden/core';
import { type TableRow, tableRows } from '../table.js';
import { asNumber, asString, SnmpType, type Varbind } from '../varbind.js';

/** IF-MIB ifEntry. */
export const IF_ENTRY = '1.3.6.1.2.1.2.2.1';
/** IF-MIB ifXEntry. */
export const IFX_ENTRY = '1.3.6.1.2.1.31.1.1.1';

const ADMIN: Record<number, string> = { 1: 'up', 2: 'down', 3: 'testing' };
const MOD32 = 4_294_967_296;
const MOD64 = 2 ** 64;

/** How one interface counter is read: HC (ifXTable, 64-bit) columns, else ifTable (32-bit) ones. */
interface CounterSpec {
  name: string;
  unit: string;
  direction: 'receive' | 'transmit';
  hc: number[];
  low: number[];
}

const COUNTERS: CounterSpec[] = [
  { name: 'system.network.io', unit: 'By', direction: 'receive', hc: [6], low: [10] },
  { name: 'system.network.io', unit: 'By', direction: 'transmit', hc: [10], low: [16] },
  { name: 'system.network.packets', unit: '{packet}', direction: 'receive', hc: [7, 8, 9], low: [11, 12] },
  { name: 'system.network.packets', unit: '{packet}', direction: 'transmit', hc: [11, 12, 13], low: [17, 18] },
  { name: 'system.network.errors', unit: '{error}', direction: 'receive', hc: [], low: [14] },
  { name: 'system.network.errors', unit: '{error}', direction: 'transmit', hc: [], low: [20] },
  { name: 'system.network.dropped', unit: '{packet}', direction: 'receive', hc: [], low: [13] },
  { name: 'system.network.dropped', unit: '{packet}', direction: 'transmit', hc: [], low: [19] },
];

/** The ifTable columns {@link readInterfaces} uses: ifDescr, ifSpeed, ifAdminStatus, ifOperStatus and the counters. */
export const IF_COLUMNS: readonly number[] = [2, 5, 7, 8, ...new Set(COUNTERS.flatMap((spec) => spec.low))].sort((a, b) => a - b);
/** The ifXTable columns {@link readInterfaces} uses: ifName, the HC counters, ifHighSpeed, ifCounterDiscontinuityTime. */
export const IFX_COLUMNS: readonly number[] = [1, ...new Set(COUNTERS.flatMap((spec) => spec.hc)), 15, 19].sort((a, b) => a - b);

/**
 * The `device` label of each interface: ifName, else ifDescr, else `if<index>`; names that
 * repeat get `#<index>`.
 */
function deviceNames(rows: Map<string, TableRow>, xrows: Map<string, TableRow>): Map<string, string> {
  const indexes = new Set([...rows.keys(), ...xrows.keys()]);
  const names = new Map<string, string>();
  const seen = new Map<string, number>();
  for (const index of indexes) {
    const name = asString(xrows.get(index)?.get(1)) || asString(rows.get(index)?.get(2)) || `if${index}`;
    names.set(index, name);
    seen.set(name, (seen.get(name) ?? 0) + 1);
  }
  for (const [index, name] of names) if ((seen.get(name) ?? 0) > 1) names.set(index, `${name}#${index}`);
  return names;
}

function sum(row: TableRow | undefined, columns: number[], type: number): number | undefined {
  if (!row || columns.length === 0) return undefined;
  let total = 0;
  for (const column of columns) {
    const varbind = row.get(column);
    if (!varbind || varbind.type !== type) return undefined;
    total += asNumber(varbind) as number;
  }
  return total;
}

/**
 * Maps walked ifTable and ifXTable entries to the canonical interface metrics. Counters come from
 * the 64-bit HC columns when the agent has them (`counterBits: 64`), else from the 32-bit ones;
 * packets add unicast, multicast and broadcast (a sum of 32-bit counters wraps at 2³² too).
 * `device` is ifName, falling back to ifDescr, then `if<index>`; duplicates get `#<index>`.
 *
 * @param ifEntries - varbinds under {@link IF_ENTRY}
 * @param ifXEntries - varbinds under {@link IFX_ENTRY} (empty for SNMPv1 or old agents)
 * @returns the samples
 */
export function mapInterfaces(ifEntries: readonly Varbind[], ifXEntries: readonly Varbind[]): Sample[] {
  return readInterfaces(ifEntries, ifXEntries).samples;
}

/**
 * {@link mapInterfaces} plus ifCounterDiscontinuityTime (ifXTable column 19: the sysUpTime at
 * which an interface's counters last became discontinuous) per `device`, in one pass.
 *
 * @param ifEntries - varbinds under {@link IF_ENTRY}
 * @param ifXEntries - varbinds under {@link IFX_ENTRY}
 * @returns the samples, and ifCounterDiscontinuityTime per device
 */
export function readInterfaces(
  ifEntries: readonly Varbind[],
  ifXEntries: readonly Varbind[],
): { samples: Sample[]; discontinuities: Map<string, number> } {
  const rows = tableRows(ifEntries, IF_ENTRY);
  const xrows = tableRows(ifXEntries, IFX_ENTRY);
  const samples: Sample[] = [];
  const discontinuities = new Map<string, number>();
  for (const [index, device] of deviceNames(rows, xrows)) {
    const row = rows.get(index);
    const xrow = xrows.get(index);
    const ticks = asNumber(xrow?.get(19));
    if (ticks !== undefined) discontinuities.set(device, ticks);
    for (const spec of COUNTERS) {
      const hc = sum(xrow, spec.hc, SnmpType.Counter64);
      const labels = { device, direction: spec.direction };
      if (hc !== undefined) {
        samples.push({ name: spec.name, value: hc % MOD64, unit: spec.unit, type: 'counter', counterBits: 64, labels });
        continue;
      }
      const low = sum(row, spec.low, SnmpType.Counter32);
      if (low !== undefined)
        samples.push({ name: spec.name, value: low % MOD32, unit: spec.unit, type: 'counter', counterBits: 32, labels });
    }
    const oper = asNumber(row?.get(8));
    if (oper !== undefined) {
      const admin = ADMIN[asNumber(row?.get(7)) ?? 0] ?? 'unknown';
      samples.push({ name: 'system.network.interface.up', value: oper === 1 ? 1 : 0, unit: '1', labels: { device, admin } });
    }
    const high = asNumber(xrow?.get(15));
    const speed = asNumber(row?.get(5));
    // ifSpeed saturates at 2³²−1; ifHighSpeed (Mbit/s) is authoritative whenever it is non-zero.
    const bits = high !== undefined && (high > 0 || speed === undefined) ? high * 1_000_000 : speed;
    if (bits !== undefined) samples.push({ name: 'system.network.interface.speed', value: bits, unit: 'bit/s', labels: { device } });
  }
  return { samples, discontinuities };
}
