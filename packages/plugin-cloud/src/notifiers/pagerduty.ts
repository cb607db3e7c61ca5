import { type Notification, type NotifierDefinition, zSecret } from '@warden/core';
import { z } from 'zod';
import { timeoutParam } from '../params.js';
import type { HttpTransport } from '../transport/http-transport.js';
import { deliver } from './deliver.js';
import { headline, incidentView, itemsOf } from './incident-view.js';

/** Params of `cloud.pagerduty`. */
export const pagerDutyParamsSchema = z.strictObject({
  /** The integration's routing key (Events API v2). */
  routingKey: zSecret(),
  /** Events API endpoint. @defaultValue `'https://events.pagerduty.com/v2/enqueue'` */
  endpoint: z.url({ protocol: /^https?$/ }).default('https://events.pagerduty.com/v2/enqueue'),
  /** `payload.source`. @defaultValue the asset id */
  source: z.string().min(1).optional(),
  /** `payload.component`. @defaultValue the check id */
  component: z.string().min(1).optional(),
  /** `payload.group`. */
  group: z.string().min(1).optional(),
  /** Link shown on the PagerDuty incident (a dashboard). */
  link: z.url().optional(),
  /** Deadline per attempt. @defaultValue `'10s'` */
  timeout: timeoutParam.default(10_000),
  /** Retries with backoff (PagerDuty answers 429 when throttling). @defaultValue 3 */
  retries: z.number().int().min(0).max(10).default(3),
});

/** Params of `cloud.pagerduty` as given. */
export type CloudPagerDutyParamsInput = z.input<typeof pagerDutyParamsSchema>;
/** Params of `cloud.pagerduty` after validation. */
export type CloudPagerDutyParams = z.output<typeof pagerDutyParamsSchema>;

const SEVERITY: Record<string, string> = { critical: 'critical', warning: 'warning', unknown: 'error' };

/**
 * Builds the Events API v2 event: `trigger` for opened/updated/flapping, `acknowledge`,
 * `resolve`; `dedup_key` is the incident id, so retries and updates touch one PagerDuty alert.
 *
 * @param notification - what to deliver
 * @param params - source, component, group, link
 * @param routingKey - the revealed routing key
 * @param now - ms since the epoch, for `payload.timestamp`
 * @returns the event body
 */
export function pagerDutyEvent(
  notification: Notification,
  params: Omit<CloudPagerDutyParams, 'routingKey'>,
  routingKey: string,
  now: number,
): Record<string, unknown> {
  const incident = incidentView(notification);
  const action = notification.kind === 'resolved' ? 'resolve' : notification.kind === 'acknowledged' ? 'acknowledge' : 'trigger';
  const event: Record<string, unknown> = { routing_key: routingKey, event_action: action, dedup_key: incident.id };
  if (action === 'trigger') {
    event.payload = {
      summary: headline(notification, incident).slice(0, 1024),
      source: params.source ?? incident.asset,
      severity: SEVERITY[incident.severity] ?? 'error',
      timestamp: new Date(now).toISOString(),
      component: params.component ?? incident.check,
      ...(params.group ? { group: params.group } : {}),
      class: 'warden',
      custom_details: {
        check: incident.check,
        asset: incident.asset,
        kind: notification.kind,
        flapping: notification.kind === 'flapping',
        summary: incident.summary,
      },
    };
    event.client = 'Warden';
    if (params.link) event.links = [{ href: params.link, text: 'Warden' }];
  }
  return event;
}

/**
 * Creates the `cloud.pagerduty` notifier (Events API v2). A 202 with `status: "success"` is a
 * delivery; 400 (invalid event) fails at once; 429 and 5xx are retried with backoff.
 *
 * @param http - the plugin's transport
 * @returns the notifier definition
 * @example
 * ```ts
 * warden.notify({ notifier: 'cloud.pagerduty', minStatus: 'critical', params: { routingKey: secret.env('PD_ROUTING_KEY') } });
 * ```
 */
export function pagerDutyNotifier(http: HttpTransport): NotifierDefinition<CloudPagerDutyParams> {
  return {
    name: 'pagerduty',
    description: 'Triggers, acknowledges and resolves PagerDuty alerts (Events API v2), keyed by incident id',
    params: pagerDutyParamsSchema,
    async send(notification, params, ctx) {
      const routingKey = await ctx.secrets.reveal(params.routingKey);
      // One event per incident: PagerDuty keys alerts by dedup_key, so a group is sent item by item.
      for (const item of itemsOf(notification)) {
        const body = JSON.stringify(pagerDutyEvent(item, params, routingKey, ctx.clock.now()));
        await deliver(
          http,
          { notifier: 'cloud.pagerduty', url: params.endpoint, body, headers: {}, timeoutMs: params.timeout, retries: params.retries },
          ctx,
        );
      }
    },
  };
}
