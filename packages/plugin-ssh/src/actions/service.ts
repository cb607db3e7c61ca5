import type { ActionDefinition } from '@warden/core';
import { z } from 'zod';
import { unitName } from '../collectors/systemd.js';
import type { SshSessions } from '../transport/session.js';

/** Params of `ssh.restartService`, `ssh.startService` and `ssh.stopService`. */
export const serviceParamsSchema = z.strictObject({
  /** The systemd unit. */
  unit: unitName,
  /** Run systemctl through sudo. @defaultValue true */
  sudo: z.boolean().optional(),
});
/** Params of the service actions. */
export type ServiceParams = z.infer<typeof serviceParamsSchema>;

const EXPECT = { restart: 'active', start: 'active', stop: 'inactive' } as const;

/**
 * A service action: `systemctl <verb> -- <unit>` (through `sudo -n` by default), then
 * `systemctl is-active` to verify the unit reached the expected state.
 *
 * @param sessions - the plugin's connection layer
 * @param verb - restart, start or stop
 * @returns the action definition (destructive)
 */
export function serviceAction(sessions: SshSessions, verb: 'restart' | 'start' | 'stop'): ActionDefinition<ServiceParams> {
  return {
    name: `${verb}Service`,
    description: `${verb[0]?.toUpperCase()}${verb.slice(1)}s a systemd unit and verifies its state`,
    params: serviceParamsSchema,
    destructive: true,
    async run(asset, params, ctx) {
      const sudo = params.sudo !== false;
      const r = await sessions.exec(asset, ['systemctl', verb, '--', params.unit], ctx, { sudo });
      if (r.exitCode !== 0)
        return { ok: false, output: r.stdout, error: `systemctl ${verb} ${params.unit} exited ${r.exitCode}: ${r.stderr.trim()}` };
      const check = await sessions.exec(asset, ['systemctl', 'is-active', '--', params.unit], ctx);
      const state = check.stdout.trim() || 'unknown';
      const ok = state === EXPECT[verb];
      const output = `systemctl ${verb} ${params.unit}: done; now ${state}`;
      return ok ? { ok, output } : { ok, output, error: `${params.unit} is ${state} after ${verb}, expected ${EXPECT[verb]}` };
    },
  };
}
