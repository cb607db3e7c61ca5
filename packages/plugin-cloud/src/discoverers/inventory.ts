import { type AssetProposal, type DiscovererDefinition, WardenError } from '@warden/core';
import { z } from 'zod';
import { type ProviderSet, providerContext } from '../providers/lookup.js';
import type { HttpTransport } from '../transport/http-transport.js';

/** Params of `cloud.inventory`. */
export const inventoryParamsSchema = z.strictObject({
  /** Provider to list. @defaultValue `'aws'` */
  provider: z.string().min(1).default('aws'),
  /** Regions to list. @defaultValue the provider's configured regions */
  regions: z.array(z.string().min(1)).min(1).optional(),
  /** Provider filters (EC2: `{ 'tag:env': ['prod'], 'instance-state-name': ['running'] }`). */
  filters: z.record(z.string().min(1), z.array(z.string()).min(1)).optional(),
});

/** Params of `cloud.inventory` as given. */
export type CloudInventoryParamsInput = z.input<typeof inventoryParamsSchema>;
/** Params of `cloud.inventory` after validation. */
export type CloudInventoryParams = z.output<typeof inventoryParamsSchema>;

/**
 * Creates the `cloud.inventory` discoverer: lists a provider's instances as asset proposals
 * (`aws:<region>:<instance-id>`, kind `cloud-instance`, tags as labels, state/type/AZ as facts,
 * a `cloud` block), reporting progress every 100 proposals and at the end.
 *
 * @param providers - configured providers
 * @param http - the plugin's transport
 * @returns the discoverer definition
 */
export function inventoryDiscoverer(providers: ProviderSet, http: HttpTransport): DiscovererDefinition<CloudInventoryParams> {
  return {
    name: 'inventory',
    description: "Lists a cloud provider's instances as assets",
    params: inventoryParamsSchema,
    async *discover(params, ctx): AsyncIterable<AssetProposal> {
      const provider = providers.get(params.provider);
      if (!provider) {
        throw new WardenError(
          'ERR_CONFIG_INVALID',
          `cloud.inventory: provider "${params.provider}" is not configured (configured: ${[...providers.keys()].join(', ') || 'none'})`,
        );
      }
      let found = 0;
      for await (const proposal of provider.discover({ regions: params.regions, filters: params.filters }, providerContext(ctx, http))) {
        found++;
        if (found % 100 === 0) ctx.emit('discovery:progress', { discoverer: 'cloud.inventory', done: found, found });
        yield proposal;
      }
      ctx.emit('discovery:progress', { discoverer: 'cloud.inventory', done: found, total: found, found });
    },
  };
}
