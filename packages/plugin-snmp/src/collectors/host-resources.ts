import type { Sample } from '@warden/core';
import { tableRows } from '../table.js';
import { asNumber, asString, type Varbind } from '../varbind.js';
import { unsigned32 } from './walks.js';

/** HOST-RESOURCES-MIB hrStorageEntry. */
export const HR_STORAGE_ENTRY = '1.3.6.1.2.1.25.2.3.1';
/** HOST-RESOURCES-MIB hrProcessorLoad column. */
export const HR_PROCESSOR_LOAD = '1.3.6.1.2.1.25.3.3.1.2';

const TYPES = '1.3.6.1.2.1.25.2.1';
const RAM = `${TYPES}.2`;
const FILESYSTEM_TYPES: Record<string, string> = {
  [`${TYPES}.4`]: 'fixedDisk',
  [`${TYPES}.5`]: 'removableDisk',
  [`${TYPES}.7`]: 'compactDisc',
  [`${TYPES}.8`]: 'ramDisk',
  [`${TYPES}.9`]: 'flashMemory',
  [`${TYPES}.10`]: 'networkDisk',
};

/**
 * Maps hrStorageTable: disk-like rows to `system.filesystem.usage` (state used/free) and
 * `.utilization`; the RAM row to `system.memory.limit`, `system.memory.usage` (used/free) and
 * `system.memory.utilization`. Sizes are allocation units × hrStorageAllocationUnits; negative
 * Integer32 values from agents that overflow them are taken as unsigned.
 *
 * @param entries - varbinds under {@link HR_STORAGE_ENTRY}
 * @returns the samples
 */
export function mapStorage(entries: readonly Varbind[]): Sample[] {
  const samples: Sample[] = [];
  for (const [index, row] of tableRows(entries, HR_STORAGE_ENTRY)) {
    const type = asString(row.get(2));
    const descr = asString(row.get(3)) ?? `storage${index}`;
    const unitSize = asNumber(row.get(4));
    const size = asNumber(row.get(5));
    const usedUnits = asNumber(row.get(6));
    if (type === undefined || !unitSize || size === undefined || usedUnits === undefined) continue;
    const total = unsigned32(size) * unitSize;
    const used = Math.min(unsigned32(usedUnits) * unitSize, total);
    const free = total - used;
    if (type === RAM) {
      samples.push({ name: 'system.memory.limit', value: total, unit: 'By' });
      samples.push({ name: 'system.memory.usage', value: used, unit: 'By', labels: { state: 'used' } });
      samples.push({ name: 'system.memory.usage', value: free, unit: 'By', labels: { state: 'free' } });
      if (total > 0) samples.push({ name: 'system.memory.utilization', value: used / total, unit: '1' });
      continue;
    }
    const kind = FILESYSTEM_TYPES[type];
    if (!kind) continue;
    const labels = { device: descr, mountpoint: descr, type: kind };
    samples.push({ name: 'system.filesystem.usage', value: used, unit: 'By', labels: { ...labels, state: 'used' } });
    samples.push({ name: 'system.filesystem.usage', value: free, unit: 'By', labels: { ...labels, state: 'free' } });
    if (total > 0) samples.push({ name: 'system.filesystem.utilization', value: used / total, unit: '1', labels });
  }
  return samples;
}

/**
 * Maps hrProcessorLoad (percent busy over the last minute, per processor) to
 * `system.cpu.utilization` per `cpu` (0, 1, … in index order) and overall (no `cpu` label, the mean).
 *
 * @param loads - varbinds under {@link HR_PROCESSOR_LOAD}
 * @returns the samples
 */
export function mapCpu(loads: readonly Varbind[]): Sample[] {
  const values = loads.map((v) => asNumber(v)).filter((v): v is number => v !== undefined);
  if (values.length === 0) return [];
  const samples: Sample[] = values.map((v, cpu) => ({
    name: 'system.cpu.utilization',
    value: v / 100,
    unit: '1',
    labels: { cpu: String(cpu) },
  }));
  samples.push({ name: 'system.cpu.utilization', value: values.reduce((a, b) => a + b, 0) / values.length / 100, unit: '1' });
  return samples;
}
