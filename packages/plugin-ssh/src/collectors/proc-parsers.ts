import { WardenError } from '@warden/core';

/** Time a CPU spent in each state since boot, in clock ticks, from `/proc/stat`. */
export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
}

/** The aggregate and per-CPU lines of `/proc/stat`. */
export interface ProcStat {
  total: CpuTimes;
  cpus: { name: string; times: CpuTimes }[];
}

/**
 * A collection error naming the source and showing the start of what was read.
 *
 * @param source - what was parsed (`/proc/stat`)
 * @param problem - what is wrong
 * @param text - the text
 * @returns the error
 */
export function parseFailure(source: string, problem: string, text: string): WardenError {
  return new WardenError('ERR_COLLECT', `${source}: ${problem}; got ${JSON.stringify(text.slice(0, 120))}`);
}

function times(fields: string[]): CpuTimes | undefined {
  const n = fields.map(Number);
  if (n.length < 4 || n.some((x) => !Number.isFinite(x))) return undefined;
  // Kernels before 2.6 print 4 columns, before 2.6.11 seven: missing ones are 0.
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = n;
  return { user, nice, system, idle, iowait, irq, softirq, steal };
}

/**
 * Parses the CPU lines of `/proc/stat`.
 *
 * @param text - the file
 * @returns aggregate and per-CPU times
 * @throws WardenError `ERR_COLLECT` without an aggregate `cpu` line
 */
export function parseProcStat(text: string): ProcStat {
  let total: CpuTimes | undefined;
  const cpus: ProcStat['cpus'] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('cpu')) continue;
    const [name = '', ...fields] = line.trim().split(/\s+/);
    const t = times(fields);
    if (t === undefined) throw parseFailure('/proc/stat', `bad CPU line "${line}"`, text);
    if (name === 'cpu') total = t;
    else if (/^cpu\d+$/.test(name)) cpus.push({ name, times: t });
  }
  if (total === undefined) throw parseFailure('/proc/stat', 'no "cpu" line', text);
  return { total, cpus };
}

/**
 * Busy share between two readings: 1 − (idle + iowait) / elapsed ticks.
 *
 * @param a - earlier reading
 * @param b - later reading
 * @returns a value in [0, 1], or `undefined` when no tick elapsed or the counters went back
 */
export function busyFraction(a: CpuTimes, b: CpuTimes): number | undefined {
  const sum = (t: CpuTimes) => t.user + t.nice + t.system + t.idle + t.iowait + t.irq + t.softirq + t.steal;
  const elapsed = sum(b) - sum(a);
  if (elapsed <= 0) return undefined;
  const idle = b.idle + b.iowait - (a.idle + a.iowait);
  return Math.min(1, Math.max(0, 1 - idle / elapsed));
}

/**
 * Parses `/proc/loadavg`.
 *
 * @param text - the file
 * @returns the three load averages
 * @throws WardenError `ERR_COLLECT` when they are not numbers
 */
export function parseLoadavg(text: string): { load1: number; load5: number; load15: number } {
  const [a, b, c] = text.trim().split(/\s+/).map(Number);
  if (a === undefined || b === undefined || c === undefined || [a, b, c].some(Number.isNaN)) {
    throw parseFailure('/proc/loadavg', 'expected three numbers', text);
  }
  return { load1: a, load5: b, load15: c };
}

/**
 * Parses `/proc/meminfo` into bytes.
 *
 * @param text - the file
 * @returns field name → bytes (`kB` values multiplied by 1024)
 * @throws WardenError `ERR_COLLECT` without MemTotal
 */
export function parseMeminfo(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([\w()]+):\s+(\d+)(?:\s+kB)?\s*$/.exec(line);
    if (m?.[1] === undefined || m[2] === undefined) continue;
    out.set(m[1], Number(m[2]) * (line.trimEnd().endsWith('kB') ? 1024 : 1));
  }
  if (!out.has('MemTotal')) throw parseFailure('/proc/meminfo', 'no MemTotal', text);
  return out;
}

/**
 * Parses `/proc/uptime`.
 *
 * @param text - the file
 * @returns seconds since boot
 * @throws WardenError `ERR_COLLECT` when it is not a number
 */
export function parseUptime(text: string): number {
  const up = Number(text.trim().split(/\s+/)[0]);
  if (!Number.isFinite(up)) throw parseFailure('/proc/uptime', 'expected a number', text);
  return up;
}

/** One interface's counters from `/proc/net/dev`. */
export interface NetDev {
  device: string;
  rxBytes: number;
  rxPackets: number;
  rxErrors: number;
  rxDropped: number;
  txBytes: number;
  txPackets: number;
  txErrors: number;
  txDropped: number;
}

/**
 * Parses `/proc/net/dev` (two header lines, then `name: 16 counters`).
 *
 * @param text - the file
 * @returns one entry per interface
 */
export function parseNetDev(text: string): NetDev[] {
  const out: NetDev[] = [];
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const device = line.slice(0, colon).trim();
    const f = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(Number);
    if (device === '' || f.length < 16 || f.some((x) => !Number.isFinite(x))) continue;
    const at = (i: number) => f[i] ?? 0;
    out.push({
      device,
      rxBytes: at(0),
      rxPackets: at(1),
      rxErrors: at(2),
      rxDropped: at(3),
      txBytes: at(8),
      txPackets: at(9),
      txErrors: at(10),
      txDropped: at(11),
    });
  }
  return out;
}
