import type {
  AuditQuery,
  AuditRecord,
  CheckStateRecord,
  Incident,
  IncidentQuery,
  StateChangeQuery,
  StateChangeRecord,
  StateStore,
} from '@warden/core';
import { WardenError } from '@warden/core';
import Database from 'better-sqlite3';
import { resolveSqliteStoreOptions, type SqliteStoreOptions } from './options.js';
import { auditSelect, incidentSelect, stateChangeSelect } from './queries.js';
import {
  AUDIT_COLUMNS,
  type AuditRow,
  auditOf,
  auditParams,
  CHECK_STATE_COLUMNS,
  type CheckStateRow,
  checkStateOf,
  checkStateParams,
  INCIDENT_COLUMNS,
  type IncidentRow,
  incidentOf,
  incidentParams,
  STATE_CHANGE_COLUMNS,
  type StateChangeRow,
  stateChangeOf,
  stateChangeParams,
} from './rows.js';
import { migrate } from './schema.js';

/** What {@link SqliteStore.checkpoint} did. */
export interface CheckpointResult {
  /** Whether another connection kept the checkpoint from completing. */
  busy: boolean;
  /** Frames in the write-ahead log before the checkpoint (-1 when not in WAL mode). */
  walFrames: number;
  /** Frames copied into the database file. */
  checkpointedFrames: number;
}

/** A durable {@link StateStore} on one SQLite file. */
export interface SqliteStore extends StateStore {
  /** The database file. */
  readonly path: string;
  /** The `synchronous` level in force. */
  readonly synchronous: 'full' | 'normal';
  /**
   * Copies the write-ahead log into the database file and truncates it (SQLite also does this
   * by itself every ~4 MB of log). Useful before a backup that copies only the main file.
   */
  checkpoint(): Promise<CheckpointResult>;
  /** Closes the connection (the last one to close folds the log into the file). Idempotent. */
  close(): Promise<void>;
}

