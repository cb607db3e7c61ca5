import { type NotifierDefinition, zSecret } from '@warden/core';
import { z } from 'zod';
import { timeoutParam } from '../params.js';
import type { HttpTransport } from '../transport/http-transport.js';
import { deliver } from './deliver.js';
import { headline, incidentView, itemsOf } from './incident-view.js';

/** Params of `cloud.slack`. */
export const slackParamsSchema = z.strictObject({
  /** The incoming-webhook URL; it is the credential, so prefer `secret.env('SLACK_WEBHOOK_URL')`. */
  url: zSecret(),
  /** Display name override (legacy webhooks only). */
  username: z.string().min(1).optional(),
  /** Emoji icon override, e.g. `':rotating_light:'` (legacy webhooks only). */
  iconEmoji: z
    .string()
    .regex(/^:[\w+-]+:$/)
    .optional(),
  /** Deadline per attempt. @defaultValue `'10s'` */
  timeout: timeoutParam.default(10_000),
  /** Retries with backoff (Slack answers 429 with Retry-After). @defaultValue 3 */
  retries: z.number().int().min(0).max(10).default(3),
});

/** Params of `cloud.slack` as given. */
export type CloudSlackParamsInput = z.input<typeof slackParamsSchema>;
/** Params of `cloud.slack` after validation. */
export type CloudSlackParams = z.output<typeof slackParamsSchema>;

const COLORS: Record<string, string> = {
  critical: '#d62728',
  warning: '#ff9f1c',
  unknown: '#7f7f7f',
  resolved: '#2ca02c',
  acknowledged: '#1f77b4',
  flapping: '#9467bd',
};

/**
 * Builds the Slack message: a `text` fallback line plus one attachment coloured by severity
 * with the check, asset, state and incident id as fields.
 *
 * @param notification - what to deliver
 * @param params - username and icon
 * @returns the JSON body for the incoming webhook
 */
export function slackMessage(
  notification: Parameters<NotifierDefinition['send']>[0],
  params: Pick<CloudSlackParams, 'username' | 'iconEmoji'>,
): Record<string, unknown> {
  const items = itemsOf(notification);
  if (items.length > 1) {
    const lines = items.map((item) => headline(item, incidentView(item)));
    return {
      text: `${items.length} incident events on ${incidentView(notification).asset}`,
      ...(params.username ? { username: params.username } : {}),
      ...(params.iconEmoji ? { icon_emoji: params.iconEmoji } : {}),
      attachments: [
        { color: COLORS[incidentView(notification).severity] ?? COLORS.unknown, fallback: lines.join('\n'), text: lines.join('\n') },
      ],
    };
  }
  const incident = incidentView(notification);
  const key = notification.kind === 'opened' || notification.kind === 'updated' ? incident.severity : notification.kind;
  const fields = [
    { title: 'Check', value: incident.check, short: true },
    { title: 'Asset', value: incident.asset, short: true },
    { title: 'State', value: `${incident.state} (${notification.kind})`, short: true },
    { title: 'Incident', value: incident.id, short: true },
  ];
  if (incident.acknowledgedBy)
    fields.push({
      title: 'Acknowledged by',
      value: `${incident.acknowledgedBy}${incident.note ? `: ${incident.note}` : ''}`,
      short: false,
    });
  return {
    text: headline(notification, incident),
    ...(params.username ? { username: params.username } : {}),
    ...(params.iconEmoji ? { icon_emoji: params.iconEmoji } : {}),
    attachments: [{ color: COLORS[key] ?? COLORS.unknown, fallback: headline(notification, incident), fields }],
  };
}

/**
 * Creates the `cloud.slack` notifier (Slack incoming webhook). Slack answers `ok` with 200;
 * 403/404/410 (revoked or archived) fail at once without retrying.
 *
 * @param http - the plugin's transport
 * @returns the notifier definition
 * @example
 * ```ts
 * warden.notify({ notifier: 'cloud.slack', params: { url: secret.env('SLACK_WEBHOOK_URL') } });
 * ```
 */
export function slackNotifier(http: HttpTransport): NotifierDefinition<CloudSlackParams> {
  return {
    name: 'slack',
    description: 'Posts incident notifications to a Slack incoming webhook',
    params: slackParamsSchema,
    async send(notification, params, ctx) {
      const url = await ctx.secrets.reveal(params.url);
      const body = JSON.stringify(slackMessage(notification, params));
      await deliver(http, { notifier: 'cloud.slack', url, body, headers: {}, timeoutMs: params.timeout, retries: params.retries }, ctx);
    },
  };
}
