import type { Clock } from '@warden/core';
import { createPoolRegistry, type PoolSettings } from './pools.js';
import { type HttpRequest, type HttpResponse, sendOnce } from './request.js';
import { type RetryOptions, withRetries } from './retry.js';

/** A request with its retry policy. */
export interface TransportRequest extends HttpRequest {
  /** Retry policy; `{ retries: 0 }` for none. @defaultValue the transport's */
  retry?: RetryOptions | undefined;
  /** The clock for backoff waits and `Retry-After` dates (the job's); deadlines run in real time. @defaultValue the transport's */
  clock?: Clock | undefined;
  /**
   * Builds the headers anew before each attempt, replacing `headers` (a signature that carries
   * the time it was made, so a retry after a long backoff is not refused as stale).
   */
  headersPerAttempt?: (() => Record<string, string>) | undefined;
}

/** Options of {@link createHttpTransport}. */
export interface HttpTransportOptions extends PoolSettings {
  /** Default retry policy. @defaultValue 3 retries, 200 ms base, 20 s cap */
  retry?: RetryOptions | undefined;
  /** Clock used when a request brings none. @defaultValue the system clock */
  clock?: Clock | undefined;
}

/** The plugin's HTTP client: pooled per origin, retrying, cancellable. */
export interface HttpTransport {
  /**
   * Sends a request, retrying per its policy, and reads the whole response.
   *
   * @param request - what to send
   * @returns the last response, whatever its status
   * @throws HttpError `ERR_TIMEOUT`, `ERR_UNREACHABLE`, `ERR_PROTOCOL` or `ERR_ABORTED`
   */
  request(request: TransportRequest): Promise<HttpResponse>;
  /** Closes every pool; idempotent. */
  close(): Promise<void>;
  /** Open pools (one per origin and TLS setting). */
  readonly poolCount: number;
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, delayMs) {
    const timer = setTimeout(fn, Math.max(0, delayMs));
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

/**
 * Creates the HTTP transport every part of the cloud plugin uses: one undici pool per origin
 * (and TLS setting) with connect/headers/body timeouts, retries with exponential backoff and
 * jitter that honour `Retry-After`, and cancellation by `AbortSignal`.
 *
 * @param options - pool timeouts, default retry policy, clock
 * @returns the transport; call `close()` when done
 * @example
 * ```ts
 * const http = createHttpTransport({ connectTimeoutMs: 5000 });
 * const res = await http.request({ url: 'https://example.com/health', signal, timeoutMs: 10_000 });
 * await http.close();
 * ```
 */
export function createHttpTransport(options: HttpTransportOptions = {}): HttpTransport {
  const pools = createPoolRegistry(options);
  const defaultClock = options.clock ?? realClock;
  return {
    request(request) {
      const clock = request.clock ?? defaultClock;
      const url = typeof request.url === 'string' ? new URL(request.url) : request.url;
      const send = { ...request, url };
      return withRetries(
        { method: request.method ?? 'GET', url, signal: request.signal },
        { ...options.retry, ...request.retry },
        clock,
        () => clock.now(),
        () => sendOnce(pools, request.headersPerAttempt ? { ...send, headers: request.headersPerAttempt() } : send),
      );
    },
    close: () => pools.close(),
    get poolCount() {
      return pools.size;
    },
  };
}
