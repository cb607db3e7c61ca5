import { isWardenError, type ProbeDefinition } from '@warden/core';
import { z } from 'zod';
import type { SshSessions } from '../transport/session.js';

/** Params of `ssh.reachable` (none). */
export const reachableParamsSchema = z.strictObject({});
/** Params of `ssh.reachable`. */
export type ReachableParams = z.infer<typeof reachableParamsSchema>;

/**
 * `ssh.reachable`: the host accepts our SSH login (host key verified) and runs `true`. Fit for
 * `liveness: true`. Failing to connect is `critical` with the error code (`ERR_UNREACHABLE`,
 * `ERR_AUTH`, `ERR_HOSTKEY_MISMATCH`, `ERR_TIMEOUT`).
 *
 * @param sessions - the plugin's connection layer
 * @returns the probe definition
 */
export function reachableProbe(sessions: SshSessions): ProbeDefinition<ReachableParams> {
  return {
    name: 'reachable',
    description: 'SSH login and a trivial command succeed',
    params: reachableParamsSchema,
    async run(asset, _params, ctx) {
      try {
        const r = await sessions.exec(asset, ['true'], ctx, { timeout: '15s' });
        const ms = Math.round(r.durationMs * 10) / 10;
        return {
          status: r.exitCode === 0 ? 'ok' : 'critical',
          summary: r.exitCode === 0 ? `SSH OK: command round trip ${ms} ms` : `SSH: \`true\` exited ${r.exitCode}`,
          samples: [{ name: 'ssh.command.duration', value: r.durationMs / 1000, unit: 's', type: 'gauge' }],
        };
      } catch (err) {
        if (!isWardenError(err) || err.code === 'ERR_ABORTED') throw err;
        return { status: 'critical', summary: ctx.secrets.scrub(err.message), code: err.code };
      }
    },
  };
}
