import type { ProbeDefinition } from '@warden/core';
import { z } from 'zod';
import { remotePath, statFiles } from '../collectors/files.js';
import type { SshSessions } from '../transport/session.js';

/** Params of `ssh.configDrift`. */
export const configDriftParamsSchema = z.strictObject({
  /** The configuration file. */
  path: remotePath,
  /** SHA-256 (hex) of the approved content, e.g. from `sha256sum`. */
  sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'expected 64 hex digits (sha256sum output)'),
});
/** Params of `ssh.configDrift`. */
export type ConfigDriftParams = z.infer<typeof configDriftParamsSchema>;

/**
 * `ssh.configDrift`: critical when a file's SHA-256 differs from the recorded baseline (or
 * the file is gone). Pair with `ssh.putFile` to restore it.
 *
 * @param sessions - the plugin's connection layer
 * @returns the probe definition
 */
export function configDriftProbe(sessions: SshSessions): ProbeDefinition<ConfigDriftParams> {
  return {
    name: 'configDrift',
    description: 'A configuration file still matches its recorded SHA-256',
    params: configDriftParamsSchema,
    async run(asset, params, ctx) {
      const [f] = await statFiles(sessions, asset, [params.path], ctx);
      if (!f?.exists) return { status: 'critical', summary: `${params.path} does not exist` };
      if (f.sha256 === undefined) return { status: 'unknown', summary: `${params.path}: not a regular file or not readable` };
      const want = params.sha256.toLowerCase();
      if (f.sha256 === want) return { status: 'ok', summary: `${params.path} matches its baseline` };
      return {
        status: 'critical',
        summary: `${params.path} drifted: sha256 ${f.sha256.slice(0, 12)}…, baseline ${want.slice(0, 12)}…`,
        details: `current ${f.sha256}\nbaseline ${want}`,
      };
    },
  };
}
