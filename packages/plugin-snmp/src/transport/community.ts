import { randomInt } from 'node:crypto';
import type { RemoteInfo } from 'node:dgram';
import { type CommunityResponse, decodeResponse, encodeRequest, type RequestTag } from './ber.js';

/** The agent answered with a non-zero error-status (named as net-snmp names it, for one error mapping). */
export class RequestFailedError extends Error {
  override readonly name = 'RequestFailedError';

  /**
   * @param message - what the agent said
   * @param status - the error-status
   */
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** No answer within the request's timeout (named as net-snmp names it). */
export class RequestTimedOutError extends Error {
  override readonly name = 'RequestTimedOutError';
}

/** One community-based request: where it goes and what it asks. */
export interface CommunityRequest {
  /** The agent's IPv4 address. */
  host: string;
  /** The agent's UDP port. */
  port: number;
  /** 0 for v1, 1 for v2c. */
  version: 0 | 1;
  /** The community, as bytes. */
  community: Buffer;
  /** GET, GETNEXT or GETBULK. */
  tag: RequestTag;
  /** The OIDs asked for. */
  oids: readonly string[];
  /** GETBULK non-repeaters. */
  nonRepeaters?: number;
  /** GETBULK max-repetitions. */
  maxRepetitions?: number;
  /** Milliseconds to wait for the answer. */
  timeoutMs: number;
  /** Gives up at once (the request is forgotten, a late answer ignored). */
  signal?: AbortSignal | undefined;
}

interface Pending {
  request: CommunityRequest;
  timer: NodeJS.Timeout;
  resolve(response: CommunityResponse): void;
  reject(err: unknown): void;
}

/** How the requests reach the wire (one shared UDP socket). */
export type Send = (message: Buffer, port: number, host: string, cb: (err: Error | null) => void) => void;

/**
 * Requests in flight on one shared socket, matched to their answers by request id and source
 * address. Answers that match none (net-snmp's own sessions on the same socket, strays) are
 * left for others.
 */
export class CommunityRequests {
  readonly #pending = new Map<number, Pending>();
  /**
   * The requests of each signal still in flight. One abort listener per signal (a collection's),
   * not per request: listeners cost more than the rest of a request's bookkeeping together.
   */
  readonly #bySignal = new WeakMap<AbortSignal, Set<number>>();
  readonly #send: Send;
  #nextId = randomInt(1, 2 ** 30);

  /** @param send - sends one datagram */
  constructor(send: Send) {
    this.#send = send;
  }

  /** How many requests wait for an answer. */
  get size(): number {
    return this.#pending.size;
  }

  /**
   * Sends a request and waits for its answer.
   *
   * @param request - what to ask whom, and for how long
   * @returns the decoded Response-PDU with error-status 0
   * @throws RequestFailedError for a non-zero error-status; RequestTimedOutError; `ResponseInvalidError`
   *   (a BerError) for a malformed answer or one with another version or community; the socket's
   *   send error; the signal's reason when aborted
   */
  request(request: CommunityRequest): Promise<CommunityResponse> {
    return new Promise<CommunityResponse>((resolve, reject) => {
      // An abort listener would never fire for a signal that is already aborted.
      if (request.signal?.aborted) {
        reject(request.signal.reason);
        return;
      }
      const id = this.#allocateId();
      let message: Buffer;
      try {
        message = encodeRequest(
          request.version,
          request.community,
          request.tag,
          id,
          request.oids,
          request.nonRepeaters,
          request.maxRepetitions,
        );
      } catch (err) {
        reject(err);
        return;
      }
      const timer = setTimeout(() => this.#settle(id)?.reject(new RequestTimedOutError('Request timed out')), request.timeoutMs);
      this.#pending.set(id, { request, timer, resolve, reject });
      if (request.signal) this.#watch(request.signal, id);
      try {
        this.#send(message, request.port, request.host, (err) => {
          if (err) this.#settle(id)?.reject(err);
        });
      } catch (err) {
        // dgram throws at once for some bad arguments (a port out of range).
        this.#settle(id)?.reject(err);
      }
    });
  }

  /**
   * Offers a datagram that arrived on the socket.
   *
   * @param buffer - the datagram
   * @param from - who sent it
   * @returns true when it answered one of these requests (settled now), false when it is not ours
   */
  accept(buffer: Buffer, from: RemoteInfo): boolean {
    if (this.#pending.size === 0) return false;
    let response: CommunityResponse;
    try {
      response = decodeResponse(buffer);
    } catch (err) {
      // Ours only if its header names one of our requests; then the request fails with it.
      const id = peekRequestId(buffer);
      const pending = id === undefined ? undefined : this.#pending.get(id);
      if (!pending || !fromTarget(pending.request, from)) return false;
      this.#settle(id as number)?.reject(err);
      return true;
    }
    const pending = this.#pending.get(response.requestId);
    if (!pending || !fromTarget(pending.request, from)) return false;
    this.#settle(response.requestId);
    const { request } = pending;
    if (response.version !== request.version || !request.community.equals(response.community)) {
      pending.reject(
        Object.assign(new Error('version or community in the response does not match the request'), { name: 'ResponseInvalidError' }),
      );
    } else if (response.errorStatus !== 0) {
      const at = response.varbinds[response.errorIndex - 1]?.oid;
      pending.reject(new RequestFailedError(`error-status ${response.errorStatus}${at ? `: ${at}` : ''}`, response.errorStatus));
    } else {
      pending.resolve(response);
    }
    return true;
  }

  /**
   * Fails every request in flight (the socket closed).
   *
   * @param err - the reason
   */
  cancelAll(err: Error): void {
    for (const id of [...this.#pending.keys()]) this.#settle(id)?.reject(err);
  }

  #watch(signal: AbortSignal, id: number): void {
    let ids = this.#bySignal.get(signal);
    if (!ids) {
      const watched = new Set<number>();
      ids = watched;
      this.#bySignal.set(signal, watched);
      signal.addEventListener(
        'abort',
        () => {
          for (const waiting of [...watched]) this.#settle(waiting)?.reject(signal.reason);
        },
        { once: true },
      );
    }
    ids.add(id);
  }

  #settle(id: number): Pending | undefined {
    const pending = this.#pending.get(id);
    if (!pending) return undefined;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    if (pending.request.signal) this.#bySignal.get(pending.request.signal)?.delete(id);
    return pending;
  }

  #allocateId(): number {
    do {
      this.#nextId = this.#nextId >= 2 ** 31 - 1 ? 1 : this.#nextId + 1;
    } while (this.#pending.has(this.#nextId));
    return this.#nextId;
  }
}

function fromTarget(request: CommunityRequest, from: RemoteInfo): boolean {
  return from.port === request.port && from.address === request.host;
}

/** The request id of a v1/v2c message whose varbinds may be broken, if its header is intact. */
function peekRequestId(buffer: Buffer): number | undefined {
  try {
    return decodeResponse(buffer, { headerOnly: true }).requestId;
  } catch {
    return undefined;
  }
}
