import { checkServerIdentity, connect, type PeerCertificate } from 'node:tls';
import { HttpError } from './errors.js';
import type { TimerSource } from './request.js';

/** What to connect to and how. */
export interface HandshakeOptions {
  /** Host name or IP address. */
  host: string;
  /** TCP port. */
  port: number;
  /** SNI name and the name verified; defaults to `host` when it is not an IP address. */
  servername?: string | undefined;
  /** Extra trusted CAs (PEM). */
  ca?: string | undefined;
  /** Client certificate (PEM). */
  cert?: string | undefined;
  /** Client key (PEM). */
  key?: string | undefined;
  /** Deadline for TCP connect plus handshake. */
  timeoutMs: number;
  /** Cancels the handshake. */
  signal?: AbortSignal | undefined;
}

/** What the handshake showed. */
export interface HandshakeResult {
  /** The server's certificate chain (leaf first, `issuerCertificate` links). */
  certificate: PeerCertificate;
  /** Whether the chain and name verified against the trusted CAs. */
  authorized: boolean;
  /** Why not, when `authorized` is false. */
  authorizationError: string | undefined;
  /** Negotiated protocol (`TLSv1.3`). */
  protocol: string | null;
  /** Negotiated cipher name. */
  cipher: string;
  /** TCP connect plus handshake, ms. */
  handshakeMs: number;
}

const isIp = (host: string): boolean => /^[\d.]+$/.test(host) || host.includes(':');

/**
 * Performs a TLS handshake and closes the connection. Verification is judged, not enforced,
 * so an untrusted certificate can still be inspected (its expiry reported).
 *
 * @param options - target, trust, deadline
 * @param timers - timer source for the deadline
 * @returns the handshake facts
 * @throws HttpError `ERR_TIMEOUT`, `ERR_UNREACHABLE`, `ERR_PROTOCOL` (no TLS spoken) or `ERR_ABORTED`
 */
export function tlsHandshake(options: HandshakeOptions, timers: TimerSource): Promise<HandshakeResult> {
  const endpoint = `TLS ${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
  if (options.signal?.aborted) return Promise.reject(new HttpError('ERR_ABORTED', `${endpoint}: aborted`, { endpoint }));
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const servername = options.servername ?? (isIp(options.host) ? undefined : options.host);
    const socket = connect({
      host: options.host,
      port: options.port,
      rejectUnauthorized: false,
      ...(servername ? { servername } : {}),
      ...(options.ca ? { ca: options.ca } : {}),
      ...(options.cert ? { cert: options.cert } : {}),
      ...(options.key ? { key: options.key } : {}),
    });
    let done = false;
    const finish = (err: HttpError | undefined, result?: HandshakeResult): void => {
      if (done) return;
      done = true;
      timer.cancel();
      options.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (err) reject(err);
      else resolve(result as HandshakeResult);
    };
    const onAbort = (): void => finish(new HttpError('ERR_ABORTED', `${endpoint}: aborted`, { endpoint }));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = timers.setTimer(
      () => finish(new HttpError('ERR_TIMEOUT', `${endpoint}: no handshake within ${options.timeoutMs} ms`, { endpoint })),
      options.timeoutMs,
    );
    socket.once('secureConnect', () => {
      // Name checks are ours to make, since verification is not enforced by the socket.
      const certificate = socket.getPeerCertificate(true);
      const mismatch = servername ? checkServerIdentity(servername, certificate) : undefined;
      const chainError = socket.authorizationError ? String(socket.authorizationError) : undefined;
      const authorizationError = mismatch ? mismatch.message : chainError;
      finish(undefined, {
        certificate,
        authorized: authorizationError === undefined,
        authorizationError,
        protocol: socket.getProtocol(),
        cipher: socket.getCipher().name,
        handshakeMs: performance.now() - started,
      });
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? '';
      const refused = code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EHOSTUNREACH' || code === 'ENOTFOUND';
      finish(
        new HttpError(refused ? 'ERR_UNREACHABLE' : 'ERR_PROTOCOL', `${endpoint}: ${code ? `${code}: ` : ''}${err.message}`, {
          endpoint,
          cause: err,
        }),
      );
    });
  });
}