// INSERT … ON CONFLICT DO UPDATE rather than REPLACE: the row (and its rowid, which orders ties) stays.
const upsert = (table: string, columns: readonly string[], key: string): string => {
  const updates = columns.filter((c) => !key.split(', ').includes(c)).map((c) => `${c} = excluded.${c}`);
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT (${key}) DO UPDATE SET ${updates.join(', ')}`;
};

function openDatabase(path: string, busyTimeoutMs: number, synchronous: 'full' | 'normal'): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { timeout: busyTimeoutMs });
    // WAL: readers never block the writer, and a commit is one sequential append to the log.
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    migrate(db);
    return db;
  } catch (err) {
    db?.close();
    const reason = err instanceof Error ? err.message : String(err);
    const hint = /newer schema/.test(reason)
      ? 'upgrade @warden/store-sqlite, or point path at another file'
      : 'check that the directory exists and is writable and that the file is a Warden SQLite store';
    throw new WardenError('ERR_CONFIG_INVALID', `cannot open the SQLite store at ${JSON.stringify(path)}: ${reason}; ${hint}`, {
      cause: err,
    });
  }
}

/**
 * Creates a durable {@link StateStore} on a SQLite file (better-sqlite3, write-ahead log).
 *
 * **Durability.** Every batch call (`saveCheckStates`, `appendStateChanges`, `saveIncidents`,
 * `deleteCheckStates`, `appendAudit`) is one transaction; when its promise resolves, the batch is committed,
 * whole. With the default `synchronous: 'full'` the log is synced to disk at every commit, so
 * every record the store acknowledged is there when it reopens — after a process crash
 * (SIGKILL, OOM kill) **and** after a power loss or kernel panic. That is what remediation
 * needs: an intent record committed before a reboot must still be there when the machine comes
 * back. `'normal'` skips that sync (the log is synced at checkpoints): still safe against
 * process crashes, but the last commits before a power loss can vanish (never corrupting the
 * file). Warden batches writes behind its hot cache, so the sync per commit is paid once per
 * batch, not per record.
 *
 * better-sqlite3 is synchronous: each call runs to completion on the calling thread (a batch of
 * 1000 state changes takes a few milliseconds, most of it the disk sync).
 *
 * @param options - the file, durability and bounds
 * @returns the store, open and migrated to the current schema
 * @throws WardenError `ERR_CONFIG_INVALID` for invalid options, a file that cannot be opened or
 *   is not a SQLite database, or a database written by a newer version of this package
 * @example
 * ```ts
 * import { createWarden } from '@warden/core';
 * import { createSqliteStore } from '@warden/store-sqlite';
 *
 * const store = createSqliteStore({ path: '/var/lib/warden/state.db' });
 * const warden = createWarden({ store });
 * ```
 */
export function createSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const resolved = resolveSqliteStoreOptions(options);
  const db = openDatabase(resolved.path, resolved.busyTimeoutMs, resolved.synchronous);
  const { maxStateChanges, maxResolvedIncidents, maxAuditRecords } = resolved;

  const saveState = db.prepare(upsert('check_states', CHECK_STATE_COLUMNS, 'check_id, asset_id'));
  const deletePair = db.prepare('DELETE FROM check_states WHERE check_id = ? AND asset_id = ?');
  const deleteCheck = db.prepare('DELETE FROM check_states WHERE check_id = ?');
  const loadStates = db.prepare('SELECT * FROM check_states ORDER BY check_id, asset_id');
  const appendChange = db.prepare(
    `INSERT INTO state_changes (${STATE_CHANGE_COLUMNS.join(', ')}) VALUES (${STATE_CHANGE_COLUMNS.map(() => '?').join(', ')})`,
  );
  // seq is max(seq) + 1 on every insert and only pruning deletes, so the newest N are the top N seqs.
  const pruneChanges = db.prepare('DELETE FROM state_changes WHERE seq <= (SELECT max(seq) FROM state_changes) - ?');
  const saveIncident = db.prepare(upsert('incidents', INCIDENT_COLUMNS, 'id'));
  const pruneResolved = db.prepare(
    `DELETE FROM incidents WHERE rowid IN (SELECT rowid FROM incidents WHERE state = 'resolved'
       ORDER BY resolved_at DESC, rowid DESC LIMIT -1 OFFSET ?)`,
  );
  // Like state changes: seq only grows and only pruning deletes, so the newest N are the top N seqs.
  const pruneAudit = db.prepare('DELETE FROM audit WHERE seq <= (SELECT max(seq) FROM audit) - ?');
  const appendAuditRow = db.prepare(`INSERT INTO audit (${AUDIT_COLUMNS.join(', ')}) VALUES (${AUDIT_COLUMNS.map(() => '?').join(', ')})`);
  const readPluginState = db.prepare('SELECT value FROM plugin_state WHERE plugin = ? AND key = ?').pluck();
  const writePluginState = db.prepare(
    'INSERT INTO plugin_state (plugin, key, value) VALUES (?, ?, ?) ON CONFLICT (plugin, key) DO UPDATE SET value = excluded.value',
  );
  const deletePluginState = db.prepare('DELETE FROM plugin_state WHERE plugin = ? AND key = ?');
  const selects = new Map<string, Database.Statement>();
  const select = (sql: string): Database.Statement => {
    let statement = selects.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      selects.set(sql, statement);
    }
    return statement;
  };

  const writeStates = db.transaction((records: readonly CheckStateRecord[]) => {
    for (const record of records) saveState.run(checkStateParams(record));
  });
  const writeDeletes = db.transaction((keys: ReadonlyArray<{ check: string; asset?: string }>) => {
    for (const key of keys) key.asset === undefined ? deleteCheck.run(key.check) : deletePair.run(key.check, key.asset);
  });
  const writeChanges = db.transaction((records: readonly StateChangeRecord[]) => {
    for (const record of records) appendChange.run(stateChangeParams(record));
    if (maxStateChanges !== undefined) pruneChanges.run(maxStateChanges);
  });
  const writeIncidents = db.transaction((incidents: readonly Incident[]) => {
    for (const incident of incidents) saveIncident.run(incidentParams(incident));
    if (maxResolvedIncidents !== undefined && incidents.some((i) => i.state === 'resolved')) pruneResolved.run(maxResolvedIncidents);
  });

  const writeAudit = db.transaction((records: readonly AuditRecord[]) => {
    for (const record of records) appendAuditRow.run(auditParams(record));
    if (maxAuditRecords !== undefined) pruneAudit.run(maxAuditRecords);
  });

  let closed = false;
  function alive(): void {
    if (closed) throw new WardenError('ERR_STOPPED', `the SQLite store at ${JSON.stringify(resolved.path)} was closed; create a new one`);
  }

  return {
    path: resolved.path,
    synchronous: resolved.synchronous,
    async saveCheckStates(records) {
      alive();
      if (records.length > 0) writeStates.immediate(records);
    },
    async deleteCheckStates(keys) {
      alive();
      if (keys.length > 0) writeDeletes.immediate(keys);
    },
    async loadCheckStates() {
      alive();
      return (loadStates.all() as CheckStateRow[]).map(checkStateOf);
    },
    async appendStateChanges(records) {
      alive();
      if (records.length > 0) writeChanges.immediate(records);
    },
    async queryStateChanges(query: StateChangeQuery = {}) {
      alive();
      const { sql, params } = stateChangeSelect(query);
      return (select(sql).all(params) as StateChangeRow[]).map(stateChangeOf);
    },
    async saveIncidents(incidents) {
      alive();
      if (incidents.length > 0) writeIncidents.immediate(incidents);
    },
    async queryIncidents(query: IncidentQuery = {}) {
      alive();
      const { sql, params } = incidentSelect(query);
      return (select(sql).all(params) as IncidentRow[]).map(incidentOf);
    },
    async appendAudit(records) {
      alive();
      if (records.length > 0) writeAudit.immediate(records);
    },
    async queryAudit(query: AuditQuery = {}) {
      alive();
      const { sql, params } = auditSelect(query);
      return (select(sql).all(params) as AuditRow[]).map(auditOf);
    },
    async getPluginState(plugin, key) {
      alive();
      const text = readPluginState.get(plugin, key) as string | undefined;
      return text === undefined ? undefined : JSON.parse(text);
    },
    async setPluginState(plugin, key, value) {
      alive();
      const text = value === undefined ? undefined : JSON.stringify(value);
      if (text === undefined) deletePluginState.run(plugin, key);
      else writePluginState.run(plugin, key, text);
    },
    async checkpoint() {
      alive();
      type Row = { busy: number; log: number; checkpointed: number };
      // TRUNCATE reports 0 frames once it has reset the log, so FULL first for the counts.
      const [full] = db.pragma('wal_checkpoint(FULL)') as Row[];
      const [truncated] = db.pragma('wal_checkpoint(TRUNCATE)') as Row[];
      return { busy: full?.busy === 1 || truncated?.busy === 1, walFrames: full?.log ?? -1, checkpointedFrames: full?.checkpointed ?? -1 };
    },
    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
