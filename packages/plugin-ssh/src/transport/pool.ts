import { WardenError } from '@warden/core';
import { connectionLoss, isNotConnected } from './connection-loss.js';
import type { SshClient } from './ssh2.js';

/** Pool settings. */
export interface PoolOptions {
  /** Channels per connection before requests queue (the server's MaxSessions). */
  maxSessions: number;
  /** Close a connection unused for this long (ms). */
  idleTimeoutMs: number;
  /** First wait after a failed connection attempt (ms), doubled per failure. @defaultValue 500 */
  backoffInitialMs?: number;
  /** Longest wait between attempts (ms). @defaultValue 30000 */
  backoffMaxMs?: number;
  /** Time source for backoff. @defaultValue Date.now */
  now?: () => number;
}

/** What the pool knows about one host, for tests and diagnostics. */
export interface PoolEntryState {
  connected: boolean;
  active: number;
  queued: number;
  limit: number;
  connects: number;
  failures: number;
}

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

interface Entry {
  client: SshClient | undefined;
  connecting: Promise<SshClient> | undefined;
  active: number;
  limit: number;
  waiters: Waiter[];
  idle: NodeJS.Timeout | undefined;
  /** Holds from `connection()` (connections running through this one). */
  holds: number;
  connects: number;
  failures: number;
  retryAt: number;
  lastError: unknown;
}

/** ssh2's message when the server refuses a new channel (OpenSSH's MaxSessions reached). */
export function isChannelOpenFailure(err: unknown): boolean {
  return err instanceof Error && /Channel open failure/i.test(err.message);
}

/**
 * One SSH connection per host, carrying up to `maxSessions` channels at a time; more requests
 * wait in FIFO order. A server that refuses a channel below the limit lowers the limit for that
 * host (and the request retries). Connections close after `idleTimeout`; a failed connection
 * attempt makes the next ones wait (exponential backoff) and fail fast meanwhile.
 */
export class SshPool {
  readonly #entries = new Map<string, Entry>();
  readonly #options: Required<PoolOptions>;
  #disposed = false;

  /** @param options - limits and timings */
  constructor(options: PoolOptions) {
    this.#options = { backoffInitialMs: 500, backoffMaxMs: 30_000, now: Date.now, ...options };
  }

