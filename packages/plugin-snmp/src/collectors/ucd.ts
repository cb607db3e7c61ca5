import type { Sample } from '@warden/core';
import { type TableRow, tableRows } from '../table.js';
import { asNumber, asString, type Varbind } from '../varbind.js';

/** UCD-SNMP-MIB laLoad column (load averages as strings). */
export const UCD_LA_LOAD = '1.3.6.1.4.1.2021.10.1.3';
/** UCD-SNMP-MIB memory group. */
export const UCD_MEMORY = '1.3.6.1.4.1.2021.4';
/** UCD-SNMP-MIB dskEntry. */
export const UCD_DSK_ENTRY = '1.3.6.1.4.1.2021.9.1';

const KB = 1024;

function wide(row: TableRow, low: number, high: number, fallback: number): number | undefined {
  const lo = asNumber(row.get(low));
  const hi = asNumber(row.get(high));
  // dskTotalLow/High split a 64-bit kB count into two Unsigned32 halves.
  if (lo !== undefined && hi !== undefined) return hi * 4_294_967_296 + lo;
  return asNumber(row.get(fallback));
}

/**
 * Maps UCD-SNMP-MIB: laLoad → `system.cpu.load_average.1m/5m/15m`; memTotalReal, memAvailReal,
 * memBuffer, memCached → `system.memory.usage` (state used/free/buffers/cached), `.limit`,
 * `.utilization`; memTotalSwap/memAvailSwap → `system.paging.usage`; dskTable →
 * `system.filesystem.usage` and `.utilization` per mountpoint.
 *
 * @param load - varbinds under {@link UCD_LA_LOAD}
 * @param memory - varbinds under {@link UCD_MEMORY}
 * @param disks - varbinds under {@link UCD_DSK_ENTRY}
 * @returns the samples
 */
export function mapUcd(load: readonly Varbind[], memory: readonly Varbind[], disks: readonly Varbind[]): Sample[] {
  const samples: Sample[] = [];
  const periods: Record<string, string> = { '1': '1m', '2': '5m', '3': '15m' };
  for (const varbind of load) {
    const period = periods[varbind.oid.slice(UCD_LA_LOAD.length + 1)];
    const value = asNumber(varbind);
    if (period && value !== undefined) samples.push({ name: `system.cpu.load_average.${period}`, value, unit: '1' });
  }
  const mem = new Map(memory.map((v) => [v.oid.slice(UCD_MEMORY.length + 1), asNumber(v)]));
  const total = mem.get('5.0');
  const avail = mem.get('6.0');
  if (total !== undefined && avail !== undefined) {
    const buffers = mem.get('14.0') ?? 0;
    const cached = mem.get('15.0') ?? 0;
    const used = Math.max(0, total - avail - buffers - cached);
    samples.push({ name: 'system.memory.limit', value: total * KB, unit: 'By' });
    for (const [state, kb] of [
      ['used', used],
      ['free', avail],
      ['buffers', buffers],
      ['cached', cached],
    ] as const) {
      samples.push({ name: 'system.memory.usage', value: kb * KB, unit: 'By', labels: { state } });
    }
    if (total > 0) samples.push({ name: 'system.memory.utilization', value: used / total, unit: '1' });
  }
  const swapTotal = mem.get('3.0');
  const swapAvail = mem.get('4.0');
  if (swapTotal !== undefined && swapAvail !== undefined) {
    samples.push({ name: 'system.paging.usage', value: Math.max(0, swapTotal - swapAvail) * KB, unit: 'By', labels: { state: 'used' } });
    samples.push({ name: 'system.paging.usage', value: swapAvail * KB, unit: 'By', labels: { state: 'free' } });
  }
  for (const [index, row] of tableRows(disks, UCD_DSK_ENTRY)) {
    const mountpoint = asString(row.get(2)) ?? `dsk${index}`;
    const device = asString(row.get(3)) ?? mountpoint;
    const size = wide(row, 11, 12, 6);
    const free = wide(row, 13, 14, 7);
    const used = wide(row, 15, 16, 8);
    if (size === undefined || free === undefined || used === undefined) continue;
    const labels = { device, mountpoint };
    samples.push({ name: 'system.filesystem.usage', value: used * KB, unit: 'By', labels: { ...labels, state: 'used' } });
    samples.push({ name: 'system.filesystem.usage', value: free * KB, unit: 'By', labels: { ...labels, state: 'free' } });
    if (size > 0) samples.push({ name: 'system.filesystem.utilization', value: used / size, unit: '1', labels });
  }
  return samples;
}
