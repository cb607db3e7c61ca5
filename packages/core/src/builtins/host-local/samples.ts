import type { Labels, Sample } from '../../metrics/types.js';
import type { MountEntry } from './parse-mounts.js';
import type { NetDevCounters } from './parse-net-dev.js';

/** The parts of `fs.statfs()`'s result the collector uses (block counts are in `bsize` units). */
export interface StatFsInfo {
  /** Block size in bytes. */
  bsize: number;
  /** Total blocks. */
  blocks: number;
  /** Free blocks, including those reserved for root. */
  bfree: number;
  /** Blocks available to unprivileged users. */
  bavail: number;
  /** Total inodes (0 when the filesystem has no inode table). */
  files: number;
  /** Free inodes. */
  ffree: number;
}

/**
 * A gauge sample.
 *
 * @param name - metric name
 * @param value - the value
 * @param unit - UCUM unit
 * @param labels - labels, if any
 * @returns the sample
 */
export function gauge(name: string, value: number, unit: string, labels?: Labels): Sample {
  return labels === undefined ? { name, value, unit, type: 'gauge' } : { name, value, unit, type: 'gauge', labels };
}

/**
 * Memory and swap samples from `/proc/meminfo` fields (in bytes), with the OTel hostmetrics
 * receiver's Linux definitions: cached = Cached + SReclaimable, used = MemTotal − MemFree −
 * Buffers − cached, so the four states add up to MemTotal.
 *
 * @param mem - parsed meminfo
 * @returns `system.memory.*` and, when swap is reported, `system.paging.usage`
 */
export function memorySamples(mem: ReadonlyMap<string, number>): Sample[] {
  const total = mem.get('MemTotal') ?? 0;
  const free = mem.get('MemFree') ?? 0;
  const buffers = mem.get('Buffers') ?? 0;
  const cached = (mem.get('Cached') ?? 0) + (mem.get('SReclaimable') ?? 0);
  const used = Math.max(0, total - free - buffers - cached);
  const out = [
    gauge('system.memory.usage', used, 'By', { state: 'used' }),
    gauge('system.memory.usage', free, 'By', { state: 'free' }),
    gauge('system.memory.usage', cached, 'By', { state: 'cached' }),
    gauge('system.memory.usage', buffers, 'By', { state: 'buffers' }),
    gauge('system.memory.limit', total, 'By'),
  ];
  if (total > 0) out.push(gauge('system.memory.utilization', used / total, '1'));
  const swapTotal = mem.get('SwapTotal');
  const swapFree = mem.get('SwapFree');
  if (swapTotal !== undefined && swapFree !== undefined) {
    out.push(
      gauge('system.paging.usage', Math.max(0, swapTotal - swapFree), 'By', { state: 'used' }),
      gauge('system.paging.usage', swapFree, 'By', { state: 'free' }),
    );
  }
  return out;
}

const NETWORK = [
  ['system.network.io', 'By', 'rxBytes', 'txBytes'],
  ['system.network.packets', '{packet}', 'rxPackets', 'txPackets'],
  ['system.network.errors', '{error}', 'rxErrors', 'txErrors'],
  ['system.network.dropped', '{packet}', 'rxDropped', 'txDropped'],
] as const;

/**
 * Interface counters as 64-bit counter samples, one series per device and direction.
 *
 * @param counters - parsed `/proc/net/dev`
 * @returns `system.network.io|packets|errors|dropped` samples
 */
export function networkSamples(counters: readonly NetDevCounters[]): Sample[] {
  const out: Sample[] = [];
  for (const dev of counters) {
    for (const [name, unit, rx, tx] of NETWORK) {
      out.push(
        { name, value: dev[rx], unit, type: 'counter', counterBits: 64, labels: { device: dev.device, direction: 'receive' } },
        { name, value: dev[tx], unit, type: 'counter', counterBits: 64, labels: { device: dev.device, direction: 'transmit' } },
      );
    }
  }
  return out;
}

/**
 * Space and inode samples for one mounted filesystem, as `df` counts them: used = blocks −
 * bfree, free = bavail (what unprivileged users can still write), reserved = bfree − bavail
 * (kept for root); utilization = used / (used + free), which is `df`'s Use%.
 *
 * @param mount - the mount
 * @param st - its `statfs` result
 * @returns the samples, or none for a filesystem reporting no blocks
 */
export function filesystemSamples(mount: MountEntry, st: StatFsInfo): Sample[] {
  if (st.blocks <= 0) return [];
  const where = { device: mount.device, mountpoint: mount.mountpoint, type: mount.type };
  const used = (st.blocks - st.bfree) * st.bsize;
  const free = st.bavail * st.bsize;
  const reserved = Math.max(0, st.bfree - st.bavail) * st.bsize;
  const out = [
    gauge('system.filesystem.usage', used, 'By', { ...where, state: 'used' }),
    gauge('system.filesystem.usage', free, 'By', { ...where, state: 'free' }),
    gauge('system.filesystem.usage', reserved, 'By', { ...where, state: 'reserved' }),
  ];
  if (used + free > 0) out.push(gauge('system.filesystem.utilization', used / (used + free), '1', where));
  // Some filesystems (btrfs, vfat) have no inode table and report zero.
  if (st.files > 0) {
    const inodes = { device: mount.device, mountpoint: mount.mountpoint };
    out.push(
      gauge('system.filesystem.inodes.usage', st.files - st.ffree, '{inode}', { ...inodes, state: 'used' }),
      gauge('system.filesystem.inodes.usage', st.ffree, '{inode}', { ...inodes, state: 'free' }),
    );
  }
  return out;
}
