import {
  cpuBusyFraction,
  filesystemSamples,
  gauge,
  memorySamples,
  networkSamples,
  type ProcStat,
  parseLoadavg,
  parseMeminfo,
  parseNetDev,
  parseProcStat,
  parseUptime,
  type Sample,
  ticksElapsed,
  WardenError,
} from '@warden/core';
import { type DfRow, parseDf } from './parse-df.js';

/**
 * The script `ssh.linux` runs: every source in one round trip, each section introduced by a
 * `@@warden:<name>` line. One `awk` prints the five /proc files with their markers (a `cat`
 * each cost a process start apiece, ~1 ms or more on a busy host); the process count is
 * the shell's own glob. `df` runs under `timeout` when present so a hung NFS mount cannot hold
 * the whole collection.
 */
export const LINUX_SCRIPT = [
  'LC_ALL=C; export LC_ALL',
  'T=; command -v timeout >/dev/null 2>&1 && T="timeout 10"',
  // /proc/net/dev → "netdev": the marker is the path below /proc without slashes.
  `awk 'FNR == 1 { f = FILENAME; sub("^/proc/", "", f); gsub("/", "", f); print "@@warden:" f } { print }' /proc/stat /proc/loadavg /proc/meminfo /proc/uptime /proc/net/dev`,
  'echo @@warden:procs; set -- /proc/[0-9]*; echo $#',
  'echo @@warden:df; $T df -kPT 2>/dev/null || $T df -kP 2>/dev/null',
  'echo @@warden:dfi; $T df -iPT 2>/dev/null || $T df -iP 2>/dev/null',
  'echo @@warden:end',
].join('\n');

function outputError(problem: string, tail = ''): WardenError {
  const shown = tail === '' ? '' : `; output ends ${JSON.stringify(tail.slice(-120))}`;
  return new WardenError('ERR_COLLECT', `ssh.linux script: ${problem}${shown}`);
}

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
  if (name !== 'end') throw outputError('output ended early (no end marker)', text);
  return out;
}

/** What `ssh.linux` leaves out (the same defaults as `host.local`). */
export interface LinuxFilter {
  /** Filesystem types not measured. */
  excludeFsTypes: readonly string[];
  /** Mount points not measured, with everything below them. */
  excludeMountPoints: readonly string[];
  /** Network interfaces not reported (kernel names). */
  excludeDevices: readonly string[];
}

/** What {@link linuxSamples} returns. */
export interface LinuxReport {
  /** Canonical samples, named as `host.local` names them. */
  samples: Sample[];
  /** The CPU reading to pass as `previous` next time. */
  stat: ProcStat;
}

/**
 * Turns the script's sections into canonical samples with core's `/proc` parsers and sample
 * builders, so `ssh.linux` and `host.local` report the same names, units, labels and
 * definitions.
 *
 * @param sections - from {@link splitSections}
 * @param previous - the previous `/proc/stat` reading of this host, for CPU utilization
 * @param filter - filesystems and interfaces to leave out
 * @returns the samples and the reading to keep for the next call
 * @throws WardenError `ERR_COLLECT` when a required section is missing or malformed
 */
export function linuxSamples(sections: ReadonlyMap<string, string>, previous: ProcStat | undefined, filter: LinuxFilter): LinuxReport {
  const need = (name: string) => {
    const s = sections.get(name);
    if (s === undefined || s.trim() === '') throw outputError(`section ${name} is missing or empty`);
    return s;
  };
  const stat = parseProcStat(need('stat'));
  const cpu = cpuSamples(previous, stat);
  const load = parseLoadavg(need('loadavg'));
  const skipDevices = new Set(filter.excludeDevices);
  const out: Sample[] = [
    ...cpu.samples,
    gauge('system.cpu.load_average.1m', load.load1, '1'),
    gauge('system.cpu.load_average.5m', load.load5, '1'),
    gauge('system.cpu.load_average.15m', load.load15, '1'),
    ...memorySamples(parseMeminfo(need('meminfo'))),
    gauge('system.uptime', parseUptime(need('uptime')).uptime, 's'),
    ...networkSamples(parseNetDev(need('netdev')).filter((d) => !skipDevices.has(d.device))),
  ];
  const procs = Number(need('procs').trim());
  if (Number.isFinite(procs)) out.push(gauge('system.process.count', procs, '{process}'));
  out.push(...dfSamples(sections.get('df') ?? '', sections.get('dfi') ?? '', filter));
  return { samples: out, stat: cpu.keep };
}

/**
 * CPU utilization since the previous reading, as `host.local`'s tracker computes it: when no
 * tick elapsed the earlier reading is kept (the next call measures over a longer span); when
 * the counters went back (a reboot) the new one replaces it.
 */
function cpuSamples(previous: ProcStat | undefined, now: ProcStat): { samples: Sample[]; keep: ProcStat } {
  if (previous === undefined) return { samples: [], keep: now };
  const busy = cpuBusyFraction(previous.total, now.total);
  if (busy === undefined) return { samples: [], keep: ticksElapsed(previous.total, now.total) < 0 ? now : previous };
  const samples = [gauge('system.cpu.utilization', busy, '1')];
  const before = new Map(previous.cpus.map((c) => [c.name, c.times]));
  for (const cpu of now.cpus) {
    const then = before.get(cpu.name);
    const value = then === undefined ? undefined : cpuBusyFraction(then, cpu.times);
    if (value !== undefined) samples.push(gauge('system.cpu.utilization', value, '1', { cpu: cpu.name }));
  }
  return { samples, keep: now };
}

function isUnder(path: string, prefix: string): boolean {
  const base = prefix.length > 1 && prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  return path === base || path.startsWith(base === '/' ? '/' : `${base}/`);
}

/**
 * Filesystem samples from `df -kP` and `df -iP` rows, through core's `filesystemSamples`: a
 * row is the `statfs` result in 1 KiB blocks (df's Used is blocks − bfree, Available is bavail).
 */
function dfSamples(df: string, dfi: string, filter: LinuxFilter): Sample[] {
  const types = new Set(filter.excludeFsTypes);
  const keep = (r: DfRow) =>
    !(r.type !== undefined && types.has(r.type)) && !filter.excludeMountPoints.some((p) => isUnder(r.mountpoint, p));
  const inodes = new Map(parseDf(dfi).map((r) => [r.mountpoint, r]));
  // One row per mount point: the last (a later mount hides an earlier one at the same place).
  const rows = new Map(
    parseDf(df)
      .filter(keep)
      .map((r) => [r.mountpoint, r]),
  );
  return [...rows.values()].flatMap((r) => {
    const i = inodes.get(r.mountpoint);
    return filesystemSamples(
      { device: r.device, mountpoint: r.mountpoint, type: r.type ?? 'unknown', options: [] },
      {
        bsize: 1024,
        blocks: r.total,
        bfree: r.total - r.used,
        bavail: r.available,
        files: i?.total ?? 0,
        ffree: i === undefined ? 0 : i.total - i.used,
      },
    );
  });
}
