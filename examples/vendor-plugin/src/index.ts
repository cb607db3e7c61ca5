export type { Outlet, PduStatus } from './api.js';
export type { OutletsParams } from './collector.js';
export { statusToSamples } from './collector.js';
export type { AcmePduAssetConfig, AcmePduOptions } from './options.js';
export { acmePdu } from './plugin.js';
export type { OutletParams } from './probe.js';
