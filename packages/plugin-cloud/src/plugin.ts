import { definePlugin, WardenError } from '@warden/core';
import { powerAction } from './actions/power.js';
import { metricsCollector } from './collectors/metrics.js';
import { inventoryDiscoverer } from './discoverers/inventory.js';
import { pagerDutyNotifier } from './notifiers/pagerduty.js';
import { slackNotifier } from './notifiers/slack.js';
import { webhookNotifier } from './notifiers/webhook.js';
import { type CloudOptions, type CloudSettings, cloudAssetSchema, cloudOptionsSchema } from './options.js';
import { dnsProbe } from './probes/dns.js';
import { httpProbe } from './probes/http.js';
import { instanceStatusProbe } from './probes/instance-status.js';
import { tlsProbe } from './probes/tls.js';
import { awsProvider } from './providers/aws/provider.js';
import type { CloudProvider } from './providers/types.js';
import { createHttpTransport } from './transport/http-transport.js';
import './registry.js';

/**
 * The cloud plugin: cloud providers (AWS built in, others through `defineCloudProvider`) behind
 * the `cloud.inventory` discoverer, `cloud.instanceStatus` probe, `cloud.metrics` collector and
 * the destructive `cloud.startInstance`/`stopInstance`/`rebootInstance` actions; the
 * `cloud.http`, `cloud.tls` and `cloud.dns` probes; the `cloud.webhook`, `cloud.slack` and `cloud.pagerduty`
 * notifiers — all over one pooled, retrying HTTP client (undici).
 *
 * @param options - see {@link CloudOptions}
 * @returns the plugin, for `createWarden({ plugins })`
 * @throws WardenError `ERR_CONFIG_INVALID` naming every invalid option
 * @example
 * ```ts
 * const warden = createWarden({ plugins: [cloud()] });
 * warden.check({ id: 'api', assets: { ids: ['api'] }, probe: 'cloud.http', every: '1m',
 *   params: { url: 'https://{address}/health', expect: { status: '2xx' } } });
 * ```
 */
export const cloud = definePlugin<CloudSettings | undefined, CloudOptions | undefined>({
  name: 'cloud',
  version: '0.1.0',
  core: '^0.1.0',
  options: cloudOptionsSchema.optional(),
  assetConfig: cloudAssetSchema,
  setup(ctx, options) {
    const settings = options ?? cloudOptionsSchema.parse({});
    const http = createHttpTransport({
      connectTimeoutMs: settings.http.connectTimeout,
      headersTimeoutMs: settings.http.headersTimeout,
      bodyTimeoutMs: settings.http.bodyTimeout,
      connections: settings.http.connections,
      retry: { retries: settings.http.retries },
    });
    const providers = new Map<string, CloudProvider>();
    for (const provider of [...(settings.aws ? [awsProvider(settings.aws)] : []), ...settings.providers]) {
      if (providers.has(provider.name))
        throw new WardenError('ERR_CONFIG_INVALID', `cloud: provider "${provider.name}" is configured twice`);
      providers.set(provider.name, provider);
    }
    ctx.probe(httpProbe(http));
    ctx.probe(instanceStatusProbe(providers, http));
    ctx.collector(metricsCollector(providers, http));
    ctx.discoverer(inventoryDiscoverer(providers, http));
    ctx.action(powerAction('start', providers, http));
    ctx.action(powerAction('stop', providers, http));
    ctx.action(powerAction('reboot', providers, http));
    ctx.probe(tlsProbe());
    ctx.probe(dnsProbe());
    ctx.notifier(webhookNotifier(http));
    ctx.notifier(slackNotifier(http));
    ctx.notifier(pagerDutyNotifier(http));
    ctx.onDispose(() => http.close());
  },
});
