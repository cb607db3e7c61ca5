import { z } from 'zod';
import { timeoutParam } from './params.js';
import { awsOptionsSchema } from './providers/aws/provider.js';
import type { CloudProvider } from './providers/types.js';

/** HTTP settings shared by every probe, notifier and provider of the plugin. */
export const httpOptionsSchema = z.strictObject({
  /** TCP + TLS connect timeout. @defaultValue `'10s'` */
  connectTimeout: timeoutParam.default(10_000),
  /** Time allowed until response headers arrive. @defaultValue `'30s'` */
  headersTimeout: timeoutParam.default(30_000),
  /** Time allowed between two body chunks. @defaultValue `'30s'` */
  bodyTimeout: timeoutParam.default(30_000),
  /** Connections per origin. @defaultValue 64 */
  connections: z.number().int().min(1).max(1024).default(64),
  /** Retries of provider and notifier requests (probes have their own `retries`). @defaultValue 3 */
  retries: z.number().int().min(0).max(10).default(3),
});

/** Options of the cloud plugin. */
export const cloudOptionsSchema = z.strictObject({
  /** HTTP client settings. */
  http: httpOptionsSchema.default(httpOptionsSchema.parse({})),
  /** The AWS provider: regions, credentials (else the standard chain), endpoint overrides. */
  aws: awsOptionsSchema.optional(),
  /** Further providers made with `defineCloudProvider` (DigitalOcean, your own). */
  providers: z
    .array(
      z.custom<CloudProvider>(
        (v) =>
          typeof v === 'object' &&
          v !== null &&
          typeof (v as CloudProvider).name === 'string' &&
          typeof (v as CloudProvider).status === 'function',
        'expected a provider made with defineCloudProvider()',
      ),
    )
    .default([]),
});

/** Options of `cloud()` as callers give them. */
export type CloudOptions = z.input<typeof cloudOptionsSchema>;
/** Options of `cloud()` after validation. */
export type CloudSettings = z.output<typeof cloudOptionsSchema>;

/** The `cloud` block of an asset: which provider resource the asset is. */
export const cloudAssetSchema = z.strictObject({
  /** Provider name (`aws`, `digitalocean`). */
  provider: z.string().min(1),
  /** Region (`eu-west-1`, `ams3`). */
  region: z.string().min(1).optional(),
  /** The resource id at the provider (`i-0abc…`, a droplet id). */
  id: z.string().min(1),
  /** Named account or profile the provider should use, when it was configured with several. */
  account: z.string().min(1).optional(),
});

/** The `cloud` block of an asset. */
export type CloudAssetConfig = z.input<typeof cloudAssetSchema>;
