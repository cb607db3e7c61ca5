import { type CheckResult, type CheckStatus, type ProbeDefinition, type Sample, worstStatus } from '@warden/core';
import { z } from 'zod';
import { durationParam } from '../params.js';
import { type ProviderSet, providerContext, targetOf } from '../providers/lookup.js';
import type { CloudScheduledEventPayload } from '../providers/types.js';
import type { HttpTransport } from '../transport/http-transport.js';
import { createEventWindows, isSettledEvent } from './event-windows.js';
import { errorResult } from './results.js';

/** Params of `cloud.instanceStatus`. */
export const instanceStatusParamsSchema = z.strictObject({
  /** States that are ok. @defaultValue `['running', 'active']` */
  expectState: z.array(z.string().min(1)).min(1).default(['running', 'active']),
  /** Scheduled events starting within this long make the check warn. @defaultValue `'7d'` */
  eventWarn: durationParam.default(7 * 86_400_000),
  /**
   * Turn each pending scheduled event into a maintenance window on the asset, from its start
   * to its end, moved with the event and removed once it is completed or cancelled.
   * @defaultValue true
   */
  maintenance: z.boolean().default(true),
  /** Length of the window of an event the provider gives no end (instance-stop, instance-retirement). @defaultValue `'1h'` */
  eventWindow: durationParam.refine((ms) => ms > 0, 'must be longer than 0').default(3_600_000),
});

/** Params of `cloud.instanceStatus` as given. */
export type CloudInstanceStatusParamsInput = z.input<typeof instanceStatusParamsSchema>;
/** Params of `cloud.instanceStatus` after validation. */
export type CloudInstanceStatusParams = z.output<typeof instanceStatusParamsSchema>;

const CHECK_STATUS: Record<string, CheckStatus> = {
  ok: 'ok',
  'not-applicable': 'ok',
  impaired: 'critical',
  'insufficient-data': 'unknown',
  initializing: 'unknown',
};

/**
 * Creates the `cloud.instanceStatus` probe: the provider's view of an instance (EC2
 * DescribeInstanceStatus). An unexpected state (stopped) or an impaired status check is
 * critical; insufficient data or initializing is unknown; a pending scheduled event (reboot,
 * retirement) starting within `eventWarn` is a warning. Each pending event becomes a
 * maintenance window on the asset (`cloud:event:<asset>:<event id>`, from `NotBefore` to
 * `NotAfter`, the reason naming the code and description), updated when the provider moves
 * the event and removed once it is completed, cancelled or gone; `maintenance: false` turns
 * that off. Each event listed is also emitted as `cloud:scheduled-event`
 * `{ asset, id, code, description, from, to }`. Samples: `cloud.instance.up` (1/0) and
 * `cloud.instance.status_check.failed` per check.
 *
 * @param providers - configured providers
 * @param http - the plugin's transport
 * @returns the probe definition
 */
export function instanceStatusProbe(providers: ProviderSet, http: HttpTransport): ProbeDefinition<CloudInstanceStatusParams> {
  const windows = createEventWindows();
  return {
    name: 'instanceStatus',
    description: "An instance's state, provider status checks and scheduled events",
    params: instanceStatusParamsSchema,
    async run(asset, params, ctx): Promise<CheckResult> {
      let report: Awaited<ReturnType<ReturnType<typeof targetOf>['provider']['status']>>;
      let where: string;
      try {
        const { provider, target } = targetOf(providers, asset);
        where = `${provider.name} ${target.id}${target.region ? ` (${target.region})` : ''}`;
        report = await provider.status(target, providerContext(ctx, http));
      } catch (err) {
        return errorResult(err, ctx);
      }
      if (params.maintenance) windows.sync(asset.id, report.events, ctx, params.eventWindow);
      const now = ctx.clock.now();
      const statuses: CheckStatus[] = [];
      const reasons: string[] = [];
      const up = params.expectState.includes(report.state);
      if (!up) {
        statuses.push('critical');
        reasons.push(`state ${report.state}`);
      }
      const samples: Sample[] = [{ name: 'cloud.instance.up', value: up ? 1 : 0, unit: '1', labels: { state: report.state } }];
      for (const [check, value] of Object.entries(report.checks)) {
        const status = CHECK_STATUS[value] ?? 'unknown';
        statuses.push(status);
        if (status !== 'ok') reasons.push(`${check} check ${value}`);
        if (value !== 'not-applicable')
          samples.push({ name: 'cloud.instance.status_check.failed', value: value === 'impaired' ? 1 : 0, unit: '1', labels: { check } });
      }
      for (const event of report.events) {
        const payload: CloudScheduledEventPayload = {
          asset: asset.id,
          id: event.id,
          code: event.code,
          description: event.description,
          from: event.notBefore,
          to: event.notAfter,
        };
        ctx.emit('cloud:scheduled-event', payload);
        if (
          event.notBefore !== undefined &&
          event.notBefore - now <= params.eventWarn &&
          (event.notAfter ?? Number.POSITIVE_INFINITY) > now &&
          !isSettledEvent(event)
        ) {
          statuses.push('warning');
          reasons.push(`scheduled ${event.code} from ${new Date(event.notBefore).toISOString()}`);
        }
      }
      const status = worstStatus(statuses);
      const checks = Object.entries(report.checks)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      return {
        status,
        summary: `${where}: ${reasons.length ? reasons.join('; ') : `${report.state}${checks ? `, ${checks}` : ''}`}`,
        samples,
        ...(report.events.length ? { details: report.events.map((e) => `${e.code}: ${e.description}`).join('\n') } : {}),
      };
    },
  };
}
