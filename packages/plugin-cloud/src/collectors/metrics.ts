import type { CollectorDefinition } from '@warden/core';
import { z } from 'zod';
import { durationParam } from '../params.js';
import { type ProviderSet, providerContext, targetOf } from '../providers/lookup.js';
import type { HttpTransport } from '../transport/http-transport.js';

/** Params of `cloud.metrics`. */
export const metricsParamsSchema = z.strictObject({
  /** Metric sets. @defaultValue all: cpu, network, status, disk */
  sets: z
    .array(z.enum(['cpu', 'network', 'status', 'disk']))
    .min(1)
    .default(['cpu', 'network', 'status', 'disk']),
  /** Window read, ending now (CloudWatch data lags a few minutes). @defaultValue `'15m'` */
  window: durationParam.default(15 * 60_000),
  /** Aggregation period (a multiple of 60 s for standard metrics). @defaultValue `'5m'` */
  period: durationParam.refine((ms) => ms >= 1000 && ms % 1000 === 0, 'a whole number of seconds').default(5 * 60_000),
});

/** Params of `cloud.metrics` as given. */
export type CloudMetricsParamsInput = z.input<typeof metricsParamsSchema>;
/** Params of `cloud.metrics` after validation. */
export type CloudMetricsParams = z.output<typeof metricsParamsSchema>;

/**
 * Creates the `cloud.metrics` collector: the provider's metrics of an instance (CloudWatch
 * GetMetricData for AWS), newest datapoint per metric, stamped with its own time. Names:
 * `system.cpu.utilization` (1), `cloud.network.io` (By per period, `direction`),
 * `cloud.instance.status_check.failed` (`check`), `cloud.disk.io` (By per period, `direction`).
 *
 * @param providers - configured providers
 * @param http - the plugin's transport
 * @returns the collector definition
 */
export function metricsCollector(providers: ProviderSet, http: HttpTransport): CollectorDefinition<CloudMetricsParams> {
  return {
    name: 'metrics',
    description: "A cloud instance's provider metrics (CloudWatch for AWS)",
    params: metricsParamsSchema,
    async collect(asset, ctx, params) {
      const { provider, target } = targetOf(providers, asset);
      return provider.metrics(
        target,
        { sets: params.sets, windowMs: params.window, periodSeconds: params.period / 1000 },
        providerContext(ctx, http),
      );
    },
  };
}
