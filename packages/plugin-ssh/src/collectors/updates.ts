import { type CollectorDefinition, type Sample, WardenError } from '@warden/core';
import { z } from 'zod';
import type { SshSessions } from '../transport/session.js';
import { parseUpdates, UPDATES_SCRIPT } from './parse-updates.js';

/** Params of `ssh.updates` (none). */
export const updatesParamsSchema = z.strictObject({});
/** Params of `ssh.updates`. */
export type UpdatesParams = z.infer<typeof updatesParamsSchema>;

/**
 * The `ssh.updates` collector: pending and security updates (apt, dnf/yum, zypper, apk) and
 * whether a reboot is required. A dry run only; it installs nothing. Also records the
 * package manager in the sample labels.
 *
 * @param sessions - the plugin's connection layer
 * @returns the collector definition
 */
export function updatesCollector(sessions: SshSessions): CollectorDefinition<UpdatesParams> {
  return {
    name: 'updates',
    description: 'Pending and security updates and reboot-required, from the package manager (dry run)',
    params: updatesParamsSchema,
    async collect(asset, ctx) {
      const r = await sessions.exec(asset, ['sh', '-c', UPDATES_SCRIPT], ctx, { timeout: '5m' });
      const u = parseUpdates(r.stdout);
      if (u === undefined)
        throw new WardenError('ERR_COLLECT', `ssh.updates on ${asset.id}: no supported package manager (apt, dnf, yum, zypper, apk) found`);
      const out: Sample[] = [{ name: 'system.updates.pending', value: u.all, unit: '{update}', type: 'gauge', labels: { kind: 'all' } }];
      if (u.security !== undefined)
        out.push({ name: 'system.updates.pending', value: u.security, unit: '{update}', type: 'gauge', labels: { kind: 'security' } });
      out.push({ name: 'ssh.updates.reboot_required', value: u.rebootRequired ? 1 : 0, unit: '1', type: 'gauge' });
      return out;
    },
  };
}
