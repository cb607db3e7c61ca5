import { createHmac } from 'node:crypto';
import { type NotifierDefinition, zSecret } from '@warden/core';
import { z } from 'zod';
import { timeoutParam } from '../params.js';
import type { HttpTransport } from '../transport/http-transport.js';
import { deliver } from './deliver.js';
import { incidentView } from './incident-view.js';

/** Params of `cloud.webhook`. */
export const webhookParamsSchema = z.strictObject({
  /** Where to POST: a URL, or a secret holding one when the URL carries a token. */
  url: zSecret(),
  /** HMAC-SHA256 key; when set, every request carries `x-warden-signature`. */
  secret: zSecret().optional(),
  /** Extra headers. */
  headers: z.record(z.string().min(1), z.string()).optional(),
  /** Deadline per attempt. @defaultValue `'10s'` */
  timeout: timeoutParam.default(10_000),
  /** Retries with backoff. @defaultValue 3 */
  retries: z.number().int().min(0).max(10).default(3),
});

/** Params of `cloud.webhook` as given. */
export type CloudWebhookParamsInput = z.input<typeof webhookParamsSchema>;
/** Params of `cloud.webhook` after validation. */
export type CloudWebhookParams = z.output<typeof webhookParamsSchema>;

/**
 * Computes the webhook signature: `v1=` and the hex HMAC-SHA256 of `<timestamp>.<body>`.
 * A receiver recomputes it with the shared key and refuses stale timestamps (replays).
 *
 * @param key - the shared key
 * @param timestamp - `x-warden-timestamp` (Unix seconds)
 * @param body - the raw body
 * @returns the `x-warden-signature` value
 * @example
 * ```ts
 * const ok = timingSafeEqual(Buffer.from(signWebhook(key, req.headers['x-warden-timestamp'], raw)), Buffer.from(req.headers['x-warden-signature']));
 * ```
 */
export function signWebhook(key: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Creates the `cloud.webhook` notifier: POSTs `{ kind, dedupKey, incident, sentAt }` as JSON
 * with `idempotency-key: <dedupKey>`, and when `secret` is set, `x-warden-timestamp` and
 * `x-warden-signature` (see {@link signWebhook}). Retries with backoff; a final failure throws.
 *
 * @param http - the plugin's transport
 * @returns the notifier definition
 * @example
 * ```ts
 * warden.notify({ notifier: 'cloud.webhook', params: { url: 'https://ops.example/hooks/warden', secret: secret.env('WEBHOOK_KEY') } });
 * ```
 */
export function webhookNotifier(http: HttpTransport): NotifierDefinition<CloudWebhookParams> {
  return {
    name: 'webhook',
    description: 'POSTs incident notifications as JSON, HMAC-SHA256 signed',
    params: webhookParamsSchema,
    async send(notification, params, ctx) {
      const url = await ctx.secrets.reveal(params.url);
      const sentAt = ctx.clock.now();
      const body = JSON.stringify({
        kind: notification.kind,
        dedupKey: notification.dedupKey,
        incident: notification.incident ?? incidentView(notification),
        ...((notification as { group?: unknown }).group ? { group: (notification as { group?: unknown }).group } : {}),
        sentAt: new Date(sentAt).toISOString(),
      });
      const headers: Record<string, string> = {
        ...params.headers,
        'idempotency-key': notification.dedupKey,
        'user-agent': 'warden-cloud/0.1',
      };
      if (params.secret) {
        const timestamp = String(Math.floor(sentAt / 1000));
        headers['x-warden-timestamp'] = timestamp;
        headers['x-warden-signature'] = signWebhook(await ctx.secrets.reveal(params.secret), timestamp, body);
      }
      await deliver(http, { notifier: 'cloud.webhook', url, body, headers, timeoutMs: params.timeout, retries: params.retries }, ctx);
    },
  };
}
