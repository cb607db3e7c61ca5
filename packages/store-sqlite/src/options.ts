import { type Duration, parseDuration, WardenError } from '@warden/core';

/** Options of {@link createSqliteStore}. */
export interface SqliteStoreOptions {
  /**
   * The database file. Its directory must exist; the file (with its `-wal` and `-shm`
   * companions) is created on first use. `':memory:'` gives a private, non-durable database
   * (for tests).
   */
  path: string;
  /**
   * When a commit is durable. `'full'`: SQLite syncs the write-ahead log at every commit, so
   * an acknowledged write survives a process crash **and** a power loss or kernel panic.
   * `'normal'`: the log is synced only at checkpoints — an acknowledged write survives a
   * process crash (SIGKILL, OOM kill) but the last transactions can be lost on power loss.
   * @defaultValue `'full'`
   */
  synchronous?: 'full' | 'normal';
  /** How long a write waits for another connection's lock before failing with `SQLITE_BUSY`. @defaultValue `'5s'` */
  busyTimeout?: Duration;
  /** Most state changes kept; the oldest (first appended) go first. @defaultValue unlimited */
  maxStateChanges?: number;
  /** Most resolved incidents kept; the longest resolved go first. Open incidents are always kept. @defaultValue unlimited */
  maxResolvedIncidents?: number;
  /**
   * Most audit records kept; the oldest (first appended) go first, pruned in the same
   * transaction as the append that passes the bound. Keep it well above a day of records:
   * after a restart, remediation reads the last day (or the longest cooldown) to carry
   * cooldowns and attempt counts on and to flag actions in doubt.
   * @defaultValue 1,000,000 (a few hundred MB at most; `Infinity` keeps every record)
   */
  maxAuditRecords?: number;
}

/** The defaults of {@link createSqliteStore}. */
export interface SqliteStoreDefaults {
  /** Durable commits: survive a process crash and a power loss. */
  synchronous: 'full';
  /** How long a write waits for a lock, ms. */
  busyTimeout: number;
  /** Most audit records kept. */
  maxAuditRecords: number;
}

/** The defaults of {@link createSqliteStore}. */
export const SQLITE_STORE_DEFAULTS: Readonly<SqliteStoreDefaults> = Object.freeze({
  synchronous: 'full',
  busyTimeout: 5_000,
  maxAuditRecords: 1_000_000,
});

/** Options after validation. */
export interface ResolvedSqliteStoreOptions {
  /** The database file. */
  path: string;
  /** The durability level. */
  synchronous: 'full' | 'normal';
  /** The lock wait, in ms. */
  busyTimeoutMs: number;
  /** The state-change bound, or undefined for none. */
  maxStateChanges: number | undefined;
  /** The resolved-incident bound, or undefined for none. */
  maxResolvedIncidents: number | undefined;
  /** The audit-record bound, or undefined for none. */
  maxAuditRecords: number | undefined;
}

const KNOWN = new Set(['path', 'synchronous', 'busyTimeout', 'maxStateChanges', 'maxResolvedIncidents', 'maxAuditRecords']);

/**
 * Validates the options of {@link createSqliteStore}, collecting every problem.
 *
 * @param options - what the caller passed
 * @returns the options with defaults applied
 * @throws WardenError `ERR_CONFIG_INVALID` listing each bad option with its name
 */
export function resolveSqliteStoreOptions(options: SqliteStoreOptions): ResolvedSqliteStoreOptions {
  const issues: string[] = [];
  if (typeof options !== 'object' || options === null) {
    throw new WardenError('ERR_CONFIG_INVALID', 'invalid sqlite store options: expected an object like { path: "./warden.db" }');
  }
  for (const key of Object.keys(options)) if (!KNOWN.has(key)) issues.push(`${key}: unknown option (known: ${[...KNOWN].join(', ')})`);
  const { path } = options;
  if (typeof path !== 'string' || path.trim() === '') issues.push('path: expected a file path such as "./warden.db"');
  const synchronous = options.synchronous ?? SQLITE_STORE_DEFAULTS.synchronous;
  if (synchronous !== 'full' && synchronous !== 'normal')
    issues.push(`synchronous: expected 'full' or 'normal', got ${JSON.stringify(synchronous)}`);
  let busyTimeoutMs: number = SQLITE_STORE_DEFAULTS.busyTimeout;
  try {
    if (options.busyTimeout !== undefined) busyTimeoutMs = parseDuration(options.busyTimeout, 'sqlite store busyTimeout');
  } catch (err) {
    issues.push(`busyTimeout: ${(err as Error).message}`);
  }
  const bound = (name: 'maxStateChanges' | 'maxResolvedIncidents'): number | undefined => {
    const value = options[name];
    if (value === undefined) return undefined;
    if (!Number.isSafeInteger(value) || value < 1) issues.push(`${name}: expected a positive integer, got ${JSON.stringify(value)}`);
    return value;
  };
  const maxStateChanges = bound('maxStateChanges');
  const maxResolvedIncidents = bound('maxResolvedIncidents');
  const auditBound = options.maxAuditRecords ?? SQLITE_STORE_DEFAULTS.maxAuditRecords;
  const maxAuditRecords = auditBound === Number.POSITIVE_INFINITY ? undefined : auditBound;
  if (maxAuditRecords !== undefined && (!Number.isSafeInteger(maxAuditRecords) || maxAuditRecords < 1))
    issues.push(`maxAuditRecords: expected a positive integer or Infinity, got ${JSON.stringify(maxAuditRecords)}`);
  if (issues.length > 0) {
    throw new WardenError('ERR_CONFIG_INVALID', `invalid sqlite store options:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
  }
  return { path, synchronous, busyTimeoutMs, maxStateChanges, maxResolvedIncidents, maxAuditRecords };
}
