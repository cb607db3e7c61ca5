import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isWardenError } from '../../errors/warden-error.js';
import type { Clock } from '../../internal/clock.js';
import type { Logger } from '../../internal/logger.js';
import type { Sample } from '../../metrics/types.js';
import type { CpuTracker } from './cpu-tracker.js';
import { type MountFilter, selectMounts, statfsWithin } from './filesystems.js';
import { parseLoadavg } from './parse-loadavg.js';
import { parseMeminfo } from './parse-meminfo.js';
import { parseMounts } from './parse-mounts.js';
import { parseNetDev } from './parse-net-dev.js';
import { parseProcStat } from './parse-proc-stat.js';
import { parseUptime } from './parse-uptime.js';
import { filesystemSamples, gauge, memorySamples, networkSamples, type StatFsInfo } from './samples.js';
import type { HostSource } from './source.js';

/** What the Linux sources need for one collection. */
export interface LinuxSourceDeps {
  /** The `/proc` directory to read. */
  procRoot: string;
  /** How a mount point's space is read. */
  statfs: (path: string) => Promise<StatFsInfo>;
  /** Deadline of one `statfs` call. */
  statfsTimeoutMs: number;
  /** Which mounts to skip. */
  mountFilter: MountFilter;
  /** Network interfaces to skip. */
  excludeDevices: readonly string[];
  /** Emit per-CPU utilization too. */
  perCpu: boolean;
  /** Previous CPU readings. */
  cpu: CpuTracker;
  /** Whose readings these are (the asset id). */
  key: string;
  /** Timers for the `statfs` deadline. */
  clock: Clock;
  /** The run's abort signal. */
  signal: AbortSignal;
  /** Where skipped mounts are reported. */
  logger: Logger;
}

/**
 * The sources `host.local` reads on Linux, in order: `/proc/stat`, `/proc/loadavg`,
 * `/proc/meminfo`, `/proc/uptime`, `/proc/net/dev`, the process list, then the mounts and a
 * `statfs` per mount.
 *
 * @param deps - paths, options and per-run context
 * @returns the sources
 */
export function linuxSources(deps: LinuxSourceDeps): HostSource[] {
  const path = (rel: string): string => join(deps.procRoot, rel);
  const read = (rel: string): Promise<string> => readFile(path(rel), { encoding: 'utf8', signal: deps.signal });
  return [
    { what: path('stat'), read: async () => deps.cpu.update(deps.key, parseProcStat(await read('stat')), deps.perCpu) },
    {
      what: path('loadavg'),
      read: async () => {
        const load = parseLoadavg(await read('loadavg'));
        return [
          gauge('system.cpu.load_average.1m', load.load1, '1'),
          gauge('system.cpu.load_average.5m', load.load5, '1'),
          gauge('system.cpu.load_average.15m', load.load15, '1'),
        ];
      },
    },
    { what: path('meminfo'), read: async () => memorySamples(parseMeminfo(await read('meminfo'))) },
    { what: path('uptime'), read: async () => [gauge('system.uptime', parseUptime(await read('uptime')).uptime, 's')] },
    {
      what: path('net/dev'),
      read: async () => {
        const exclude = new Set(deps.excludeDevices);
        return networkSamples(parseNetDev(await read('net/dev')).filter((d) => !exclude.has(d.device)));
      },
    },
    {
      what: `${deps.procRoot} (process list)`,
      read: async () => {
        const names = await readdir(deps.procRoot);
        return [gauge('system.process.count', names.filter((n) => /^\d+$/.test(n)).length, '{process}')];
      },
    },
    { what: path('self/mounts'), read: () => readFilesystems(deps, read) },
  ];
}

async function readFilesystems(deps: LinuxSourceDeps, read: (rel: string) => Promise<string>): Promise<Sample[]> {
  let text: string;
  try {
    text = await read('self/mounts');
  } catch (err) {
    // Kernels without per-process mount tables (or a trimmed fixture) still have /proc/mounts.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    text = await read('mounts');
  }
  const mounts = selectMounts(parseMounts(text), deps.mountFilter);
  const results = await Promise.allSettled(
    mounts.map((m) => statfsWithin(deps.statfs, m.mountpoint, deps.statfsTimeoutMs, deps.clock, deps.signal)),
  );
  const out: Sample[] = [];
  results.forEach((result, index) => {
    const mount = mounts[index]!;
    if (result.status === 'fulfilled') out.push(...filesystemSamples(mount, result.value));
    else {
      // A timeout is worth attention (a hung NFS server); EACCES on someone's FUSE mount is routine.
      const level = isWardenError(result.reason) && result.reason.code === 'ERR_TIMEOUT' ? 'warn' : 'debug';
      deps.logger[level]({ err: result.reason, mountpoint: mount.mountpoint }, `host.local: statfs ${mount.mountpoint} failed; skipped`);
    }
  });
  return out;
}
