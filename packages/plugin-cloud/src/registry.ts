import type { CloudPagerDutyParamsInput } from './notifiers/pagerduty.js';
import type { CloudSlackParamsInput } from './notifiers/slack.js';
import type { CloudWebhookParamsInput } from './notifiers/webhook.js';
import type { CloudAssetConfig } from './options.js';
import type { CloudHttpParamsInput } from './probes/http.js';
import type { CloudTlsParamsInput } from './probes/tls.js';

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
  }
  interface NotifierRegistry {
    'cloud.webhook': CloudWebhookParamsInput;
    'cloud.slack': CloudSlackParamsInput;
    'cloud.pagerduty': CloudPagerDutyParamsInput;
  }
}
