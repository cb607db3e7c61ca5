import type { Sample } from '@warden/core';
import { tableRows } from '../table.js';
import { asNumber, type Varbind } from '../varbind.js';

/** UPS-MIB (RFC 1628) upsObjects. */
export const UPS_MIB = '1.3.6.1.2.1.33.1';

const BATTERY_STATUS: Record<number, string> = { 1: 'unknown', 2: 'normal', 3: 'low', 4: 'depleted' };

/**
 * Maps UPS-MIB: upsEstimatedChargeRemaining → `hw.battery.charge` (0–1);
 * upsEstimatedMinutesRemaining → `hw.battery.time_left` (s); upsOutputSource = battery(5) →
 * `hw.ups.on_battery` 1/0; max upsOutputPercentLoad → `hw.ups.load` (0–1); input and output line
 * voltages → `hw.voltage` (direction, line); upsBatteryTemperature → `hw.temperature`
 * (sensor `battery`); upsBatteryStatus → `snmp.ups.battery.status` (raw code, `state` label).
 *
 * @param varbinds - varbinds under {@link UPS_MIB}
 * @returns the samples
 */
export function mapUps(varbinds: readonly Varbind[]): Sample[] {
  const scalar = new Map(varbinds.map((v) => [v.oid.slice(UPS_MIB.length + 1), asNumber(v)]));
  const samples: Sample[] = [];
  const status = scalar.get('2.1.0');
  if (status !== undefined) {
    samples.push({ name: 'snmp.ups.battery.status', value: status, labels: { state: BATTERY_STATUS[status] ?? 'unknown' } });
  }
  const minutes = scalar.get('2.3.0');
  if (minutes !== undefined) samples.push({ name: 'hw.battery.time_left', value: minutes * 60, unit: 's' });
  const charge = scalar.get('2.4.0');
  if (charge !== undefined) samples.push({ name: 'hw.battery.charge', value: charge / 100, unit: '1' });
  const temperature = scalar.get('2.7.0');
  if (temperature !== undefined) samples.push({ name: 'hw.temperature', value: temperature, unit: 'Cel', labels: { sensor: 'battery' } });
  const source = scalar.get('4.1.0');
  if (source !== undefined) samples.push({ name: 'hw.ups.on_battery', value: source === 5 ? 1 : 0, unit: '1' });
  for (const [line, row] of tableRows(varbinds, `${UPS_MIB}.3.3.1`)) {
    const volts = asNumber(row.get(3));
    if (volts !== undefined) samples.push({ name: 'hw.voltage', value: volts, unit: 'V', labels: { direction: 'input', line } });
  }
  let load: number | undefined;
  for (const [line, row] of tableRows(varbinds, `${UPS_MIB}.4.4.1`)) {
    const volts = asNumber(row.get(2));
    if (volts !== undefined) samples.push({ name: 'hw.voltage', value: volts, unit: 'V', labels: { direction: 'output', line } });
    const percent = asNumber(row.get(5));
    if (percent !== undefined) load = Math.max(load ?? 0, percent);
  }
  if (load !== undefined) samples.push({ name: 'hw.ups.load', value: load / 100, unit: '1' });
  return samples;
}
