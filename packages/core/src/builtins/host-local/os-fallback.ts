import type { CpuInfo } from 'node:os';
import type { CpuTracker } from './cpu-tracker.js';
import type { CpuTimes, ProcStat } from './parse-proc-stat.js';
import { gauge } from './samples.js';
import type { HostSource } from './source.js';

/** The parts of `node:os` the fallback reads (injectable for tests). */
export interface OsInfo {
  /** Per-CPU times in milliseconds. */
  cpus(): CpuInfo[];
  /** 1, 5 and 15 minute load averages. */
  loadavg(): number[];
  /** Total memory in bytes. */
  totalmem(): number;
  /** Free memory in bytes. */
  freemem(): number;
  /** Seconds since boot. */
  uptime(): number;
}

function toTimes(t: CpuInfo['times']): CpuTimes {
  return { user: t.user, nice: t.nice, system: t.sys, idle: t.idle, iowait: 0, irq: t.irq, softirq: 0, steal: 0, guest: 0, guestNice: 0 };
}

/**
 * Turns `os.cpus()` into the shape `/proc/stat` gives (times in ms instead of ticks, which
 * does not matter for a ratio). The aggregate is the sum of every CPU.
 *
 * @param cpus - `os.cpus()`
 * @returns the reading
 */
export function osCpuReading(cpus: readonly CpuInfo[]): ProcStat {
  const list = cpus.map((c, index) => ({ name: `cpu${index}`, times: toTimes(c.times) }));
  const total = toTimes({ user: 0, nice: 0, sys: 0, idle: 0, irq: 0 });
  for (const { times } of list) {
    total.user += times.user;
    total.nice += times.nice;
    total.system += times.system;
    total.idle += times.idle;
    total.irq += times.irq;
  }
  return { total, cpus: list };
}

/** What the fallback sources need for one collection. */
export interface OsSourceDeps {
  /** The `node:os` functions. */
  os: OsInfo;
  /** The platform (Windows has no load average). */
  platform: NodeJS.Platform;
  /** Previous CPU readings. */
  cpu: CpuTracker;
  /** Whose readings these are (the asset id). */
  key: string;
  /** Emit per-CPU utilization too. */
  perCpu: boolean;
}

/**
 * Sources for platforms without `/proc` (macOS, Windows, BSD): CPU utilization, load average
 * (not on Windows, where Node reports zeros), memory used/free/limit/utilization and uptime.
 * Swap, filesystems, network and the process count are not available this way.
 *
 * @param deps - the `os` implementation and per-run context
 * @returns the sources
 */
export function osSources(deps: OsSourceDeps): HostSource[] {
  const sources: HostSource[] = [
    { what: 'os.cpus()', read: async () => deps.cpu.update(deps.key, osCpuReading(deps.os.cpus()), deps.perCpu) },
    {
      what: 'os.totalmem()/os.freemem()',
      read: async () => {
        const total = deps.os.totalmem();
        const free = deps.os.freemem();
        const used = Math.max(0, total - free);
        return [
          gauge('system.memory.usage', used, 'By', { state: 'used' }),
          gauge('system.memory.usage', free, 'By', { state: 'free' }),
          gauge('system.memory.limit', total, 'By'),
          ...(total > 0 ? [gauge('system.memory.utilization', used / total, '1')] : []),
        ];
      },
    },
    { what: 'os.uptime()', read: async () => [gauge('system.uptime', deps.os.uptime(), 's')] },
  ];
  if (deps.platform !== 'win32') {
    sources.splice(1, 0, {
      what: 'os.loadavg()',
      read: async () => {
        const [l1 = 0, l5 = 0, l15 = 0] = deps.os.loadavg();
        return [
          gauge('system.cpu.load_average.1m', l1, '1'),
          gauge('system.cpu.load_average.5m', l5, '1'),
          gauge('system.cpu.load_average.15m', l15, '1'),
        ];
      },
    });
  }
  return sources;
}