  /**
   * Runs `fn` with a channel slot on the host's connection, opening the connection if needed.
   *
   * @param key - identifies the connection (user, host, port, credentials)
   * @param open - opens a new connection when there is none
   * @param fn - uses the client; must open at most one channel and close it before settling
   * @param options - per-host session limit and an abort signal
   * @returns what `fn` returns
   * @throws WardenError from the connection attempt, `ERR_ABORTED` when aborted while queued
   */
  async use<T>(
    key: string,
    open: () => Promise<SshClient>,
    fn: (client: SshClient) => Promise<T>,
    options: { maxSessions?: number | undefined; signal?: AbortSignal | undefined } = {},
  ): Promise<T> {
    if (this.#disposed) throw new WardenError('ERR_STOPPED', 'the SSH pool is closed');
    const entry = this.#entry(key, options.maxSessions);
    let reconnected = false;
    for (;;) {
      await this.#acquire(entry, options.signal);
      let client: SshClient | undefined;
      try {
        client = await this.#client(entry, open);
        return await fn(client);
      } catch (err) {
        const gone = client !== undefined && (isNotConnected(err) || (isChannelOpenFailure(err) && connectionLoss(client) !== undefined));
        if (client !== undefined && gone) {
          // The connection died before the channel opened: nothing ran, so try once more on a
          // new connection.
          if (entry.client === client) entry.client = undefined;
          if (reconnected) throw err;
          reconnected = true;
          continue;
        }
        // The server has fewer sessions than we thought: remember it and queue again.
        if (!(isChannelOpenFailure(err) && entry.active > 1)) throw err;
        entry.limit = entry.active - 1;
      } finally {
        this.#release(entry);
      }
    }
  }

  /**
   * The host's shared connection, opened if needed, held without taking a channel slot (a jump
   * host carrying other connections, a connection check). It does not close for idleness while
   * held; `release()` (idempotent) lets it, once nothing else uses it.
   *
   * @param key - the connection key
   * @param open - opens a new connection when there is none
   * @returns the ready client and the release of this hold
   */
  async connection(key: string, open: () => Promise<SshClient>): Promise<{ client: SshClient; release: () => void }> {
    if (this.#disposed) throw new WardenError('ERR_STOPPED', 'the SSH pool is closed');
    const entry = this.#entry(key, undefined);
    entry.holds++;
    if (entry.idle) {
      clearTimeout(entry.idle);
      entry.idle = undefined;
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      entry.holds--;
      if (entry.holds === 0 && entry.active === 0) this.#armIdle(entry);
    };
    try {
      return { client: await this.#client(entry, open), release };
    } catch (err) {
      release();
      throw err;
    }
  }

  /**
   * Closes and forgets the connections whose key starts with `prefix` (after a reboot).
   *
   * @param prefix - key prefix
   */
  dropMatching(prefix: string): void {
    for (const [key, entry] of this.#entries) {
      if (!key.startsWith(prefix)) continue;
      entry.client?.end();
      entry.client = undefined;
      entry.failures = 0;
      entry.retryAt = 0;
    }
  }

  /**
   * The state of a host's connection.
   *
   * @param key - the connection key
   * @returns counts, or `undefined` for an unknown key
   */
  inspect(key: string): PoolEntryState | undefined {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    return {
      connected: e.client !== undefined,
      active: e.active,
      queued: e.waiters.length,
      limit: e.limit,
      connects: e.connects,
      failures: e.failures,
    };
  }

  /**
   * Closes every connection and fails queued requests. Idempotent.
   *
   * @returns when every connection was asked to close
   */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const entry of this.#entries.values()) {
      if (entry.idle) clearTimeout(entry.idle);
      for (const w of entry.waiters.splice(0)) w.reject(new WardenError('ERR_STOPPED', 'the SSH pool was closed while the request waited'));
      entry.client?.end();
      entry.client = undefined;
    }
    this.#entries.clear();
  }

  #entry(key: string, maxSessions: number | undefined): Entry {
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = {
        client: undefined,
        connecting: undefined,
        active: 0,
        limit: maxSessions ?? this.#options.maxSessions,
        waiters: [],
        idle: undefined,
        holds: 0,
        connects: 0,
        failures: 0,
        retryAt: 0,
        lastError: undefined,
      };
      this.#entries.set(key, entry);
    }
    return entry;
  }

  async #acquire(entry: Entry, signal: AbortSignal | undefined): Promise<void> {
    if (entry.idle) {
      clearTimeout(entry.idle);
      entry.idle = undefined;
    }
    if (signal?.aborted) throw new WardenError('ERR_ABORTED', 'aborted before an SSH channel was free');
    if (entry.active < entry.limit) {
      entry.active++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject,
      };
      const onAbort = () => {
        const i = entry.waiters.indexOf(waiter);
        if (i >= 0) entry.waiters.splice(i, 1);
        reject(new WardenError('ERR_ABORTED', 'aborted while waiting for an SSH channel'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      entry.waiters.push(waiter);
    });
  }

  #release(entry: Entry): void {
    if (entry.active <= entry.limit) {
      const next = entry.waiters.shift();
      // Hand the slot straight to the next waiter: `active` stays the same.
      if (next) {
        next.resolve();
        return;
      }
    }
    entry.active--;
    if (entry.active === 0 && entry.holds === 0) this.#armIdle(entry);
  }

  #armIdle(entry: Entry): void {
    if (entry.idle) clearTimeout(entry.idle);
    if (!entry.client || this.#disposed) return;
    entry.idle = setTimeout(() => {
      entry.idle = undefined;
      entry.client?.end();
      entry.client = undefined;
    }, this.#options.idleTimeoutMs);
    entry.idle.unref();
  }

  async #client(entry: Entry, open: () => Promise<SshClient>): Promise<SshClient> {
    if (entry.client) return entry.client;
    if (entry.connecting) return entry.connecting;
    const now = this.#options.now();
    if (now < entry.retryAt && entry.lastError instanceof WardenError) {
      const wait = Math.ceil((entry.retryAt - now) / 1000);
      throw new WardenError(entry.lastError.code, `${entry.lastError.message} (next connection attempt in ${wait}s)`, {
        cause: entry.lastError,
      });
    }
    entry.connecting = open().then(
      (client) => {
        entry.connecting = undefined;
        entry.client = client;
        entry.connects++;
        entry.failures = 0;
        entry.retryAt = 0;
        client.on('error', () => {});
        client.once('close', () => {
          if (entry.client === client) entry.client = undefined;
        });
        return client;
      },
      (err: unknown) => {
        entry.connecting = undefined;
        entry.failures++;
        entry.lastError = err;
        const wait = Math.min(this.#options.backoffMaxMs, this.#options.backoffInitialMs * 2 ** (entry.failures - 1));
        entry.retryAt = this.#options.now() + wait;
        throw err;
      },
    );
    return entry.connecting;
  }
}
