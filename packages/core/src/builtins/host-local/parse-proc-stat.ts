import { parseCount, parseError } from './parse-error.js';

/** Time a CPU spent in each state since boot, in clock ticks (USER_HZ), from `/proc/stat`. */
export interface CpuTimes {
  /** Running user code (guest time included). */
  user: number;
  /** Running niced user code (niced guest time included). */
  nice: number;
  /** Running kernel code. */
  system: number;
  /** Idle. */
  idle: number;
  /** Idle while I/O was outstanding. */
  iowait: number;
  /** Serving hardware interrupts. */
  irq: number;
  /** Serving softirqs. */
  softirq: number;
  /** Taken by the hypervisor for other guests. */
  steal: number;
  /** Already counted in `user`. */
  guest: number;
  /** Already counted in `nice`. */
  guestNice: number;
}

/** What `/proc/stat` says about the CPUs. */
export interface ProcStat {
  /** The aggregate `cpu` line: all CPUs together. */
  total: CpuTimes;
  /** One entry per `cpuN` line, in file order (`cpu0`, `cpu1`, …). */
  cpus: {
    /** The kernel's name for the CPU (`cpu0`). */
    name: string;
    /** Its times. */
    times: CpuTimes;
  }[];
}

const FIELDS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal', 'guest', 'guestNice'] as const;

function parseTimes(fields: readonly string[], text: string): CpuTimes {
  const times = {} as CpuTimes;
  FIELDS.forEach((key, index) => {
    const field = fields[index];
    // Older kernels print fewer columns (4 before 2.6, 8 before 2.6.24): missing ones are 0.
    const value = field === undefined ? 0 : parseCount(field);
    if (value === undefined) throw parseError('/proc/stat', `CPU time "${field}" is not a number`, text);
    times[key] = value;
  });
  return times;
}

/**
 * Parses `/proc/stat`'s CPU lines.
 *
 * @param text - the file's content
 * @returns the aggregate and per-CPU times
 * @throws WardenError `ERR_COLLECT` when there is no `cpu` line or a time is not a number
 * @example
 * ```ts
 * parseProcStat('cpu  10 0 5 85 0 0 0 0 0 0\ncpu0 10 0 5 85 0 0 0 0 0 0\n').cpus[0]?.name; // 'cpu0'
 * ```
 */
export function parseProcStat(text: string): ProcStat {
  let total: CpuTimes | undefined;
  const cpus: ProcStat['cpus'] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('cpu')) continue;
    const [name, ...fields] = line.trim().split(/\s+/);
    if (name === undefined || fields.length < 4) throw parseError('/proc/stat', `short CPU line "${line}"`, text);
    if (name === 'cpu') total = parseTimes(fields, text);
    else if (/^cpu\d+$/.test(name)) cpus.push({ name, times: parseTimes(fields, text) });
  }
  if (total === undefined) throw parseError('/proc/stat', 'no aggregate "cpu" line', text);
  return { total, cpus };
}

/**
 * The share of time a CPU was busy between two readings: 1 − (idle + iowait) / elapsed,
 * where elapsed sums every state except guest time (already inside user/nice). Waiting for
 * I/O counts as idle, as in `top` and psutil.
 *
 * @param before - the earlier reading
 * @param after - the later reading
 * @returns a value in [0, 1], or `undefined` when no tick elapsed (or the counters went back)
 */
export function cpuBusyFraction(before: CpuTimes, after: CpuTimes): number | undefined {
  const elapsed = ticksElapsed(before, after);
  if (elapsed <= 0) return undefined;
  const idle = after.idle + after.iowait - (before.idle + before.iowait);
  return Math.min(1, Math.max(0, 1 - idle / elapsed));
}

/**
 * Ticks elapsed between two readings of one CPU (every state except guest time).
 *
 * @param before - the earlier reading
 * @param after - the later reading
 * @returns the difference; zero or negative when nothing elapsed or the counters reset
 */
export function ticksElapsed(before: CpuTimes, after: CpuTimes): number {
  return sumTicks(after) - sumTicks(before);
}

function sumTicks(t: CpuTimes): number {
  return t.user + t.nice + t.system + t.idle + t.iowait + t.irq + t.softirq + t.steal;
}
