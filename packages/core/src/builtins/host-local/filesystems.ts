import { WardenError } from '../../errors/warden-error.js';
import type { Clock } from '../../internal/clock.js';
import type { MountEntry } from './parse-mounts.js';
import type { StatFsInfo } from './samples.js';

/** What decides which mounts are measured. */
export interface MountFilter {
  /** Filesystem types to skip. */
  excludeFsTypes: readonly string[];
  /** Mount points to skip, with everything below them. */
  excludeMountPoints: readonly string[];
}

/**
 * The mounts worth measuring: excluded types and mount points dropped, and one entry per
 * mount point — the last, since a later mount hides an earlier one at the same place (and two
 * series with the same labels would be a conflict).
 *
 * @param mounts - parsed mounts, in file order
 * @param filter - what to exclude
 * @returns the mounts to measure, in file order of their last appearance
 */
export function selectMounts(mounts: readonly MountEntry[], filter: MountFilter): MountEntry[] {
  const types = new Set(filter.excludeFsTypes);
  const byMountpoint = new Map<string, MountEntry>();
  for (const mount of mounts) {
    if (types.has(mount.type)) continue;
    if (filter.excludeMountPoints.some((p) => isUnder(mount.mountpoint, p))) continue;
    byMountpoint.delete(mount.mountpoint);
    byMountpoint.set(mount.mountpoint, mount);
  }
  return [...byMountpoint.values()];
}

function isUnder(path: string, prefix: string): boolean {
  const base = prefix.length > 1 && prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  return path === base || path.startsWith(base === '/' ? '/' : `${base}/`);
}

/**
 * Calls `statfs` with a deadline and the run's abort signal. A hung network filesystem
 * blocks its libuv thread whatever we do; the deadline only keeps the other mounts measured.
 *
 * @param statfs - the statfs implementation
 * @param path - the mount point
 * @param timeoutMs - the deadline
 * @param clock - where timers come from
 * @param signal - the run's signal
 * @returns the result
 * @throws WardenError `ERR_TIMEOUT` when the deadline passes; the call's own error when it fails or the signal aborts
 */
export function statfsWithin(
  statfs: (path: string) => Promise<StatFsInfo>,
  path: string,
  timeoutMs: number,
  clock: Clock,
  signal: AbortSignal,
): Promise<StatFsInfo> {
  return new Promise<StatFsInfo>((resolve, reject) => {
    const onAbort = (): void => finish(() => reject(new Error(`statfs ${path}: aborted`)));
    const timer = clock.setTimer(
      () =>
        finish(() =>
          reject(new WardenError('ERR_TIMEOUT', `statfs ${path}: no answer within ${timeoutMs} ms; a hung network filesystem?`)),
        ),
      timeoutMs,
    );
    let done = false;
    function finish(settle: () => void): void {
      if (done) return;
      done = true;
      timer.cancel();
      signal.removeEventListener('abort', onAbort);
      settle();
    }
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    statfs(path).then(
      (st) => finish(() => resolve(st)),
      (err: unknown) => finish(() => reject(err)),
    );
  });
}
