import {
  type CheckResult,
  type CheckStatus,
  evaluateThresholds,
  type HookContext,
  type ProbeDefinition,
  type Sample,
  worstStatus,
} from '@warden/core';
import { z } from 'zod';
import { certExpirySchema, resolveTls, thresholdParam, timeoutParam, tlsParamsSchema } from '../params.js';
import { HttpError } from '../transport/errors.js';
import type { HttpTransport } from '../transport/http-transport.js';
import type { HttpResponse } from '../transport/request.js';
import { type HttpExpectations, judgeBody, judgeCertExpiry, judgeStatus, type Verdict } from './http-judge.js';
import { errorResult } from './results.js';

const regexParam = z.string().transform((source, ctx) => {
  try {
    return new RegExp(source);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `not a regular expression: ${(err as Error).message}` });
    return z.NEVER;
  }
});

/** Params of `cloud.http`. */
export const httpParamsSchema = z.strictObject({
  /** URL to request; may use asset macros (`https://{address}/health`). */
  url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }),
  /** @defaultValue `'GET'` */
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']).default('GET'),
  /** Request headers. */
  headers: z.record(z.string().min(1), z.string()).optional(),
  /** Request body. */
  body: z.string().optional(),
  /** What the response must look like. Without `status`: 5xx critical, 4xx warning (as check_http). */
  expect: z
    .strictObject({
      /** Accepted statuses: `200`, `[200, 204]`, `'2xx'`. A mismatch is critical. */
      status: z
        .union([z.number().int().min(100).max(599), z.string().regex(/^([1-5]xx|[1-5]\d\d)$/, "a status such as 200 or '2xx'")])
        .or(z.array(z.union([z.number().int().min(100).max(599), z.string().regex(/^([1-5]xx|[1-5]\d\d)$/)])).min(1))
        .transform((v) => (Array.isArray(v) ? v : [v]))
        .optional(),
      /** A regular expression the body must match; a miss is critical. */
      body: regexParam.optional(),
      /** A JSON path the body must hold (`'$.status'`, truthy), or `{ path, equals?, matches? }`. */
      json: z
        .union([
          z
            .string()
            .min(1)
            .transform((path) => ({
              /** A JSON path into the body. */
              path,
            })),
          z.strictObject({
            /** A JSON path into the body (`$.status`, `$.items[0].state`). */
            path: z.string().min(1),
            /** The value there must equal this. */
            equals: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
            /** The value there, as text, must match this regular expression. */
            matches: regexParam.optional(),
          }),
        ])
        .optional(),
    })
    .optional(),
  /** TLS: extra CA, client certificate and key, verification (on by default). */
  tls: tlsParamsSchema.optional(),
  /** Certificate-expiry thresholds for https (`{ warn: '14d', crit: '7d' }`). */
  certExpiry: certExpirySchema.optional(),
  /** Warning threshold on the total response time in seconds (`'>1'`). */
  warn: thresholdParam.optional(),
  /** Critical threshold on the total response time in seconds (`'>5'`). */
  crit: thresholdParam.optional(),
  /** Redirects followed (0: a 3xx is the answer). A loop is critical, too many is a warning. @defaultValue 5 */
  redirects: z.number().int().min(0).max(30).default(5),
  /** Whole-check deadline, redirects included. @defaultValue `'10s'` */
  timeout: timeoutParam.default(10_000),
  /** Retries on network failure, 429 and 503; checks usually rely on `attempts` instead. @defaultValue 0 */
  retries: z.number().int().min(0).max(10).default(0),
  /** Body bytes read for matching. @defaultValue 1 MiB */
  maxBodyBytes: z
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
});

/** Params of `cloud.http` as a check gives them. */
export type CloudHttpParamsInput = z.input<typeof httpParamsSchema>;
/** Params of `cloud.http` after validation. */
export type CloudHttpParams = z.output<typeof httpParamsSchema>;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const secondsText = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;

interface Hop {
  method: string;
  url: URL;
  body: string | undefined;
  headers: Record<string, string>;
}

function nextHop(hop: Hop, response: HttpResponse): Hop | string {
  const location = response.headers.location;
  const target = Array.isArray(location) ? location[0] : location;
  if (!target) return `status ${response.status} without a Location header`;
  let url: URL;
  try {
    url = new URL(target, hop.url);
  } catch {
    return `status ${response.status} with an unreadable Location ${JSON.stringify(target.slice(0, 200))}`;
  }
  const toGet = response.status === 303 || ((response.status === 301 || response.status === 302) && hop.method === 'POST');
  const headers = { ...hop.headers };
  if (url.origin !== hop.url.origin) {
    // Credentials are for the origin they were given for.
    for (const name of Object.keys(headers)) if (/^(authorization|cookie)$/i.test(name)) delete headers[name];
  }
  return { method: toGet ? 'GET' : hop.method, url, body: toGet ? undefined : hop.body, headers };
}

function samplesOf(response: HttpResponse, method: string, totalMs: number): Sample[] {
  const labels = { method, server: response.url.host, status: String(response.status) };
  const t = response.timings;
  return [
    { name: 'http.client.request.duration', value: totalMs / 1000, unit: 's', labels },
    { name: 'cloud.http.phase.duration', value: t.connectMs / 1000, unit: 's', labels: { server: response.url.host, phase: 'connect' } },
    { name: 'cloud.http.phase.duration', value: t.waitMs / 1000, unit: 's', labels: { server: response.url.host, phase: 'wait' } },
    { name: 'cloud.http.phase.duration', value: t.transferMs / 1000, unit: 's', labels: { server: response.url.host, phase: 'transfer' } },
    { name: 'http.client.response.body.size', value: response.body.length, unit: 'By', labels },
  ];
}

