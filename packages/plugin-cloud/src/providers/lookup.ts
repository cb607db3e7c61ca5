import { type Asset, type HookContext, WardenError } from '@warden/core';
import type { HttpTransport } from '../transport/http-transport.js';
import type { CloudProvider, CloudTarget, ProviderContext } from './types.js';

/** The providers the plugin was configured with, by name. */
export type ProviderSet = ReadonlyMap<string, CloudProvider>;

/**
 * Finds the provider and target of an asset from its `cloud` block.
 *
 * @param providers - configured providers
 * @param asset - the asset
 * @returns provider and target
 * @throws WardenError `ERR_CONFIG_INVALID` when the asset has no `cloud` block or names an unconfigured provider
 */
export function targetOf(providers: ProviderSet, asset: Asset): { provider: CloudProvider; target: CloudTarget } {
  const block = (asset as { cloud?: { provider: string; id: string; region?: string; account?: string } }).cloud;
  if (!block) throw new WardenError('ERR_CONFIG_INVALID', `asset ${asset.id} has no cloud block; add cloud: { provider, id, region }`);
  const provider = providers.get(block.provider);
  if (!provider) {
    throw new WardenError(
      'ERR_CONFIG_INVALID',
      `asset ${asset.id}: cloud provider "${block.provider}" is not configured (configured: ${[...providers.keys()].join(', ') || 'none'}); pass it to cloud({ … })`,
    );
  }
  return { provider, target: { assetId: asset.id, id: block.id, region: block.region, account: block.account } };
}

/**
 * Adds the transport to a hook context.
 *
 * @param ctx - the hook context
 * @param http - the plugin's transport
 * @returns the provider context
 */
export function providerContext(ctx: HookContext, http: HttpTransport): ProviderContext {
  return Object.assign(Object.create(ctx) as HookContext, ctx, { http });
}
