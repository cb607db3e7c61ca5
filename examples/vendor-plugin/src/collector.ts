import type { CollectorDefinition, Sample } from '@warden/core';
import { z } from 'zod';
import { type PduStatus, readStatus } from './api.js';
import type { AcmePduSettings } from './options.js';

/** Params of the `acme-pdu.outlets` collector. */
export const outletsParamsSchema = z.strictObject({
  /** Only these outlet ids. @defaultValue every outlet */
  outlets: z.array(z.number().int().min(1)).min(1).optional(),
});

/** Params of `acme-pdu.outlets`, as a `collect()` spec gives them. */
export type OutletsParams = z.input<typeof outletsParamsSchema>;

/**
 * Maps the PDU's status document to samples. Pure, so it is tested on recorded documents.
 * Names follow OpenTelemetry's hardware conventions where one exists (`hw.power`, `hw.energy`,
 * `hw.voltage`) and `acme_pdu.*` otherwise (metric names take `_`, not `-`).
 *
 * @param status - the status document
 * @param params - which outlets
 * @returns the samples
 */
export function statusToSamples(status: PduStatus, params: OutletsParams = {}): Sample[] {
  const samples: Sample[] = [
    { name: 'hw.voltage', value: status.inlet.voltage, unit: 'V', labels: { direction: 'input' } },
    { name: 'acme_pdu.inlet.current', value: status.inlet.current, unit: 'A' },
  ];
  for (const outlet of status.outlets) {
    if (params.outlets && !params.outlets.includes(outlet.id)) continue;
    const labels = { outlet: String(outlet.id) };
    samples.push(
      { name: 'acme_pdu.outlet.state', value: outlet.state === 'on' ? 1 : 0, unit: '1', labels },
      { name: 'acme_pdu.outlet.current', value: outlet.current, unit: 'A', labels },
      { name: 'hw.power', value: outlet.power, unit: 'W', labels },
      // Watt-hours to joules (the UCUM unit OpenTelemetry uses); a counter, so rate() works.
      { name: 'hw.energy', value: outlet.energy * 3600, unit: 'J', type: 'counter', counterBits: 64, labels },
    );
  }
  return samples;
}

/**
 * The `acme-pdu.outlets` collector: inlet voltage and current, and per outlet its state,
 * current, power and energy.
 *
 * @param settings - the plugin's validated options
 * @returns the collector definition
 */
export function outletsCollector(settings: AcmePduSettings): CollectorDefinition<OutletsParams> {
  return {
    name: 'outlets',
    description: 'Inlet voltage and current; state, current, power and energy of each outlet',
    params: outletsParamsSchema,
    async collect(asset, ctx, params) {
      return statusToSamples(await readStatus(asset, ctx, settings.timeoutMs), params);
    },
  };
}
