import { type CollectorDefinition, DEFAULT_EXCLUDED_FS_TYPES, DEFAULT_EXCLUDED_MOUNT_POINTS, type ProcStat } from '@warden/core';
import { z } from 'zod';
import type { SshSessions } from '../transport/session.js';
import { LINUX_SCRIPT, linuxSamples, splitSections } from './linux-report.js';
import { commandFailed } from './run-script.js';

/** Params of `ssh.linux`. */
export const linuxParamsSchema = z.strictObject({
  /** Filesystem types left out (replaces the default pseudo-filesystem list). */
  excludeFsTypes: z.array(z.string().min(1)).optional(),
  /** Mount points left out with everything below them (replaces the default list). */
  excludeMountPoints: z.array(z.string().min(1)).optional(),
  /** Interfaces left out (kernel names). */
  excludeDevices: z.array(z.string().min(1)).optional(),
});

/** Params of `ssh.linux`. */
export type LinuxParams = z.infer<typeof linuxParamsSchema>;

/**
 * The `ssh.linux` collector: CPU, load, memory, swap, filesystems with inodes, interface
 * counters, uptime and process count, in one round trip, with the names `host.local` uses.
 *
 * @param sessions - the plugin's connection layer
 * @returns the collector definition
 */
export function linuxCollector(sessions: SshSessions): CollectorDefinition<LinuxParams> {
  const previous = new Map<string, ProcStat>();
  return {
    name: 'linux',
    description: 'CPU, load, memory, swap, filesystems, network counters, uptime and processes of a Linux host, over SSH',
    params: linuxParamsSchema,
    deltas: true,
    async collect(asset, ctx, params) {
      const r = await sessions.exec(asset, ['sh', '-c', LINUX_SCRIPT], ctx);
      if (r.exitCode !== 0 && r.stdout === '') throw commandFailed('ssh.linux', asset.id, r);
      const filter = {
        excludeFsTypes: params?.excludeFsTypes ?? DEFAULT_EXCLUDED_FS_TYPES,
        excludeMountPoints: params?.excludeMountPoints ?? DEFAULT_EXCLUDED_MOUNT_POINTS,
        excludeDevices: params?.excludeDevices ?? [],
      };
      const { samples, stat } = linuxSamples(splitSections(r.stdout), previous.get(asset.id), filter);
      previous.set(asset.id, stat);
      return samples;
    },
  };
}
