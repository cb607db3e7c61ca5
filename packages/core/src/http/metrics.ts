import type { IncomingMessage } from 'node:http';
import type { Warden } from '../warden/types.js';
import { toOpenMetrics } from './openmetrics.js';
import { parseMetricsOptions } from './options.js';
import { rejectUnlessRead, send } from './respond.js';
import type { MetricsHandlerOptions, NodeHandler } from './types.js';

/** `Content-Type` of Prometheus text format 0.0.4. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** `Content-Type` of OpenMetrics 1.0.0. */
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

/**
 * Whether the `Accept` header prefers OpenMetrics: it names `application/openmetrics-text`
 * with a quality at least that of every text/plain or wildcard entry.
 *
 * @param accept - the `Accept` header
 * @returns true for OpenMetrics, false for Prometheus text
 */
export function wantsOpenMetrics(accept: string | undefined): boolean {
  if (!accept) return false;
  let open = -1;
  let plain = -1;
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    if (!Number.isFinite(quality)) continue;
    if (type.trim() === 'application/openmetrics-text') open = Math.max(open, quality);
    else if (type.trim() === 'text/plain' || type.trim() === '*/*' || type.trim() === 'text/*') plain = Math.max(plain, quality);
  }
  return open > 0 && open >= plain;
}

/**
 * A `(req, res)` metrics endpoint for Prometheus: the newest value of every series, as
 * Prometheus text 0.0.4, or OpenMetrics 1.0.0 when the `Accept` header prefers
 * `application/openmetrics-text`. `?asset=<id>` limits it to one asset's series. Series with no
 * sample for `staleAfter` are dropped from the store first, so a removed asset or a gone
 * interface stops being exported. Reads the store only; never runs a collector.
 *
 * @param warden - the Warden whose samples to expose
 * @param options - staleness
 * @returns the handler
 * @throws WardenError `ERR_CONFIG_INVALID` for invalid options
 * @example
 * ```ts
 * http.createServer(metricsHandler(warden)).listen(9464, '127.0.0.1');
 * ```
 */
export function metricsHandler(warden: Warden, options: MetricsHandlerOptions = {}): NodeHandler {
  const { staleAfter } = parseMetricsOptions(options, 'metricsHandler() options');
  return (req, res) => {
    if (rejectUnlessRead(req, res)) return;
    if (staleAfter !== false) warden.metrics.dropStale(staleAfter);
    const asset = assetParam(req);
    const text = warden.metrics.exposition(asset === undefined ? {} : { asset });
    if (wantsOpenMetrics(header(req.headers.accept))) send(req, res, 200, OPENMETRICS_CONTENT_TYPE, toOpenMetrics(text));
    else send(req, res, 200, PROMETHEUS_CONTENT_TYPE, text);
  };
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

function assetParam(req: IncomingMessage): string | undefined {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const asset = url.searchParams.get('asset');
  return asset === null || asset === '' ? undefined : asset;
}
