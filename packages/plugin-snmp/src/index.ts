export type { SetParams } from './actions/set.js';
export { SET_TYPES, snmpSetParamsSchema } from './actions/set.js';
export type { TableProfile } from './collectors/profile.js';
export { tableProfileSchema } from './collectors/profile.js';
export type { SnmpSweepParams } from './discovery/params.js';
export { snmpSweepParamsSchema } from './discovery/params.js';
export type { DeviceGuess, EnterpriseInfo } from './discovery/vendors.js';
export { ENTERPRISES, guessDevice } from './discovery/vendors.js';
export type { SnmpAssetConfig, SnmpCredential, SnmpPluginOptions, SnmpTrapOptions, SnmpV3Config } from './options.js';
export {
  AUTH_PROTOCOLS,
  PRIV_PROTOCOLS,
  SNMP_DEFAULTS,
  snmpAssetConfigSchema,
  snmpPluginOptionsSchema,
  snmpTrapOptionsSchema,
  snmpV3Schema,
} from './options.js';
export { snmp } from './plugin.js';
export type { SnmpReader, WalkResult } from './reader.js';
export type { SnmpGetParams, SnmpInterfaceParams } from './registry.js';
export { trapCheckResult } from './traps/map.js';
export type { SnmpTrap, TrapCheckResult } from './traps/types.js';
export type { SnmpTypeTag, Varbind } from './varbind.js';
export { SnmpType } from './varbind.js';
