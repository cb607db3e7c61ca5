import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** What {@link getJson} returns: the HTTP status and the parsed body (undefined when not JSON). */
export interface JsonResponse {
  /** HTTP status code. */
  status: number;
  /** The body parsed as JSON, or undefined when it was not JSON. */
  body: unknown;
}

/** Why a request failed before an HTTP status arrived. */
export type TransportFailure = { kind: 'aborted' } | { kind: 'timeout' } | { kind: 'network'; code: string };

/** A request that failed before an HTTP status arrived. */
export class TransportError extends Error {
  /** What went wrong. */
  readonly failure: TransportFailure;

  /**
   * @param failure - what went wrong
   * @param cause - the socket error, if any
   */
  constructor(failure: TransportFailure, cause?: unknown) {
    super(failure.kind === 'network' ? failure.code : failure.kind, cause === undefined ? undefined : { cause });
    this.name = 'TransportError';
    this.failure = failure;
  }
}

const MAX_BODY = 1 << 20;

/**
 * GETs a URL and parses the JSON answer. One connection per request (`agent: false`): the PDU
 * is polled every 30 s or so, so a pooled connection would sit idle, and on abort or timeout
 * the socket is destroyed at once — nothing stays open after Warden stops.
 *
 * @param url - http: or https: URL
 * @param headers - request headers
 * @param signal - aborts the request
 * @param timeoutMs - gives up after this long
 * @returns the status and parsed body
 * @throws TransportError on abort, timeout or a socket error
 */
export function getJson(url: URL, headers: Record<string, string>, signal: AbortSignal, timeoutMs: number): Promise<JsonResponse> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new TransportError({ kind: 'aborted' }));
    let failure: TransportFailure | undefined;
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method: 'GET', headers, agent: false });
    const fail = (why: TransportFailure) => {
      failure ??= why;
      request.destroy();
    };
    const onAbort = () => fail({ kind: 'aborted' });
    const timer = setTimeout(() => fail({ kind: 'timeout' }), timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    };
    request.on('error', (err: NodeJS.ErrnoException) => {
      done();
      reject(new TransportError(failure ?? { kind: 'network', code: err.code ?? err.message }, err));
    });
    request.on('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY) fail({ kind: 'network', code: `answer larger than ${MAX_BODY} bytes` });
        else chunks.push(chunk);
      });
      response.on('error', () => {}); // reported through the request's 'error'
      response.on('end', () => {
        done();
        resolve({ status: response.statusCode ?? 0, body: parse(Buffer.concat(chunks).toString('utf8')) });
      });
    });
    request.end();
  });
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
