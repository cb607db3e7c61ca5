import type { SetParams } from './actions/set.js';
import type { TableProfile } from './collectors/profile.js';
import type { SnmpAssetConfig } from './options.js';

/** Params of `snmp.get`. */
export interface SnmpGetParams {
  oid: string;
  warn?: string | number;
  crit?: string | number;
  scale?: number;
  expect?: string;
  label?: string;
}

/** Params of `snmp.interface`. */
export interface SnmpInterfaceParams {
  interfaces: string[];
  adminDown?: 'ok' | 'warning' | 'critical';
}

declare module '@warden/core' {
  interface AssetConnections {
    /** SNMP settings, validated by `@warden/plugin-snmp`. */
    snmp?: SnmpAssetConfig;
  }
  interface CollectorRegistry {
    'snmp.system': undefined;
    'snmp.interfaces': undefined;
    'snmp.storage': undefined;
    'snmp.cpu': undefined;
    'snmp.ucd': undefined;
    'snmp.ups': undefined;
    'snmp.sensors': undefined;
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
}
