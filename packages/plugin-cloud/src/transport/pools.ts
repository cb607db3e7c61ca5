import { createHash } from 'node:crypto';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { buildConnector, Pool } from 'undici';

/** TLS settings of a request: verification is on unless `verify: false`. */
export interface TlsSettings {
  /** Extra trusted CA certificates (PEM). */
  ca?: string | Buffer | undefined;
  /** Client certificate (PEM), for mutual TLS. */
  cert?: string | Buffer | undefined;
  /** Client private key (PEM). */
  key?: string | Buffer | undefined;
  /** Verify the server certificate and host name. @defaultValue `true` */
  verify?: boolean | undefined;
  /** Server name for SNI and verification, when it differs from the URL's host. */
  servername?: string | undefined;
}

/** What the pool learnt about the server in its last TLS handshake. */
export interface TlsPeer {
  /** The server's certificate (with its issuer chain). */
  certificate: PeerCertificate;
  /** Whether the certificate verified against the trusted CAs. */
  authorized: boolean;
  /** Why it did not verify, when `authorized` is false (only with `verify: false`). */
  authorizationError: string | undefined;
  /** Negotiated protocol (`TLSv1.3`). */
  protocol: string | null;
  /** Milliseconds spent connecting (TCP and TLS) for that connection. */
  connectMs: number;
}

/** Timeouts and sizes of the pools a transport keeps, one per origin and TLS setting. */
export interface PoolSettings {
  /** TCP + TLS connect timeout. @defaultValue 10 000 ms */
  connectTimeoutMs?: number;
  /** Time allowed until the response headers arrive. @defaultValue 30 000 ms */
  headersTimeoutMs?: number;
  /** Time allowed between two body chunks. @defaultValue 30 000 ms */
  bodyTimeoutMs?: number;
  /** Connections per origin. @defaultValue 64 */
  connections?: number;
  /** How long an idle connection is kept. @defaultValue 4 000 ms */
  keepAliveTimeoutMs?: number;
  /** Pools kept at most; the least recently used is closed beyond it. @defaultValue 256 */
  maxPools?: number;
}

/** One pool and what its connections saw. */
export interface PoolEntry {
  /** The undici pool for one origin and TLS setting. */
  readonly pool: Pool;
  /** The last TLS handshake, for certificate checks. */
  lastTls: TlsPeer | undefined;
}

/** The set of pools of a transport. */
export interface PoolRegistry {
  /**
   * The pool for an origin and TLS setting, created on first use.
   *
   * @param origin - `https://host:port`
   * @param tls - TLS settings
   * @returns the pool entry
   */
  get(origin: string, tls: TlsSettings | undefined): PoolEntry;
  /** Closes every pool at once (in-flight requests fail). Calling it twice is harmless. */
  close(): Promise<void>;
  /** How many pools are open. */
  readonly size: number;
}

function digest(value: string | Buffer | undefined): string {
  return value === undefined ? '-' : createHash('sha256').update(value).digest('hex').slice(0, 16);
}

function tlsKey(tls: TlsSettings | undefined): string {
  if (!tls) return 'default';
  return [tls.verify === false ? 'noverify' : 'verify', digest(tls.ca), digest(tls.cert), digest(tls.key), tls.servername ?? ''].join('|');
}

/**
 * Creates the pool registry: one undici `Pool` per (origin, TLS setting), keep-alive, with
 * connect/headers/body timeouts, TLS verification on by default, and a connector that records
 * the server certificate of each new connection.
 *
 * @param settings - timeouts and sizes
 * @returns the registry
 */
export function createPoolRegistry(settings: PoolSettings = {}): PoolRegistry {
  const pools = new Map<string, PoolEntry>();
  const maxPools = settings.maxPools ?? 256;
  let closed = false;

  const create = (origin: string, tls: TlsSettings | undefined): PoolEntry => {
    const connector = buildConnector({
      timeout: settings.connectTimeoutMs ?? 10_000,
      rejectUnauthorized: tls?.verify !== false,
      ...(tls?.ca === undefined ? {} : { ca: tls.ca }),
      ...(tls?.cert === undefined ? {} : { cert: tls.cert }),
      ...(tls?.key === undefined ? {} : { key: tls.key }),
      ...(tls?.servername === undefined ? {} : { servername: tls.servername }),
    });
    const entry: PoolEntry = {
      lastTls: undefined,
      pool: new Pool(origin, {
        connections: settings.connections ?? 64,
        headersTimeout: settings.headersTimeoutMs ?? 30_000,
        bodyTimeout: settings.bodyTimeoutMs ?? 30_000,
        keepAliveTimeout: settings.keepAliveTimeoutMs ?? 4_000,
        connect(options, callback) {
          const started = performance.now();
          connector(options, (err, socket) => {
            const certificate =
              !err && socket && 'getPeerCertificate' in socket ? (socket as TLSSocket).getPeerCertificate(true) : undefined;
            // A resumed TLS session shows no certificate: keep the one the full handshake saw.
            if (certificate?.valid_to) {
              const tlsSocket = socket as TLSSocket;
              entry.lastTls = {
                certificate,
                authorized: tlsSocket.authorized,
                authorizationError: tlsSocket.authorizationError ? String(tlsSocket.authorizationError) : undefined,
                protocol: tlsSocket.getProtocol(),
                connectMs: performance.now() - started,
              };
            }
            if (err) callback(err, null);
            else callback(null, socket as NonNullable<typeof socket>);
          });
        },
      }),
    };
    return entry;
  };

  return {
    get(origin, tls) {
      if (closed) throw new Error('the HTTP transport is closed');
      const key = `${origin} ${tlsKey(tls)}`;
      let entry = pools.get(key);
      if (entry) {
        // Re-insert: Map order is the LRU order.
        pools.delete(key);
      } else {
        entry = create(origin, tls);
        const oldest = pools.size >= maxPools ? pools.keys().next().value : undefined;
        if (oldest !== undefined) {
          void pools.get(oldest)?.pool.close();
          pools.delete(oldest);
        }
      }
      pools.set(key, entry);
      return entry;
    },
    async close() {
      closed = true;
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map((entry) => entry.pool.destroy().catch(() => undefined)));
    },
    get size() {
      return pools.size;
    },
  };
}
