import type { ProbeDefinition } from '@warden/core';
import { z } from 'zod';
import { parseSystemctlShow } from '../collectors/parse-systemd.js';
import { unitName } from '../collectors/systemd.js';
import type { SshSessions } from '../transport/session.js';

/** Params of `ssh.systemdUnit`. */
export const systemdUnitParamsSchema = z.strictObject({
  /** The unit (`nginx`, `nginx.service`, `backup.timer`). */
  unit: unitName,
});
/** Params of `ssh.systemdUnit`. */
export type SystemdUnitParams = z.infer<typeof systemdUnitParamsSchema>;

/**
 * `ssh.systemdUnit`: ok when the unit is active, warning while it is (re)starting or
 * reloading, critical when inactive, failed or not found.
 *
 * @param sessions - the plugin's connection layer
 * @returns the probe definition
 */
export function systemdUnitProbe(sessions: SshSessions): ProbeDefinition<SystemdUnitParams> {
  return {
    name: 'systemdUnit',
    description: 'A systemd unit is active',
    params: systemdUnitParamsSchema,
    async run(asset, params, ctx) {
      const r = await sessions.exec(
        asset,
        ['systemctl', 'show', '--no-pager', '-p', 'Id,LoadState,ActiveState,SubState', '--', params.unit],
        ctx,
        {
          env: { LC_ALL: 'C' },
        },
      );
      const [u] = parseSystemctlShow(r.stdout);
      if (!u)
        return { status: 'unknown', summary: `systemctl show ${params.unit} gave no answer (exit ${r.exitCode}): ${r.stderr.trim()}` };
      if (u.load === 'not-found') return { status: 'critical', summary: `${u.unit} not found` };
      const text = `${u.unit} is ${u.active} (${u.sub})`;
      if (u.active === 'active') return { status: 'ok', summary: text };
      if (u.active === 'activating' || u.active === 'reloading' || u.active === 'deactivating') return { status: 'warning', summary: text };
      return { status: 'critical', summary: text };
    },
  };
}
