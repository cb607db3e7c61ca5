import type { CloudPowerParams } from './actions/power.js';
import type { CloudMetricsParamsInput } from './collectors/metrics.js';
import type { CloudInventoryParamsInput } from './discoverers/inventory.js';
import type { CloudPagerDutyParamsInput } from './notifiers/pagerduty.js';
import type { CloudSlackParamsInput } from './notifiers/slack.js';
import type { CloudWebhookParamsInput } from './notifiers/webhook.js';
import type { CloudAssetConfig } from './options.js';
import type { CloudDnsParamsInput } from './probes/dns.js';
import type { CloudHttpParamsInput } from './probes/http.js';
import type { CloudInstanceStatusParamsInput } from './probes/instance-status.js';
import type { CloudTlsParamsInput } from './probes/tls.js';
import type { CloudScheduledEventPayload } from './providers/types.js';

// Typed names and params: `warden.check({ probe: 'cloud.http', params: { url } })` is checked
// at compile time, and `asset.cloud` is typed.
declare module '@warden/core' {
  interface AssetConnections {
    /** The provider resource this asset is, validated by the cloud plugin. */
    cloud?: CloudAssetConfig;
  }
  interface ProbeRegistry {
    'cloud.http': CloudHttpParamsInput;
    'cloud.tls': CloudTlsParamsInput | undefined;
    'cloud.instanceStatus': CloudInstanceStatusParamsInput | undefined;
    'cloud.dns': CloudDnsParamsInput | undefined;
  }
  interface CollectorRegistry {
    'cloud.metrics': CloudMetricsParamsInput | undefined;
  }
  interface ActionRegistry {
    'cloud.startInstance': CloudPowerParams;
    'cloud.stopInstance': CloudPowerParams;
    'cloud.rebootInstance': CloudPowerParams;
  }
  interface DiscovererRegistry {
    'cloud.inventory': CloudInventoryParamsInput | undefined;
  }
  interface NotifierRegistry {
    'cloud.webhook': CloudWebhookParamsInput;
    'cloud.slack': CloudSlackParamsInput;
    'cloud.pagerduty': CloudPagerDutyParamsInput;
  }
  interface WardenEvents {
    /** `cloud.instanceStatus` saw a scheduled event (each poll, pending or settled). */
    'cloud:scheduled-event': CloudScheduledEventPayload;
  }
}
