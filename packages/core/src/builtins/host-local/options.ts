import { z } from 'zod';
import { type Duration, tryParseDuration } from '../../internal/duration.js';

/** Job parameters of `host.local` (`warden.collect({ collector: 'host.local', params })`). */
export interface HostLocalParams {
  /**
   * Filesystem types not measured; replaces the default list of pseudo filesystems.
   * @defaultValue {@link DEFAULT_EXCLUDED_FS_TYPES}
   */
  excludeFsTypes?: string[];
  /**
   * Mount points not measured, with everything below them; replaces the default list.
   * @defaultValue {@link DEFAULT_EXCLUDED_MOUNT_POINTS}
   */
  excludeMountPoints?: string[];
  /**
   * Network interfaces not measured (exact kernel names, e.g. `lo`).
   * @defaultValue `[]`
   */
  excludeDevices?: string[];
  /**
   * Also emit `system.cpu.utilization` per CPU (label `cpu`), not only the total.
   * @defaultValue `true`
   */
  perCpu?: boolean;
  /**
   * How long one `statfs` call may take before that mount is skipped (a hung NFS server).
   * @defaultValue `'5s'`
   */
  statfsTimeout?: Duration;
}

/**
 * Pseudo and read-only image filesystems: they hold no user data (`proc`, `cgroup2`) or are
 * always full by design (`squashfs` snaps, `iso9660`), so a disk check would only cry wolf.
 */
export const DEFAULT_EXCLUDED_FS_TYPES: readonly string[] = Object.freeze([
  'autofs',
  'binfmt_misc',
  'bpf',
  'cgroup',
  'cgroup2',
  'configfs',
  'debugfs',
  'devpts',
  'devtmpfs',
  'efivarfs',
  'fuse.lxcfs',
  'fusectl',
  'hugetlbfs',
  'iso9660',
  'mqueue',
  'nsfs',
  'proc',
  'pstore',
  'ramfs',
  'rpc_pipefs',
  'securityfs',
  'selinuxfs',
  'squashfs',
  'sysfs',
  'tracefs',
]);

/** Kernel interfaces and container runtimes' private mounts (each container's layers again). */
export const DEFAULT_EXCLUDED_MOUNT_POINTS: readonly string[] = Object.freeze([
  '/proc',
  '/sys',
  '/dev',
  '/run/credentials',
  '/var/lib/docker',
  '/var/lib/containers/storage',
  '/var/lib/kubelet/pods',
]);

const duration = z.union([z.number(), z.string()]).refine((value) => {
  const ms = typeof value === 'number' ? value : tryParseDuration(value);
  return ms !== undefined && Number.isFinite(ms) && ms > 0;
}, "expected a positive duration such as '5s' or a number of milliseconds") as z.ZodType<Duration>;

/** The strict schema of {@link HostLocalParams}. */
export const hostLocalParamsSchema: z.ZodType<HostLocalParams> = z.strictObject({
  excludeFsTypes: z.array(z.string().min(1)).optional(),
  excludeMountPoints: z.array(z.string().startsWith('/', 'expected an absolute path')).optional(),
  excludeDevices: z.array(z.string().min(1)).optional(),
  perCpu: z.boolean().optional(),
  statfsTimeout: duration.optional(),
}) as z.ZodType<HostLocalParams>;
