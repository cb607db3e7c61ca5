import type { Labels, Sample } from '@warden/core';
import { parseDf } from './parse-df.js';
import {
  busyFraction,
  type NetDev,
  type ProcStat,
  parseFailure,
  parseLoadavg,
  parseMeminfo,
  parseNetDev,
  parseProcStat,
  parseUptime,
} from './proc-parsers.js';

/**
 * The script `ssh.linux` runs: every source in one round trip, each section introduced by a
 * `@@warden:<name>` line. `df` runs under `timeout` when present so a hung NFS mount cannot
 * hold the whole collection.
 */
export const LINUX_SCRIPT = [
  'LC_ALL=C; export LC_ALL',
  'T=; command -v timeout >/dev/null 2>&1 && T="timeout 10"',
  'echo @@warden:stat; cat /proc/stat',
  'echo @@warden:loadavg; cat /proc/loadavg',
  'echo @@warden:meminfo; cat /proc/meminfo',
  'echo @@warden:uptime; cat /proc/uptime',
  'echo @@warden:netdev; cat /proc/net/dev',
  'echo @@warden:procs; set -- /proc/[0-9]*; echo $#',
  'echo @@warden:df; $T df -kPT 2>/dev/null || $T df -kP 2>/dev/null',
  'echo @@warden:dfi; $T df -iPT 2>/dev/null || $T df -iP 2>/dev/null',
  'echo @@warden:end',
].join('\n');

/**
 * Splits the script's output into sections.
 *
 * @param text - stdout of {@link LINUX_SCRIPT}
 * @returns section name → text
 * @throws WardenError `ERR_COLLECT` when the output stops before the end marker
 */
export function splitSections(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let name: string | undefined;
  let body: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^@@warden:(\w+)$/.exec(line);
    if (m) {
      if (name !== undefined) out.set(name, body.join('\n'));
      name = m[1];
      body = [];
    } else body.push(line);
  }
  if (name !== 'end') throw parseFailure('ssh.linux script', 'output ended early (no end marker)', text.slice(-200));
  return out;
}

/** Filesystems and mount points left out of `ssh.linux` (the same defaults as `host.local`). */
export interface FsFilter {
  excludeFsTypes: readonly string[];
  excludeMountPoints: readonly string[];
}

const g = (name: string, value: number, unit: string, labels?: Labels): Sample =>
  labels === undefined ? { name, value, unit, type: 'gauge' } : { name, value, unit, type: 'gauge', labels };

function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix === '/' ? '/' : `${prefix}/`);
}

/**
 * Turns the script's sections into canonical samples (the names `host.local` uses).
 *
 * @param sections - from {@link splitSections}
 * @param previous - the previous `/proc/stat` reading of this host, for CPU utilization
 * @param filter - filesystems to leave out
 * @returns the samples and this reading's CPU times (keep it for the next call)
 * @throws WardenError `ERR_COLLECT` when a required section is missing or malformed
 */
export function linuxSamples(
  sections: ReadonlyMap<string, string>,
  previous: ProcStat | undefined,
  filter: FsFilter,
): { samples: Sample[]; stat: ProcStat } {
  const need = (name: string) => {
    const s = sections.get(name);
    if (s === undefined || s.trim() === '') throw parseFailure(`ssh.linux section ${name}`, 'missing or empty', '');
    return s;
  };
  const out: Sample[] = [];
  const stat = parseProcStat(need('stat'));
  if (previous) {
    const busy = busyFraction(previous.total, stat.total);
    if (busy !== undefined) out.push(g('system.cpu.utilization', busy, '1'));
    const before = new Map(previous.cpus.map((c) => [c.name, c.times]));
    for (const cpu of stat.cpus) {
      const then = before.get(cpu.name);
      const v = then && busyFraction(then, cpu.times);
      if (v !== undefined) out.push(g('system.cpu.utilization', v, '1', { cpu: cpu.name }));
    }
  }
  const load = parseLoadavg(need('loadavg'));
  out.push(
    g('system.cpu.load_average.1m', load.load1, '1'),
    g('system.cpu.load_average.5m', load.load5, '1'),
    g('system.cpu.load_average.15m', load.load15, '1'),
  );
  out.push(...memorySamples(parseMeminfo(need('meminfo'))));
  out.push(g('system.uptime', parseUptime(need('uptime')), 's'));
  out.push(...networkSamples(parseNetDev(need('netdev'))));
  const procs = Number(need('procs').trim());
  if (Number.isFinite(procs)) out.push(g('system.process.count', procs, '{process}'));
  out.push(...filesystemSamples(sections.get('df') ?? '', sections.get('dfi') ?? '', filter));
  return { samples: out, stat };
}

