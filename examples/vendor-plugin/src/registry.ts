import type { OutletsParams } from './collector.js';
import type { AcmePduAssetConfig } from './options.js';
import type { OutletParams } from './probe.js';

// Typed names and params: with this plugin installed, `warden.collect({ collector:
// 'acme-pdu.outlet' })` (a typo) or `params: { outlet: true }` are compile errors, and
// `asset['acme-pdu']` is typed.
declare module '@warden/core' {
  interface AssetConnections {
    /** How to reach an ACME PDU's API; validated by the acme-pdu plugin. */
    'acme-pdu'?: AcmePduAssetConfig;
  }
  interface CollectorRegistry {
    /** Inlet and outlet readings of an ACME PDU. */
    'acme-pdu.outlets': OutletsParams | undefined;
  }
  interface ProbeRegistry {
    /** State and power of one ACME PDU outlet. */
    'acme-pdu.outlet': OutletParams;
  }
}
