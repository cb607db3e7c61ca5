import { definePlugin } from '@warden/core';
import { pagerDutyNotifier } from './notifiers/pagerduty.js';
import { slackNotifier } from './notifiers/slack.js';
import { webhookNotifier } from './notifiers/webhook.js';
import { type CloudOptions, type CloudSettings, cloudAssetSchema, cloudOptionsSchema } from './options.js';
import { httpProbe } from './probes/http.js';
import { tlsProbe } from './probes/tls.js';
import { createHttpTransport } from './transport/http-transport.js';
import './registry.js';

/**
 * The cloud plugin: the `cloud.http` and `cloud.tls` probes and the `cloud.webhook`,
 * `cloud.slack` and `cloud.pagerduty` notifiers, over one pooled, retrying HTTP client (undici).
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
    ctx.probe(httpProbe(http));
    ctx.probe(tlsProbe());
    ctx.notifier(webhookNotifier(http));
    ctx.notifier(slackNotifier(http));
    ctx.notifier(pagerDutyNotifier(http));
    ctx.onDispose(() => http.close());
  },
});
