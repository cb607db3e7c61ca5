import { type ErrorCode, WardenError } from '@warden/core';

/**
 * A failed HTTP exchange: a {@link WardenError} that also says which endpoint failed, the
 * HTTP status when there was one, and whether trying again could help.
 */
export class HttpError extends WardenError {
  /** `METHOD origin/path` of the request that failed (no query string: it may hold tokens). */
  readonly endpoint: string;
  /** The HTTP status, when a response arrived. */
  readonly status: number | undefined;
  /** Whether a retry could succeed (network failure, 5xx, throttling). */
  readonly retryable: boolean;

  /**
   * @param code - stable Warden error code
   * @param message - what failed, where, and what to do
   * @param details - endpoint, status, retryability and cause
   */
  constructor(
    code: ErrorCode,
    message: string,
    details: { endpoint: string; status?: number | undefined; retryable?: boolean; cause?: unknown },
  ) {
    super(code, message, details.cause === undefined ? {} : { cause: details.cause });
    this.endpoint = details.endpoint;
    this.status = details.status;
    this.retryable = details.retryable ?? false;
  }
}

/**
 * Names an endpoint for messages: method, origin and path, without the query string.
 *
 * @param method - HTTP method
 * @param url - the request URL
 * @returns e.g. `GET https://api.example.com/v1/items`
 */
export function endpointOf(method: string, url: URL): string {
  return `${method} ${url.origin}${url.pathname}`;
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME']);
// OpenSSL verification failures as Node reports them.
const TLS_CODES = /^(CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH)/;

/**
 * Translates a network-level failure (undici or Node socket error) into an {@link HttpError}
 * with a stable code: timeouts → `ERR_TIMEOUT`; refused, reset, unresolvable → `ERR_UNREACHABLE`;
 * certificate or TLS failures → `ERR_PROTOCOL` (never retried: trying again will not fix a
 * certificate).
 *
 * @param err - what undici threw
 * @param endpoint - the endpoint, for the message
 * @returns the coded error
 */
export function networkError(err: unknown, endpoint: string): HttpError {
  if (err instanceof HttpError) return err;
  const code = String((err as { code?: unknown })?.code ?? '');
  const text = err instanceof Error ? err.message : String(err);
  if (TIMEOUT_CODES.has(code)) {
    const phase = code === 'UND_ERR_CONNECT_TIMEOUT' ? 'connect' : code === 'UND_ERR_BODY_TIMEOUT' ? 'body' : 'response headers';
    return new HttpError('ERR_TIMEOUT', `${endpoint}: timed out waiting for ${phase}`, { endpoint, retryable: true, cause: err });
  }
  if (TLS_CODES.test(code)) {
    return new HttpError(
      'ERR_PROTOCOL',
      `${endpoint}: TLS failed (${code}: ${text}); check the server certificate or give the CA with tls.ca`,
      { endpoint, cause: err },
    );
  }
  if (DNS_CODES.has(code)) {
    return new HttpError('ERR_UNREACHABLE', `${endpoint}: cannot resolve the host (${code})`, {
      endpoint,
      retryable: code === 'EAI_AGAIN',
      cause: err,
    });
  }
  const what = code ? `${code}: ${text}` : text;
  return new HttpError('ERR_UNREACHABLE', `${endpoint}: ${what}`, { endpoint, retryable: true, cause: err });
}

/**
 * The error for a request given up because its signal fired or its deadline passed.
 *
 * @param endpoint - the endpoint
 * @param deadlineMs - the deadline, when that was the reason
 * @returns an `ERR_TIMEOUT` or `ERR_ABORTED` error
 */
export function cancelledError(endpoint: string, deadlineMs?: number): HttpError {
  return deadlineMs === undefined
    ? new HttpError('ERR_ABORTED', `${endpoint}: aborted`, { endpoint })
    : new HttpError('ERR_TIMEOUT', `${endpoint}: no complete response within ${deadlineMs} ms`, { endpoint, retryable: true });
}
