import type { Sample } from '@warden/core';
import { asNumber, asString, type Varbind } from '../varbind.js';

/** SNMPv2-MIB system group OIDs. */
export const SYSTEM_OIDS = {
  sysDescr: '1.3.6.1.2.1.1.1.0',
  sysObjectID: '1.3.6.1.2.1.1.2.0',
  sysUpTime: '1.3.6.1.2.1.1.3.0',
  sysContact: '1.3.6.1.2.1.1.4.0',
  sysName: '1.3.6.1.2.1.1.5.0',
  sysLocation: '1.3.6.1.2.1.1.6.0',
} as const;

/**
 * Maps the system group to `system.uptime` (sysUpTime, seconds) and an info sample
 * `snmp.system.info` (value 1) labelled with sysName, sysDescr, sysObjectID and sysLocation.
 *
 * @param varbinds - the GET answer for {@link SYSTEM_OIDS}, in any order
 * @returns the samples
 */
export function mapSystem(varbinds: readonly Varbind[]): Sample[] {
  const by = new Map(varbinds.map((v) => [v.oid, v]));
  const samples: Sample[] = [];
  const ticks = asNumber(by.get(SYSTEM_OIDS.sysUpTime));
  if (ticks !== undefined)
    samples.push({ name: 'system.uptime', value: ticks / 100, unit: 's', description: 'SNMP agent uptime (sysUpTime)' });
  const labels: Record<string, string> = {};
  for (const key of ['sysName', 'sysDescr', 'sysObjectID', 'sysLocation'] as const) {
    const text = asString(by.get(SYSTEM_OIDS[key]));
    if (text !== undefined) labels[key] = text.length > 200 ? `${text.slice(0, 197)}...` : text;
  }
  if (Object.keys(labels).length > 0) samples.push({ name: 'snmp.system.info', value: 1, labels, description: 'SNMP system identity' });
  return samples;
}