/**
 * Creates the `cloud.http` probe: one HTTP(S) exchange (following redirects), judged as
 * check_http judges it — 5xx critical and 4xx warning unless `expect.status` says otherwise,
 * body regex and JSON path misses critical, response-time `warn`/`crit` in seconds,
 * certificate expiry `certExpiry: { warn: '14d', crit: '7d' }`, redirect loops critical.
 * Samples: `http.client.request.duration` (s), `cloud.http.phase.duration` (s, `phase`:
 * connect, wait, transfer), `http.client.response.body.size` (By) and, for https,
 * `tls.certificate.time_left` (s).
 *
 * @param http - the plugin's transport
 * @returns the probe definition
 * @example
 * ```ts
 * warden.check({ id: 'api', assets: { ids: ['api'] }, probe: 'cloud.http', every: '1m',
 *   params: { url: 'https://{address}/health', expect: { status: '2xx', json: { path: '$.status', equals: 'ok' } },
 *     certExpiry: { warn: '14d', crit: '7d' }, warn: '>1', crit: '>5' } });
 * ```
 */
export function httpProbe(http: HttpTransport): ProbeDefinition<CloudHttpParams> {
  return {
    name: 'http',
    description: 'Requests a URL and judges status, body, JSON, latency and certificate expiry',
    params: httpParamsSchema,
    async run(_asset, params, ctx) {
      return runHttpProbe(http, params, ctx);
    },
  };
}

async function runHttpProbe(http: HttpTransport, params: CloudHttpParams, ctx: HookContext): Promise<CheckResult> {
  const started = performance.now();
  const deadline = started + params.timeout;
  const tls = params.tls ? await resolveTls(params.tls, (s) => ctx.secrets.reveal(s)) : undefined;
  let hop: Hop = { method: params.method, url: new URL(params.url), body: params.body, headers: { ...params.headers } };
  const chain: string[] = [];
  const seen = new Set<string>();
  let response: HttpResponse;
  let redirectProblem: Verdict | undefined;
  for (;;) {
    seen.add(`${hop.method} ${hop.url.href}`);
    try {
      response = await http.request({
        url: hop.url,
        method: hop.method,
        headers: hop.headers,
        body: hop.body,
        signal: ctx.signal,
        timeoutMs: Math.max(1, deadline - performance.now()),
        maxBodyBytes: params.maxBodyBytes,
        tls,
        clock: ctx.clock,
        retry: { retries: params.retries },
      });
    } catch (err) {
      if (err instanceof HttpError && err.code === 'ERR_TIMEOUT' && performance.now() >= deadline - 1) {
        return {
          status: 'critical',
          summary: `${err.endpoint}: no complete response within ${secondsText(params.timeout)}`,
          code: 'ERR_TIMEOUT',
        };
      }
      return errorResult(err, ctx);
    }
    if (!REDIRECTS.has(response.status) || params.redirects === 0) break;
    const next = nextHop(hop, response);
    if (typeof next === 'string') {
      redirectProblem = { status: 'warning', reason: next };
      break;
    }
    chain.push(`${response.status} → ${next.url.href}`);
    if (seen.has(`${next.method} ${next.url.href}`)) {
      redirectProblem = { status: 'critical', reason: `redirect loop: ${next.url.href} was already visited`, code: 'ERR_PROTOCOL' };
      break;
    }
    if (chain.length > params.redirects) {
      redirectProblem = { status: 'warning', reason: `more than ${params.redirects} redirects` };
      break;
    }
    hop = next;
  }

  const totalMs = performance.now() - started;
  const verdicts: Verdict[] = [];
  if (redirectProblem) verdicts.push(redirectProblem);
  else {
    verdicts.push(judgeStatus(response.status, params.expect?.status));
    if (params.method !== 'HEAD') verdicts.push(judgeBody(response.body.toString('utf8'), (params.expect ?? {}) as HttpExpectations));
  }
  const latency = evaluateThresholds(totalMs / 1000, { warn: params.warn, crit: params.crit });
  if (latency !== 'ok')
    verdicts.push({
      status: latency,
      reason: `response time ${secondsText(totalMs)} (${latency === 'critical' ? params.crit : params.warn} s)`,
    });
  const samples = samplesOf(response, hop.method, totalMs);
  let certNote = '';
  if (response.url.protocol === 'https:' && response.tls?.certificate.valid_to) {
    const notAfter = Date.parse(response.tls.certificate.valid_to);
    const left = notAfter - ctx.clock.now();
    samples.push({ name: 'tls.certificate.time_left', value: left / 1000, unit: 's', labels: { server: response.url.host } });
    if (params.certExpiry) {
      const verdict = judgeCertExpiry(notAfter, ctx.clock.now(), params.certExpiry);
      if (verdict.status !== 'ok') verdicts.push(verdict);
      else certNote = `, ${verdict.reason}`;
    }
  } else if (params.certExpiry) {
    verdicts.push({ status: 'unknown', reason: 'certExpiry given but the final URL is not https' });
  }
  const status: CheckStatus = worstStatus(verdicts.map((v) => v.status));
  const reasons = verdicts.filter((v) => v.status !== 'ok' && v.reason).map((v) => v.reason);
  const code = verdicts.find((v) => v.status === status && v.code)?.code;
  const line = `${hop.method} ${response.url.href} → ${response.status} ${response.statusText}, ${response.body.length}${response.truncated ? '+' : ''} bytes in ${secondsText(totalMs)}`;
  const summary = `HTTP ${status.toUpperCase()}: ${reasons.length ? `${reasons.join('; ')} — ` : ''}${line}${certNote}`;
  return {
    status,
    summary,
    samples,
    ...(chain.length ? { details: `redirects:\n${chain.map((c) => `  ${c}`).join('\n')}` } : {}),
    ...(code ? { code } : {}),
  };
}
