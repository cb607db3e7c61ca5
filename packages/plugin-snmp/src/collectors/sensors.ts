import type { Sample } from '@warden/core';
import { columnByIndex, tableRows } from '../table.js';
import { asNumber, asString, type Varbind } from '../varbind.js';

/** ENTITY-SENSOR-MIB entPhySensorEntry. */
export const ENT_SENSOR_ENTRY = '1.3.6.1.2.1.99.1.1.1';
/** ENTITY-MIB entPhysicalName column (sensor names). */
export const ENT_PHYSICAL_NAME = '1.3.6.1.2.1.47.1.1.1.1.7';

const METRIC: Record<number, { name: string; unit: string; factor?: number; kind?: string }> = {
  3: { name: 'hw.voltage', unit: 'V', kind: 'ac' },
  4: { name: 'hw.voltage', unit: 'V', kind: 'dc' },
  5: { name: 'hw.current', unit: 'A' },
  6: { name: 'hw.power', unit: 'W' },
  7: { name: 'hw.frequency', unit: 'Hz' },
  8: { name: 'hw.temperature', unit: 'Cel' },
  9: { name: 'hw.humidity', unit: '1', factor: 0.01 },
  10: { name: 'hw.fan.speed', unit: '{rpm}' },
};

/**
 * Maps ENTITY-SENSOR-MIB rows whose status is ok: value × 10^(3·(scale−9)) ÷ 10^precision, to
 * `hw.temperature`, `hw.voltage` (`kind` ac/dc), `hw.current`, `hw.power`, `hw.frequency`,
 * `hw.humidity` (0–1), `hw.fan.speed`; other types to `snmp.sensor.value` with `type`.
 * `sensor` is entPhysicalName, else `sensor<index>`.
 *
 * @param sensors - varbinds under {@link ENT_SENSOR_ENTRY}
 * @param names - varbinds under {@link ENT_PHYSICAL_NAME}
 * @returns the samples
 */
export function mapSensors(sensors: readonly Varbind[], names: readonly Varbind[]): Sample[] {
  const nameOf = columnByIndex(names, ENT_PHYSICAL_NAME);
  const samples: Sample[] = [];
  for (const [index, row] of tableRows(sensors, ENT_SENSOR_ENTRY)) {
    const type = asNumber(row.get(1));
    const scale = asNumber(row.get(2)) ?? 9;
    const precision = asNumber(row.get(3)) ?? 0;
    const raw = asNumber(row.get(4));
    const status = asNumber(row.get(5));
    if (type === undefined || raw === undefined || (status !== undefined && status !== 1)) continue;
    const value = (raw * 10 ** (3 * (scale - 9))) / 10 ** precision;
    const sensor = asString(nameOf.get(index)) || `sensor${index}`;
    const metric = METRIC[type];
    if (!metric) {
      samples.push({ name: 'snmp.sensor.value', value, labels: { sensor, type: String(type) } });
      continue;
    }
    const labels = metric.kind ? { sensor, kind: metric.kind } : { sensor };
    samples.push({ name: metric.name, value: value * (metric.factor ?? 1), unit: metric.unit, labels });
  }
  return samples;
}