/**
 * Memory and swap with the OTel hostmetrics definitions (cached = Cached + SReclaimable;
 * used = total − free − buffers − cached).
 *
 * @param mem - parsed meminfo in bytes
 * @returns the samples
 */
export function memorySamples(mem: ReadonlyMap<string, number>): Sample[] {
  const total = mem.get('MemTotal') ?? 0;
  const free = mem.get('MemFree') ?? 0;
  const buffers = mem.get('Buffers') ?? 0;
  const cached = (mem.get('Cached') ?? 0) + (mem.get('SReclaimable') ?? 0);
  const used = Math.max(0, total - free - buffers - cached);
  const out = [
    g('system.memory.usage', used, 'By', { state: 'used' }),
    g('system.memory.usage', free, 'By', { state: 'free' }),
    g('system.memory.usage', cached, 'By', { state: 'cached' }),
    g('system.memory.usage', buffers, 'By', { state: 'buffers' }),
    g('system.memory.limit', total, 'By'),
  ];
  if (total > 0) out.push(g('system.memory.utilization', used / total, '1'));
  const swapTotal = mem.get('SwapTotal');
  const swapFree = mem.get('SwapFree');
  if (swapTotal !== undefined && swapFree !== undefined) {
    out.push(
      g('system.paging.usage', Math.max(0, swapTotal - swapFree), 'By', { state: 'used' }),
      g('system.paging.usage', swapFree, 'By', { state: 'free' }),
    );
  }
  return out;
}

const NET = [
  ['system.network.io', 'By', 'rxBytes', 'txBytes'],
  ['system.network.packets', '{packet}', 'rxPackets', 'txPackets'],
  ['system.network.errors', '{error}', 'rxErrors', 'txErrors'],
  ['system.network.dropped', '{packet}', 'rxDropped', 'txDropped'],
] as const;

function networkSamples(devs: readonly NetDev[]): Sample[] {
  const out: Sample[] = [];
  for (const d of devs) {
    for (const [name, unit, rx, tx] of NET) {
      out.push(
        { name, value: d[rx], unit, type: 'counter', counterBits: 64, labels: { device: d.device, direction: 'receive' } },
        { name, value: d[tx], unit, type: 'counter', counterBits: 64, labels: { device: d.device, direction: 'transmit' } },
      );
    }
  }
  return out;
}

function filesystemSamples(df: string, dfi: string, filter: FsFilter): Sample[] {
  const types = new Set(filter.excludeFsTypes);
  const keep = (type: string | undefined, mp: string) => !(type && types.has(type)) && !filter.excludeMountPoints.some((p) => under(mp, p));
  const inodes = new Map(parseDf(dfi).map((r) => [r.mountpoint, r]));
  // One row per mount point: the last (a later mount hides an earlier one at the same place).
  const rows = new Map(
    parseDf(df)
      .filter((r) => keep(r.type, r.mountpoint))
      .map((r) => [r.mountpoint, r]),
  );
  const out: Sample[] = [];
  for (const r of rows.values()) {
    if (r.total <= 0) continue;
    const where = { device: r.device, mountpoint: r.mountpoint, type: r.type ?? 'unknown' };
    const used = r.used * 1024;
    const free = r.available * 1024;
    const reserved = Math.max(0, r.total - r.used - r.available) * 1024;
    out.push(
      g('system.filesystem.usage', used, 'By', { ...where, state: 'used' }),
      g('system.filesystem.usage', free, 'By', { ...where, state: 'free' }),
      g('system.filesystem.usage', reserved, 'By', { ...where, state: 'reserved' }),
    );
    if (used + free > 0) out.push(g('system.filesystem.utilization', used / (used + free), '1', where));
    const i = inodes.get(r.mountpoint);
    if (i && i.total > 0) {
      const labels = { device: r.device, mountpoint: r.mountpoint };
      out.push(
        g('system.filesystem.inodes.usage', i.used, '{inode}', { ...labels, state: 'used' }),
        g('system.filesystem.inodes.usage', i.total - i.used, '{inode}', { ...labels, state: 'free' }),
      );
    }
  }
  return out;
}
