import type { Asset, CollectorDefinition, HookContext, Sample } from '@warden/core';
import { z } from 'zod';
import type { SshSessions } from '../transport/session.js';
import { FILES_SCRIPT, type FileInfo, parseFiles } from './parse-files.js';

/** An absolute remote path. */
export const remotePath = z
  .string()
  .regex(/^\//, 'expected an absolute path')
  .refine((p) => !p.includes('\0'), 'a path cannot contain NUL');

/** Params of `ssh.files`. */
export const filesParamsSchema = z.strictObject({
  /** Absolute paths to watch (backups, configuration files). */
  paths: z.array(remotePath).min(1),
});
/** Params of `ssh.files`. */
export type FilesParams = z.infer<typeof filesParamsSchema>;

/**
 * Reads age, size and SHA-256 of remote paths in one round trip.
 *
 * @param sessions - the connection layer
 * @param asset - the host
 * @param paths - absolute paths
 * @param ctx - hook context
 * @returns one entry per path
 */
export async function statFiles(sessions: SshSessions, asset: Asset, paths: readonly string[], ctx: HookContext): Promise<FileInfo[]> {
  const r = await sessions.exec(asset, ['sh', '-c', FILES_SCRIPT, 'sh', ...paths], ctx, { env: { LC_ALL: 'C' } });
  return parseFiles(r.stdout, paths);
}

/**
 * The `ssh.files` collector: `ssh.file.exists`, `ssh.file.age` (s) and `ssh.file.size` (By)
 * per path, for backup freshness and change tracking.
 *
 * @param sessions - the plugin's connection layer
 * @returns the collector definition
 */
export function filesCollector(sessions: SshSessions): CollectorDefinition<FilesParams> {
  return {
    name: 'files',
    description: 'Existence, age and size of remote files (backup freshness, configuration changes)',
    params: filesParamsSchema,
    async collect(asset, ctx, params) {
      const out: Sample[] = [];
      for (const f of await statFiles(sessions, asset, params.paths, ctx)) {
        const labels = { path: f.path };
        out.push({ name: 'ssh.file.exists', value: f.exists ? 1 : 0, unit: '1', type: 'gauge', labels });
        if (f.ageSeconds !== undefined) out.push({ name: 'ssh.file.age', value: f.ageSeconds, unit: 's', type: 'gauge', labels });
        if (f.size !== undefined) out.push({ name: 'ssh.file.size', value: f.size, unit: 'By', type: 'gauge', labels });
      }
      return out;
    },
  };
}
