import type { ActionDefinition, HookContext } from '@warden/core';
import { z } from 'zod';
import { parseUpdates, UPDATES_SCRIPT } from '../collectors/parse-updates.js';
import { positiveDurationSchema } from '../duration-schema.js';
import type { SshSessions } from '../transport/session.js';

/** Params of `ssh.applyUpdates`. */
export const applyUpdatesParamsSchema = z.strictObject({
  /** Only security updates (dnf/yum/zypper; apt installs everything pending). @defaultValue false */
  securityOnly: z.boolean().optional(),
  /** Run outside a maintenance window. @defaultValue false */
  force: z.boolean().optional(),
  /** Deadline for the package manager. @defaultValue '30m' */
  timeout: positiveDurationSchema.optional(),
});
/** Params of `ssh.applyUpdates`. */
export type ApplyUpdatesParams = z.infer<typeof applyUpdatesParamsSchema>;

/** The upgrade command for each package manager. */
export function upgradeCommand(manager: string, securityOnly: boolean): string[] | undefined {
  switch (manager) {
    case 'apt':
      return ['apt-get', '-y', '-o', 'Dpkg::Options::=--force-confdef', '-o', 'Dpkg::Options::=--force-confold', 'dist-upgrade'];
    case 'dnf':
    case 'yum':
      return [manager, '-y', 'upgrade', ...(securityOnly ? ['--security'] : [])];
    case 'zypper':
      return securityOnly ? ['zypper', '--non-interactive', 'patch', '--category', 'security'] : ['zypper', '--non-interactive', 'update'];
    case 'apk':
      return ['apk', 'upgrade', '--no-interactive'];
    default:
      return undefined;
  }
}

/**
 * Why updates may not run now, or `undefined` when they may: the asset must be inside a
 * maintenance window covering all of it (a window for some checks only is not a change window).
 *
 * @param ctx - the action's context
 * @param assetId - the asset
 * @returns the refusal, or undefined
 */
function outsideWindow(ctx: HookContext, assetId: string): string | undefined {
  if (ctx.maintenance.isActive(assetId)) return undefined;
  const partial = ctx.maintenance.windows(assetId).filter((w) => w.checks !== undefined);
  const why = partial.length
    ? `only check-scoped maintenance windows (${partial.map((w) => w.id).join(', ')}) cover ${assetId} now`
    : `${assetId} is not in a maintenance window now`;
  return `${why}; nothing was changed. Run it inside a window covering the whole asset (warden.maintenance({ assets, from, to }) or warden.change()), or pass force: true`;
}

/**
 * `ssh.applyUpdates`: installs pending updates with the host's package manager, only inside a
 * maintenance window unless `force`. Records which packages were pending before and after.
 *
 * @param sessions - the plugin's connection layer
 * @returns the action definition (destructive)
 */
export function applyUpdatesAction(sessions: SshSessions): ActionDefinition<ApplyUpdatesParams> {
  return {
    name: 'applyUpdates',
    description: 'Installs pending updates (apt, dnf/yum, zypper, apk) inside a maintenance window',
    params: applyUpdatesParamsSchema,
    destructive: true,
    async run(asset, params, ctx) {
      const refusal = outsideWindow(ctx, asset.id);
      if (refusal !== undefined && params.force !== true) return { ok: false, error: refusal };
      const forced = refusal === undefined ? '' : ' (forced outside a maintenance window)';
      const before = parseUpdates((await sessions.exec(asset, ['sh', '-c', UPDATES_SCRIPT], ctx, { timeout: '5m' })).stdout);
      if (!before) return { ok: false, error: 'no supported package manager found' };
      if (before.all === 0) return { ok: true, output: `no pending updates${forced}` };
      const argv = upgradeCommand(before.manager, params.securityOnly === true) ?? [];
      const r = await sessions.exec(asset, argv, ctx, {
        sudo: true,
        timeout: params.timeout ?? '30m',
        env: before.manager === 'apt' ? { DEBIAN_FRONTEND: 'noninteractive' } : undefined,
      });
      const after = parseUpdates((await sessions.exec(asset, ['sh', '-c', UPDATES_SCRIPT], ctx, { timeout: '5m' })).stdout);
      const remaining = new Set(after?.packages ?? []);
      const changed = before.packages.filter((p) => !remaining.has(p));
      const output = [
        `${before.manager}: ${changed.length} of ${before.all} pending packages updated${forced}${after?.rebootRequired ? '; reboot required' : ''}`,
        changed.length ? `updated: ${changed.join(' ')}` : '',
        remaining.size ? `still pending: ${[...remaining].join(' ')}` : '',
        r.stdout.split('\n').slice(-20).join('\n'),
      ]
        .filter((l) => l !== '')
        .join('\n');
      return r.exitCode === 0
        ? { ok: true, output }
        : { ok: false, output, error: `${argv[0]} exited ${r.exitCode}: ${r.stderr.trim().split('\n').slice(-3).join(' / ')}` };
    },
  };
}
