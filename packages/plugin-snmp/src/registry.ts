import type { SetParams } from './actions/set.js';
import type { TableProfile } from './collectors/profile.js';
import type { SnmpSweepParams } from './discovery/params.js';
import type { SnmpAssetConfig } from './options.js';
import type { SnmpTrap } from './traps/types.js';

/** Params of `snmp.get`. */
export interface SnmpGetParams {
  /** The OID instance to read (`1.3.6.1.4.1.2021.10.1.3.1`). */
  oid: string;
  /** Warning threshold: a comparison (`'>80'`) or a Nagios range (`'10:20'`, `'~:10'`, `'@10:20'`). */
  warn?: string | number;
  /** Critical threshold, same syntax as `warn`. */
  crit?: string | number;
  /** Multiplier applied before comparing (0.01 for hundredths). @defaultValue 1 */
  scale?: number;
  /** For text values: the expected string; anything else is critical. Not with thresholds. */
  expect?: string;
  /** Name used in the summary. @defaultValue the OID */
  label?: string;
}

/** Params of `snmp.interface`. */
export interface SnmpInterfaceParams {
  /** Interface names (ifName or ifDescr) that must be operationally up. */
  interfaces: string[];
  /** Status for an interface an operator shut down (ifAdminStatus down). @defaultValue `'warning'` */
  adminDown?: 'ok' | 'warning' | 'critical';
}

declare module '@warden/core' {
  interface AssetConnections {
    /** SNMP settings, validated by `@warden/plugin-snmp`. */
    snmp?: SnmpAssetConfig;
  }
  interface CollectorRegistry {
    'snmp.system': Record<string, never> | undefined;
    'snmp.interfaces': Record<string, never> | undefined;
    'snmp.storage': Record<string, never> | undefined;
    'snmp.cpu': Record<string, never> | undefined;
    'snmp.ucd': Record<string, never> | undefined;
    'snmp.ups': Record<string, never> | undefined;
    'snmp.sensors': Record<string, never> | undefined;
    'snmp.table': TableProfile;
  }
  interface ProbeRegistry {
    'snmp.reachable': Record<string, never> | undefined;
    'snmp.get': SnmpGetParams;
    'snmp.interface': SnmpInterfaceParams;
  }
  interface ActionRegistry {
    'snmp.set': SetParams;
  }
  interface DiscovererRegistry {
    'snmp.sweep': SnmpSweepParams;
  }
  interface WardenEvents {
    /** A trap or inform arrived at the `snmp({ traps })` receiver. */
    'snmp:trap': SnmpTrap;
  }
}
