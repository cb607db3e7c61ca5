import type BetterSqlite3 from 'better-sqlite3';

/** One schema step. Versions are consecutive from 1; a released migration never changes. */
export interface Migration {
  /** Schema version after this step. */
  version: number;
  /** What it does, kept in `warden_migrations`. */
  name: string;
  /** The DDL, run inside the migration transaction. */
  sql: string;
}

/**
 * Every schema step, oldest first. Remediation adds tables, not columns to earlier ones: audit
 * records (append-only, `seq` + `at` + rule/asset/action, params as JSON) are migration 2;
 * remediation attempts will be a later step, so databases written by any version upgrade in place.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'check states, state changes, incidents',
    sql: `
      CREATE TABLE check_states (
        check_id       TEXT    NOT NULL,
        asset_id       TEXT    NOT NULL,
        status         TEXT    NOT NULL,
        state_type     TEXT    NOT NULL,
        attempt        INTEGER NOT NULL,
        result         TEXT,    -- JSON CheckResult
        last_check_at  INTEGER,
        last_change_at INTEGER,
        flap_word      INTEGER,
        problem_since  INTEGER,
        incident_open  INTEGER, -- 0/1, NULL when not recorded
        failing_key    TEXT,
        PRIMARY KEY (check_id, asset_id)
      ) WITHOUT ROWID;

      CREATE TABLE state_changes (
        seq            INTEGER PRIMARY KEY, -- append order; ties in 'at' keep it
        check_id       TEXT    NOT NULL,
        asset_id       TEXT    NOT NULL,
        at             INTEGER NOT NULL,
        status         TEXT    NOT NULL,
        previous       TEXT    NOT NULL,
        state_type     TEXT    NOT NULL,
        unreachable    INTEGER,
        in_maintenance INTEGER
      );
      CREATE INDEX state_changes_check ON state_changes (check_id, at);
      CREATE INDEX state_changes_asset ON state_changes (asset_id, at);
      CREATE INDEX state_changes_at    ON state_changes (at);

      CREATE TABLE incidents (
        id              TEXT    NOT NULL PRIMARY KEY,
        check_id        TEXT    NOT NULL,
        asset_id        TEXT    NOT NULL,
        problem_id      TEXT    NOT NULL,
        state           TEXT    NOT NULL,
        severity        TEXT    NOT NULL,
        summary         TEXT    NOT NULL,
        failing_series  TEXT,    -- JSON string[]
        opened_at       INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL,
        resolved_at     INTEGER,
        resolution      TEXT,
        acknowledgement TEXT,    -- JSON Acknowledgement
        flapping        INTEGER NOT NULL,
        notified        INTEGER NOT NULL,
        timeline        TEXT    NOT NULL -- JSON IncidentTimelineEntry[]
      );
      CREATE INDEX incidents_check    ON incidents (check_id, opened_at);
      CREATE INDEX incidents_asset    ON incidents (asset_id, opened_at);
      CREATE INDEX incidents_opened   ON incidents (opened_at);
      CREATE INDEX incidents_open     ON incidents (opened_at) WHERE state = 'open';
      CREATE INDEX incidents_resolved ON incidents (resolved_at) WHERE state = 'resolved';
    `,
  },
  {
    version: 2,
    name: 'audit records',
    sql: `
      CREATE TABLE audit (
        seq         INTEGER PRIMARY KEY, -- append order; ties in 'at' keep it
        id          TEXT    NOT NULL,
        at          INTEGER NOT NULL,
        kind        TEXT    NOT NULL,
        rule_id     TEXT    NOT NULL,
        action      TEXT    NOT NULL,
        asset_id    TEXT    NOT NULL,
        run_id      TEXT,
        params      TEXT,    -- JSON, secrets already redacted
        reason      TEXT,
        output      TEXT,
        duration_ms REAL,
        ok          INTEGER  -- 0/1, NULL when not recorded
      );
      CREATE INDEX audit_asset ON audit (asset_id, at);
      CREATE INDEX audit_rule  ON audit (rule_id, at);
      CREATE INDEX audit_at    ON audit (at);
      CREATE INDEX audit_run   ON audit (run_id) WHERE run_id IS NOT NULL;
    `,
  },
  {
    version: 3,
    name: 'plugin state',
    sql: `
      CREATE TABLE plugin_state (
        plugin TEXT NOT NULL,
        key    TEXT NOT NULL,
        value  TEXT NOT NULL, -- JSON
        PRIMARY KEY (plugin, key)
      ) WITHOUT ROWID;
    `,
  },
];

/** The schema version this package writes. */
export const SCHEMA_VERSION: number = MIGRATIONS.length;

/** What {@link migrate} found and did. */
export interface MigrationOutcome {
  /** Version before. */
  from: number;
  /** Version after. */
  to: number;
}

/**
 * Brings a database to {@link SCHEMA_VERSION}, each missing step in one IMMEDIATE transaction
 * with its row in `warden_migrations` and `PRAGMA user_version`, so two processes opening the
 * same new file cannot both migrate it and a crash never leaves half a step.
 *
 * @param db - an open connection
 * @param migrations - the steps (tests pass their own)
 * @param now - the time recorded per applied step
 * @returns the versions before and after
 * @throws Error `newer schema` when the database was written by a newer version of this package
 */
export function migrate(db: BetterSqlite3.Database, migrations: readonly Migration[] = MIGRATIONS, now = Date.now()): MigrationOutcome {
  const latest = migrations.length;
  const step = db.transaction((): MigrationOutcome => {
    db.exec(`CREATE TABLE IF NOT EXISTS warden_migrations (
      version    INTEGER PRIMARY KEY,
      name       TEXT    NOT NULL,
      applied_at INTEGER NOT NULL
    )`);
    const row = db.prepare('SELECT max(version) AS version FROM warden_migrations').get() as { version: number | null };
    const from = row.version ?? 0;
    if (from > latest) throw new Error(`newer schema: the database is at schema version ${from}, this package writes ${latest}`);
    const record = db.prepare('INSERT INTO warden_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of migrations.slice(from)) {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, now);
    }
    // Mirrors the version for tools that read user_version. PRAGMA takes no bound parameter;
    // the value is our own integer.
    if (from < latest) db.exec(`PRAGMA user_version = ${latest}`);
    return { from, to: latest };
  });
  return step.immediate();
}
