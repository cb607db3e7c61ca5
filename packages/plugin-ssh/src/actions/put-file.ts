import { createHash } from 'node:crypto';
import type { ActionDefinition } from '@warden/core';
import { z } from 'zod';
import { remotePath } from '../collectors/files.js';
import type { SshSessions } from '../transport/session.js';

/** Params of `ssh.putFile`. */
export const putFileParamsSchema = z.strictObject({
  /** Absolute destination path. */
  path: remotePath,
  /** The content (UTF-8), or base64 with `encoding: 'base64'`. */
  content: z.string(),
  /** How `content` is encoded. @defaultValue 'utf8' */
  encoding: z.enum(['utf8', 'base64']).optional(),
  /** File mode, e.g. 0o644. @defaultValue 0o644 */
  mode: z.number().int().min(0).max(0o7777).optional(),
});
/** Params of `ssh.putFile`. */
export type PutFileParams = z.infer<typeof putFileParamsSchema>;

/**
 * `ssh.putFile`: writes a file over SFTP to a temporary name in the same directory, then
 * renames it over the target (atomic for readers); restores a drifted configuration file.
 *
 * @param sessions - the plugin's connection layer
 * @returns the action definition
 */
export function putFileAction(sessions: SshSessions): ActionDefinition<PutFileParams> {
  return {
    name: 'putFile',
    description: 'Writes a file atomically over SFTP (temporary name, then rename)',
    params: putFileParamsSchema,
    destructive: true,
    async run(asset, params, ctx) {
      const body = Buffer.from(params.content, params.encoding === 'base64' ? 'base64' : 'utf8');
      const n = await sessions.putFile(asset, params.path, body, ctx, params.mode);
      return { ok: true, output: `wrote ${n} bytes to ${params.path} (sha256 ${createHash('sha256').update(body).digest('hex')})` };
    },
  };
}
