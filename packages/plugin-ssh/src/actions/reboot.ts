import { type ActionDefinition, parseDuration } from '@warden/core';
import { z } from 'zod';
import { positiveDurationSchema } from '../duration-schema.js';
import type { SshSessions } from '../transport/session.js';

/** Params of `ssh.reboot`. */
export const rebootParamsSchema = z.strictObject({
  /** How long to wait for the host to come back. @defaultValue '10m' */
  waitFor: positiveDurationSchema.optional(),
  /** Pause between reconnection attempts. @defaultValue '5s' */
  pollEvery: positiveDurationSchema.optional(),
});
/** Params of `ssh.reboot`. */
export type RebootParams = z.infer<typeof rebootParamsSchema>;

const BOOT = ['sh', '-c', 'cat /proc/sys/kernel/random/boot_id; cut -d" " -f1 /proc/uptime'];

/**
 * `ssh.reboot`: reboots through `sudo -n reboot`, waits for SSH to come back and verifies that
 * the host really restarted (a new kernel boot id and a reset uptime).
 *
 * @param sessions - the plugin's connection layer
 * @returns the action definition (destructive)
 */
export function rebootAction(sessions: SshSessions): ActionDefinition<RebootParams> {
  return {
    name: 'reboot',
    description: 'Reboots the host and verifies it came back (new boot id, uptime reset)',
    params: rebootParamsSchema,
    destructive: true,
    async run(asset, params, ctx) {
      const read = async () => {
        const [bootId = '', up = ''] = (await sessions.exec(asset, BOOT, ctx, { timeout: '15s' })).stdout.trim().split('\n');
        return { bootId, uptime: Number(up) };
      };
      const before = await read();
      const started = ctx.clock.now();
      // The connection usually drops before reboot answers: its exit status proves nothing.
      const order = await sessions.exec(asset, ['reboot'], ctx, { sudo: true, timeout: '30s' }).catch((err: unknown) => err);
      if (order && typeof order === 'object' && 'exitCode' in order && order.exitCode !== 0 && order.exitCode !== null) {
        return {
          ok: false,
          error: `reboot was refused (exit ${String(order.exitCode)}): ${String((order as { stderr?: string }).stderr ?? '').trim()}`,
        };
      }
      sessions.forget(asset);
      const deadline = started + parseDuration(params.waitFor ?? '10m', 'waitFor');
      const poll = parseDuration(params.pollEvery ?? '5s', 'pollEvery');
      while (ctx.clock.now() < deadline) {
        await new Promise<void>((resolve) => ctx.clock.setTimer(resolve, poll));
        if (ctx.signal.aborted) return { ok: false, error: 'aborted while waiting for the host to come back' };
        const now = await read().catch(() => undefined);
        if (!now) {
          sessions.forget(asset);
          continue;
        }
        const elapsed = (ctx.clock.now() - started) / 1000;
        if (now.bootId !== before.bootId && now.uptime < elapsed + 60) {
          return {
            ok: true,
            output: `rebooted: boot id ${before.bootId.slice(0, 8)}… → ${now.bootId.slice(0, 8)}…, uptime ${now.uptime}s`,
          };
        }
      }
      return {
        ok: false,
        error: `${asset.id} did not come back rebooted within ${typeof params.waitFor === 'number' ? `${params.waitFor} ms` : (params.waitFor ?? '10m')} (boot id unchanged or host unreachable)`,
      };
    },
  };
}
