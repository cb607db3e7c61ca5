import type { Sample } from '../../metrics/types.js';
import { cpuBusyFraction, type ProcStat, ticksElapsed } from './parse-proc-stat.js';
import { gauge } from './samples.js';

/** Keeps the previous CPU reading per key (asset id) and turns two readings into utilization. */
export interface CpuTracker {
  /**
   * Records a reading and returns utilization since the previous one for the same key.
   *
   * @param key - whose reading it is (the asset id)
   * @param reading - the CPU times now
   * @param perCpu - also emit one series per CPU
   * @returns `system.cpu.utilization` samples; none on the first reading
   */
  update(key: string, reading: ProcStat, perCpu: boolean): Sample[];
  /** Forgets every previous reading. */
  clear(): void;
}

/**
 * Creates a {@link CpuTracker}. When no tick elapsed between two readings (two calls within
 * one jiffy) the earlier reading is kept, so the next call measures over a longer span
 * instead of reporting noise.
 *
 * @returns a tracker with no readings
 */
export function createCpuTracker(): CpuTracker {
  const previous = new Map<string, ProcStat>();
  return {
    update(key, reading, perCpu) {
      const before = previous.get(key);
      if (before === undefined) {
        previous.set(key, reading);
        return [];
      }
      const busy = cpuBusyFraction(before.total, reading.total);
      if (busy === undefined) {
        // Counters that went back mean a reboot or a different source: start over.
        if (ticksElapsed(before.total, reading.total) < 0) previous.set(key, reading);
        return [];
      }
      previous.set(key, reading);
      const out = [gauge('system.cpu.utilization', busy, '1')];
      if (!perCpu) return out;
      const earlier = new Map(before.cpus.map((c) => [c.name, c.times]));
      for (const cpu of reading.cpus) {
        const then = earlier.get(cpu.name);
        // A CPU brought online since the last reading has no baseline yet.
        const value = then === undefined ? undefined : cpuBusyFraction(then, cpu.times);
        if (value !== undefined) out.push(gauge('system.cpu.utilization', value, '1', { cpu: cpu.name }));
      }
      return out;
    },
    clear: () => previous.clear(),
  };
}
