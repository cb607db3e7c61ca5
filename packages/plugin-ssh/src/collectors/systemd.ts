import type { CollectorDefinition, Sample } from '@warden/core';
import { z } from 'zod';
import type { SshSessions } from '../transport/session.js';
import { ACTIVE_STATES, parseListUnits, parseSystemctlShow, type UnitState } from './parse-systemd.js';
import { commandFailed } from './run-script.js';

/** A systemd unit name (no options, no shell characters). */
export const unitName = z
  .string()
  .regex(/^[A-Za-z0-9@_.:\\-]+$/, 'expected a systemd unit name such as "nginx" or "nginx.service"')
  .refine((u) => !u.startsWith('-'), 'a unit name cannot start with "-"');

/** Params of `ssh.systemd`. */
export const systemdParamsSchema = z.strictObject({
  /** Units to report; all loaded service units when absent. */
  units: z.array(unitName).min(1).optional(),
});
/** Params of `ssh.systemd`. */
export type SystemdParams = z.infer<typeof systemdParamsSchema>;

/**
 * Samples for unit states: `systemd.unit.state` (one 0/1 series per ActiveState, as the OTel
 * systemd receiver does) and `systemd.units.failed`.
 *
 * @param units - parsed unit states
 * @returns the samples
 */
export function unitSamples(units: readonly UnitState[]): Sample[] {
  const out: Sample[] = [];
  for (const u of units) {
    for (const state of ACTIVE_STATES) {
      out.push({
        name: 'systemd.unit.state',
        value: u.active === state ? 1 : 0,
        unit: '1',
        type: 'gauge',
        labels: { unit: u.unit, state },
      });
    }
  }
  out.push({ name: 'systemd.units.failed', value: units.filter((u) => u.active === 'failed').length, unit: '{unit}', type: 'gauge' });
  return out;
}

/**
 * The `ssh.systemd` collector: systemd unit states.
 *
 * @param sessions - the plugin's connection layer
 * @returns the collector definition
 */
export function systemdCollector(sessions: SshSessions): CollectorDefinition<SystemdParams> {
  return {
    name: 'systemd',
    description: 'systemd unit states (all services, or the units listed)',
    params: systemdParamsSchema,
    async collect(asset, ctx, params) {
      const units = params?.units;
      const argv = units
        ? ['systemctl', 'show', '--no-pager', '-p', 'Id,LoadState,ActiveState,SubState', '--', ...units]
        : ['systemctl', 'list-units', '--all', '--type=service', '--plain', '--no-legend', '--no-pager'];
      const r = await sessions.exec(asset, argv, ctx, { env: { LC_ALL: 'C' } });
      if (r.exitCode !== 0 && r.stdout.trim() === '') throw commandFailed('ssh.systemd', asset.id, r);
      return unitSamples(units ? parseSystemctlShow(r.stdout) : parseListUnits(r.stdout));
    },
  };
}
