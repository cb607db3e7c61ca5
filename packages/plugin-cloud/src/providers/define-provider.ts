import { WardenError } from '@warden/core';
import type { CloudProvider, CloudProviderDefinition } from './types.js';

const NAME = /^[a-z][a-z0-9-]*$/;

/**
 * Defines a cloud provider: the interface a vendor implements so that the cloud plugin's
 * `cloud.inventory` discoverer, `cloud.instanceStatus` probe, `cloud.metrics` collector and
 * `cloud.startInstance`/`stopInstance`/`rebootInstance` actions work with its cloud. Every hook
 * gets the plugin's HTTP transport in `ctx.http` (pooled, retrying, cancellable).
 *
 * @param definition - name, credentials check, discover, status, metrics, actions
 * @returns the frozen provider, for `cloud({ providers: [...] })`
 * @throws WardenError `ERR_CONFIG_INVALID` when the name or a hook is missing
 * @example
 * ```ts
 * const acme = defineCloudProvider({
 *   name: 'acme',
 *   async credentials(ctx) { return { source: 'token' }; },
 *   async *discover(params, ctx) { yield { id: 'acme:vm-1', kind: 'cloud-instance', cloud: { provider: 'acme', id: 'vm-1' } }; },
 *   async status(target, ctx) { return { state: 'running', checks: {}, events: [] }; },
 *   async metrics(target, query, ctx) { return []; },
 *   actions: { reboot: async (target, ctx) => ({ ok: true }) },
 * });
 * createWarden({ plugins: [cloud({ providers: [acme] })] });
 * ```
 */
export function defineCloudProvider(definition: CloudProviderDefinition): CloudProvider {
  const problems: string[] = [];
  if (!NAME.test(definition.name ?? ''))
    problems.push(`name ${JSON.stringify(definition.name)} must be lower-case letters, digits and dashes`);
  for (const hook of ['credentials', 'discover', 'status', 'metrics'] as const) {
    if (typeof definition[hook] !== 'function') problems.push(`${hook} must be a function`);
  }
  if (typeof definition.actions !== 'object' || definition.actions === null) problems.push('actions must be an object (it may be empty)');
  if (problems.length)
    throw new WardenError('ERR_CONFIG_INVALID', `invalid cloud provider:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return Object.freeze({ ...definition, actions: Object.freeze({ ...definition.actions }) });
}
