import type { Dispatcher } from 'undici';
import { cancelledError, endpointOf, HttpError, networkError } from './errors.js';
import type { PoolRegistry, TlsPeer, TlsSettings } from './pools.js';

/** One HTTP request as the plugin makes it. */
export interface HttpRequest {
  /** Absolute `http:` or `https:` URL. */
  url: string | URL;
  /** @defaultValue `'GET'` */
  method?: string | undefined;
  /** Request headers (lower- or mixed-case names). */
  headers?: Record<string, string> | undefined;
  /** Request body. */
  body?: string | Uint8Array | undefined;
  /** Cancels the request (the job's signal). */
  signal?: AbortSignal | undefined;
  /** Deadline for the whole exchange, from dispatch to the last body byte. */
  timeoutMs?: number | undefined;
  /** Body bytes kept; the rest is read and dropped (`truncated` says so). @defaultValue 16 MiB */
  maxBodyBytes?: number | undefined;
  /** TLS settings (verification on by default). */
  tls?: TlsSettings | undefined;
}

/** Where the time of one exchange went, in milliseconds. */
export interface HttpTimings {
  /** Dispatch until the request was written: waiting for a connection, TCP and TLS when a new one was opened. */
  connectMs: number;
  /** Request written until the response headers arrived (server time, time to first byte). */
  waitMs: number;
  /** Headers until the last body byte. */
  transferMs: number;
  /** The whole exchange. */
  totalMs: number;
}

/** A response, read to the end. */
export interface HttpResponse {
  /** The URL requested. */
  url: URL;
  /** HTTP status code. */
  status: number;
  /** Reason phrase. */
  statusText: string;
  /** Response headers, lower-case names. */
  headers: Record<string, string | string[] | undefined>;
  /** The body (at most `maxBodyBytes`). */
  body: Buffer;
  /** Whether the body was longer than `maxBodyBytes`. */
  truncated: boolean;
  /** Phase timings. */
  timings: HttpTimings;
  /** The last TLS handshake of the pool that served it (https only). */
  tls: TlsPeer | undefined;
}

/** Timer seam: backoff waits run on the job's clock (a manual clock in tests). */
export interface TimerSource {
  /** Calls `fn` once after `delayMs`; returns a cancel handle. */
  setTimer(fn: () => void, delayMs: number): { cancel(): void };
}

const DEFAULT_MAX_BODY = 16 * 1024 * 1024;

/**
 * Real-time timers (unref'd). Network deadlines use these: a socket waits in real time whatever
 * clock the job runs on.
 */
export const realTimers: TimerSource = {
  setTimer(fn, delayMs) {
    const timer = setTimeout(fn, Math.max(0, delayMs));
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

/**
 * Makes one HTTP exchange through the pool for the URL's origin, reading the whole body.
 * Settles at once when the signal fires or the deadline passes (the in-flight request is
 * aborted as soon as undici hands over its controller).
 *
 * @param pools - the pool registry
 * @param request - what to send
 * @param timers - where deadline timers come from @defaultValue real time
 * @returns the response, whatever its status
 * @throws HttpError `ERR_TIMEOUT`, `ERR_UNREACHABLE`, `ERR_PROTOCOL` (TLS) or `ERR_ABORTED`
 */
export function sendOnce(pools: PoolRegistry, request: HttpRequest, timers: TimerSource = realTimers): Promise<HttpResponse> {
  const url = typeof request.url === 'string' ? new URL(request.url) : request.url;
  const method = (request.method ?? 'GET').toUpperCase();
  // Built on first use: most requests never need it.
  let endpointText: string | undefined;
  const endpointName = (): string => {
    endpointText ??= endpointOf(method, url);
    return endpointText;
  };
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    const endpoint = endpointName();
    return Promise.reject(new HttpError('ERR_CONFIG_INVALID', `${endpoint}: only http: and https: URLs are supported`, { endpoint }));
  }
  const signal = request.signal;
  if (signal?.aborted) return Promise.reject(cancelledError(endpointName()));
  const entry = pools.get(url.origin, url.protocol === 'https:' ? request.tls : undefined);
  const maxBody = request.maxBodyBytes ?? DEFAULT_MAX_BODY;

  return new Promise<HttpResponse>((resolve, reject) => {
    const started = performance.now();
    let writtenAt = started;
    let headersAt = started;
    let status = 0;
    let statusText = '';
    let headers: HttpResponse['headers'] = {};
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    let controller: Dispatcher.DispatchController | undefined;
    let failure: HttpError | undefined;

    const settle = (err: HttpError | undefined, response?: HttpResponse): void => {
      if (failure !== undefined || settledOk) return;
      deadline?.cancel();
      signal?.removeEventListener('abort', onAbort);
      if (err) {
        failure = err;
        controller?.abort(err);
        reject(err);
      } else if (response) {
        settledOk = true;
        resolve(response);
      }
    };
    let settledOk = false;
    const onAbort = (): void => settle(cancelledError(endpointName()));
    signal?.addEventListener('abort', onAbort, { once: true });
    const deadline =
      request.timeoutMs === undefined
        ? undefined
        : timers.setTimer(() => settle(cancelledError(endpointName(), request.timeoutMs)), request.timeoutMs);

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(ctrl) {
        controller = ctrl;
        writtenAt = performance.now();
        if (failure) ctrl.abort(failure);
      },
      onResponseStart(_ctrl, statusCode, responseHeaders, statusMessage) {
        if (statusCode < 200) return;
        headersAt = performance.now();
        status = statusCode;
        statusText = statusMessage ?? '';
        headers = responseHeaders as HttpResponse['headers'];
      },
      onResponseData(_ctrl, chunk) {
        if (size >= maxBody) {
          truncated = true;
          return;
        }
        const room = maxBody - size;
        const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
        if (kept.length < chunk.length) truncated = true;
        chunks.push(kept);
        size += kept.length;
      },
      onResponseEnd() {
        const ended = performance.now();
        settle(undefined, {
          url,
          status,
          statusText,
          headers,
          body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size),
          truncated,
          timings: {
            connectMs: writtenAt - started,
            waitMs: headersAt - writtenAt,
            transferMs: ended - headersAt,
            totalMs: ended - started,
          },
          tls: entry.lastTls,
        });
      },
      onResponseError(_ctrl, err) {
        settle(networkError(err, endpointName()));
      },
    };

    try {
      entry.pool.dispatch(
        {
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: method as Dispatcher.HttpMethod,
          headers: request.headers ?? {},
          body: request.body ?? null,
        },
        handler,
      );
    } catch (err) {
      settle(networkError(err, endpointName()));
    }
  });
}
