import { cancelledError, endpointOf, HttpError } from './errors.js';
import type { HttpResponse, TimerSource } from './request.js';

/** How a request is retried. */
export interface RetryOptions {
  /** Retries after the first attempt. @defaultValue 3 for the transport's callers, 0 for probes */
  retries?: number | undefined;
  /** First backoff step; doubles each attempt. @defaultValue 200 ms */
  baseDelayMs?: number | undefined;
  /** Longest computed backoff. @defaultValue 20 000 ms */
  maxDelayMs?: number | undefined;
  /** Longest `Retry-After` honoured; a longer one ends the retries. @defaultValue 60 000 ms */
  maxRetryAfterMs?: number | undefined;
  /**
   * Whether repeating the request is safe. 5xx answers and network failures are retried only
   * then; 429 and 503 (the server did not act) and throttling always are.
   * @defaultValue true for GET, HEAD, OPTIONS, PUT, DELETE
   */
  idempotent?: boolean | undefined;
  /**
   * Provider-specific reading of a response: `'throttle'` for throttling codes sent with other
   * statuses (AWS `RequestLimitExceeded` on 400/503), `'retry'` for other transient faults.
   */
  classify?: ((response: HttpResponse) => 'throttle' | 'retry' | undefined) | undefined;
  /** Called before each wait, for logs. */
  onRetry?: ((event: RetryEvent) => void) | undefined;
  /** Random source in [0, 1) for jitter. @defaultValue Math.random */
  random?: (() => number) | undefined;
}

/** What {@link RetryOptions.onRetry} is told. */
export interface RetryEvent {
  /** The attempt that failed (1-based). */
  attempt: number;
  /** How long the next attempt waits. */
  delayMs: number;
  /** Why it is retried: `status 503`, `throttled`, `ERR_UNREACHABLE`. */
  reason: string;
  /** The endpoint. */
  endpoint: string;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/**
 * Reads a `Retry-After` header: delay-seconds or an HTTP date.
 *
 * @param value - the header value
 * @param now - current time in ms since the epoch (for dates)
 * @returns milliseconds to wait, or undefined when absent or unreadable
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Exponential backoff with full jitter: a random delay in [0, min(max, base × 2^(attempt−1))].
 *
 * @param attempt - the attempt that failed (1-based)
 * @param options - base and cap
 * @param random - random source in [0, 1)
 * @returns milliseconds to wait
 */
export function backoffDelay(attempt: number, options: RetryOptions, random: () => number): number {
  const base = options.baseDelayMs ?? 200;
  const cap = options.maxDelayMs ?? 20_000;
  return Math.floor(random() * Math.min(cap, base * 2 ** (attempt - 1)));
}

/**
 * Waits `ms`, ending early with `ERR_ABORTED` when the signal fires.
 *
 * @param ms - delay
 * @param timers - timer source
 * @param signal - cancels the wait
 * @param endpoint - for the error message
 * @returns after the delay
 * @throws HttpError `ERR_ABORTED`
 */
export function sleep(ms: number, timers: TimerSource, signal: AbortSignal | undefined, endpoint: string): Promise<void> {
  if (signal?.aborted) return Promise.reject(cancelledError(endpoint));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      timer.cancel();
      reject(cancelledError(endpoint));
    };
    const timer = timers.setTimer(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** What the retry loop needs to know about the request. */
export interface RetryTarget {
  /** Method, for idempotency. */
  method: string;
  /** URL, for messages. */
  url: URL;
  /** Cancels waits. */
  signal?: AbortSignal | undefined;
}

/**
 * Runs `attempt` until it gives a response that needs no retry, honouring `Retry-After` on
 * 429/503 and throttling, backing off exponentially with jitter otherwise.
 *
 * @param target - method, URL and signal
 * @param options - retry policy
 * @param timers - timer and clock source
 * @param now - the current time (for HTTP-date `Retry-After`)
 * @param attempt - makes one attempt
 * @returns the last response (the caller judges its status)
 * @throws HttpError the last network error, or `ERR_ABORTED`
 */
export async function withRetries(
  target: RetryTarget,
  options: RetryOptions,
  timers: TimerSource,
  now: () => number,
  attempt: () => Promise<HttpResponse>,
): Promise<HttpResponse> {
  const retries = options.retries ?? 3;
  const idempotent = options.idempotent ?? IDEMPOTENT.has(target.method.toUpperCase());
  const random = options.random ?? Math.random;
  for (let tries = 1; ; tries++) {
    let delay: number | undefined;
    let reason: string;
    try {
      const response = await attempt();
      const kind = options.classify?.(response);
      const throttled = kind === 'throttle' || response.status === 429 || response.status === 503;
      const transient = kind === 'retry' || (response.status >= 500 && idempotent);
      if (tries > retries || !(throttled || transient)) return response;
      reason = kind === 'throttle' ? 'throttled' : `status ${response.status}`;
      const after = parseRetryAfter(response.headers['retry-after'], now());
      if (after !== undefined) {
        if (after > (options.maxRetryAfterMs ?? 60_000)) return response;
        delay = after;
      }
    } catch (err) {
      const retryable = err instanceof HttpError && err.retryable && err.code !== 'ERR_ABORTED' && idempotent;
      if (tries > retries || !retryable || target.signal?.aborted) throw err;
      reason = err.code;
    }
    delay ??= backoffDelay(tries, options, random);
    const endpoint = endpointOf(target.method.toUpperCase(), target.url);
    options.onRetry?.({ attempt: tries, delayMs: delay, reason, endpoint });
    await sleep(delay, timers, target.signal, endpoint);
  }
}
