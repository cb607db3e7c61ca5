export type { CloudPowerParams } from './actions/power.js';
export type { CloudMetricsParams, CloudMetricsParamsInput } from './collectors/metrics.js';
export type { CloudInventoryParams, CloudInventoryParamsInput } from './discoverers/inventory.js';
export type { CloudPagerDutyParams, CloudPagerDutyParamsInput } from './notifiers/pagerduty.js';
export { pagerDutyEvent } from './notifiers/pagerduty.js';
export type { CloudSlackParams, CloudSlackParamsInput } from './notifiers/slack.js';
export { slackMessage } from './notifiers/slack.js';
export type { CloudWebhookParams, CloudWebhookParamsInput } from './notifiers/webhook.js';
export { signWebhook } from './notifiers/webhook.js';
export type { CloudAssetConfig, CloudOptions, CloudSettings } from './options.js';
export { cloud } from './plugin.js';
export type { CloudDnsParams, CloudDnsParamsInput } from './probes/dns.js';
export type { CloudHttpParams, CloudHttpParamsInput } from './probes/http.js';
export type { CloudInstanceStatusParams, CloudInstanceStatusParamsInput } from './probes/instance-status.js';
export type { CloudTlsParams, CloudTlsParamsInput } from './probes/tls.js';
export type { AwsOptions, AwsSettings } from './providers/aws/provider.js';
export { awsProvider } from './providers/aws/provider.js';
export { defineCloudProvider } from './providers/define-provider.js';
export type { DigitalOceanOptions } from './providers/digitalocean/provider.js';
export { digitalOceanProvider } from './providers/digitalocean/provider.js';
export type {
  CloudProvider,
  CloudProviderDefinition,
  CloudScheduledEventPayload,
  CloudTarget,
  CredentialsInfo,
  InstanceStatusReport,
  MetricsQuery,
  PowerAction,
  ProviderContext,
  ScheduledEvent,
} from './providers/types.js';
export { HttpError } from './transport/errors.js';
export type { HttpTransport, HttpTransportOptions, TransportRequest } from './transport/http-transport.js';
export { createHttpTransport } from './transport/http-transport.js';
export type { Page } from './transport/paginate.js';
export { paginate } from './transport/paginate.js';
export type { TlsPeer, TlsSettings } from './transport/pools.js';
export type { LimiterClock, RateLimiter } from './transport/rate-limit.js';
export { createRateLimiter } from './transport/rate-limit.js';
export type { HttpRequest, HttpResponse, HttpTimings } from './transport/request.js';
export type { RetryEvent, RetryOptions } from './transport/retry.js';
