import { type CheckResult, evaluateThresholds, isWardenError, type ProbeDefinition, parseThreshold, type Threshold } from '@warden/core';
import { z } from 'zod';
import { readStatus } from './api.js';
import type { AcmePduSettings } from './options.js';

/** A threshold on watts (`'>2000'`, `'~:2000'`), parsed when the check is registered. */
const wattsThreshold = z.union([z.string(), z.number()]).transform((value, ctx): Threshold => {
  try {
    return parseThreshold(value, 'threshold');
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

/** Params of the `acme-pdu.outlet` probe. */
export const outletParamsSchema = z.strictObject({
  /** Outlet id (`3`) or name (`'db-1 PSU B'`). */
  outlet: z.union([z.number().int().min(1), z.string().min(1)]),
  /** The state the outlet should be in. @defaultValue `'on'` */
  expect: z.enum(['on', 'off']).default('on'),
  /** Warning threshold on the outlet's power in watts. */
  warn: wattsThreshold.optional(),
  /** Critical threshold on the outlet's power in watts. */
  crit: wattsThreshold.optional(),
});

/** Params of `acme-pdu.outlet`, as a check gives them. */
export type OutletParams = z.input<typeof outletParamsSchema>;

/**
 * The `acme-pdu.outlet` probe: is the outlet in the expected state, and is its power within
 * the thresholds? An unreachable PDU or a refused token is `unknown` with the error's code:
 * the outlet's state is then not known.
 *
 * @param settings - the plugin's validated options
 * @returns the probe definition
 */
export function outletProbe(settings: AcmePduSettings): ProbeDefinition<z.output<typeof outletParamsSchema>> {
  return {
    name: 'outlet',
    description: 'Checks that an outlet is on (or off) and its power within thresholds',
    params: outletParamsSchema,
    async run(asset, params, ctx): Promise<CheckResult> {
      let status: Awaited<ReturnType<typeof readStatus>>;
      try {
        status = await readStatus(asset, ctx, settings.timeoutMs);
      } catch (err) {
        // Expected failures are results, not exceptions.
        if (isWardenError(err)) return { status: 'unknown', summary: err.message, code: err.code };
        throw err;
      }
      const outlet = status.outlets.find((o) => o.id === params.outlet || o.name === params.outlet);
      if (!outlet) {
        const known = status.outlets.map((o) => `${o.id} (${o.name})`).join(', ');
        return {
          status: 'unknown',
          summary: `no outlet ${JSON.stringify(params.outlet)} on ${asset.id}; outlets: ${known}`,
          code: 'ERR_NOT_FOUND',
        };
      }
      const label = `outlet ${outlet.id} (${outlet.name})`;
      const samples = [{ name: 'hw.power', value: outlet.power, unit: 'W', labels: { outlet: String(outlet.id) } }];
      if (outlet.state !== params.expect) {
        return { status: 'critical', summary: `${label} is ${outlet.state}, expected ${params.expect}`, samples };
      }
      const verdict = evaluateThresholds(outlet.power, { warn: params.warn, crit: params.crit });
      return { status: verdict, summary: `${label} is ${outlet.state}, ${outlet.power} W`, samples };
    },
  };
}
