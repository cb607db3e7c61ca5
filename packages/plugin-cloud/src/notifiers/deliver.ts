import { type HookContext, WardenError } from '@warden/core';
import type { HttpTransport } from '../transport/http-transport.js';
import type { HttpResponse } from '../transport/request.js';

/** One notifier delivery. */
export interface Delivery {
  /** Notifier name, for messages. */
  notifier: string;
  /** Target URL (may hold a token: it is never printed). */
  url: string;
  /** JSON or text body. */
  body: string;
  /** Headers. */
  headers: Record<string, string>;
  /** Deadline per attempt. */
  timeoutMs: number;
  /** Retries (with backoff, honouring Retry-After). */
  retries: number;
  /** Whether the response is a success. @defaultValue any 2xx */
  accept?: (response: HttpResponse) => boolean;
}

/**
 * POSTs a notification with retries — at least once: the webhook and PagerDuty carry a dedup
 * key their receivers use, while Slack, which has none, may show a retried message twice — and turns a
 * final failure into a `WardenError` naming the notifier and the host only, never the full
 * URL, which often is the credential (Slack, webhooks with tokens).
 *
 * @param http - the transport
 * @param delivery - what to send
 * @param ctx - signal, clock, scrubbing
 * @returns the accepted response
 * @throws WardenError `ERR_AUTH` (401/403), `ERR_CONFIG_INVALID` (400/404/410), `ERR_PROTOCOL`, or the transport's error
 */
export async function deliver(http: HttpTransport, delivery: Delivery, ctx: HookContext): Promise<HttpResponse> {
  const url = new URL(delivery.url);
  const where = `${delivery.notifier} to ${url.host}`;
  let response: HttpResponse;
  try {
    response = await http.request({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...delivery.headers },
      body: delivery.body,
      signal: ctx.signal,
      timeoutMs: delivery.timeoutMs,
      clock: ctx.clock,
      maxBodyBytes: 64 * 1024,
      retry: {
        retries: delivery.retries,
        idempotent: true,
        onRetry: (e) => ctx.logger.warn({ attempt: e.attempt, delayMs: e.delayMs, reason: e.reason }, `${where}: retrying`),
      },
    });
  } catch (err) {
    const code = err instanceof WardenError ? err.code : 'ERR_UNREACHABLE';
    throw new WardenError(
      code,
      `${where} failed: ${ctx.secrets.scrub(err instanceof Error ? err.message : String(err)).replace(url.pathname, '/…')}`,
      {
        cause: err,
      },
    );
  }
  const accepted = delivery.accept ? delivery.accept(response) : response.status >= 200 && response.status < 300;
  if (accepted) return response;
  const answer = ctx.secrets.scrub(response.body.toString('utf8').slice(0, 300));
  const status = response.status;
  const code = status === 401 || status === 403 ? 'ERR_AUTH' : [400, 404, 410].includes(status) ? 'ERR_CONFIG_INVALID' : 'ERR_PROTOCOL';
  const hint = code === 'ERR_AUTH' ? '; check the token or URL' : code === 'ERR_CONFIG_INVALID' ? '; check the notifier params' : '';
  throw new WardenError(code, `${where} refused: status ${status} ${JSON.stringify(answer)}${hint}`);
}
