import type { ActionDefinition } from '@warden/core';
import { z } from 'zod';
import { type ProviderSet, providerContext, targetOf } from '../providers/lookup.js';
import type { PowerAction } from '../providers/types.js';
import type { HttpTransport } from '../transport/http-transport.js';

/** Params of the power actions: none. */
export const powerParamsSchema = z.strictObject({});
/** Params of `cloud.startInstance`, `cloud.stopInstance`, `cloud.rebootInstance`. */
export type CloudPowerParams = z.input<typeof powerParamsSchema>;

const NAMES: Record<PowerAction, string> = { start: 'startInstance', stop: 'stopInstance', reboot: 'rebootInstance' };

/**
 * Creates a power action (`cloud.startInstance`, `cloud.stopInstance`, `cloud.rebootInstance`),
 * destructive, dispatched to the asset's provider. A provider that lacks the action, or a call
 * that fails, gives `{ ok: false, error }`.
 *
 * @param action - start, stop or reboot
 * @param providers - configured providers
 * @param http - the plugin's transport
 * @returns the action definition
 */
export function powerAction(
  action: PowerAction,
  providers: ProviderSet,
  http: HttpTransport,
): ActionDefinition<z.output<typeof powerParamsSchema>> {
  return {
    name: NAMES[action],
    description: `${action[0]?.toUpperCase()}${action.slice(1)}s a cloud instance through its provider`,
    params: powerParamsSchema,
    destructive: true,
    async run(asset, _params, ctx) {
      try {
        const { provider, target } = targetOf(providers, asset);
        const run = provider.actions[action];
        if (!run) return { ok: false, error: `provider ${provider.name} cannot ${action} instances` };
        return await run(target, providerContext(ctx, http));
      } catch (err) {
        return { ok: false, error: ctx.secrets.scrub(err instanceof Error ? err.message : String(err)) };
      }
    },
  };
}
