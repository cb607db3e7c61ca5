import { existsSync, statSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
// Relative until the lead exports checkStateStore from @warden/core/testing.
import { checkStateStore } from '../../core/src/testing/store-conformance.js';
import { SQLITE_STORE_DEFAULTS } from '../src/options.js';
import { createSqliteStore } from '../src/sqlite-store.js';
import { change, checkState, incident, T0 } from './helpers/fixtures.js';
import { useTempDir } from './helpers/temp-dir.js';

const temp = useTempDir();

/** Reads a database file with a separate connection, as another process would. */
function inspect<T>(path: string, read: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

describe('createSqliteStore: conformance', () => {
  it('passes every StateStore rule on a file, including reopen persistence', async () => {
    const path = temp();
    const findings = await checkStateStore(() => createSqliteStore({ path }), { persistent: true });
    expect(findings.filter((f) => !f.ok)).toEqual([]);
    expect(findings.some((f) => f.rule === 'reopen-persistence')).toBe(true);
  });

  it('passes with synchronous: normal and with a private :memory: database', async () => {
    const path = temp();
    const normal = await checkStateStore(() => createSqliteStore({ path, synchronous: 'normal' }), { persistent: true });
    expect(normal.filter((f) => !f.ok)).toEqual([]);
    const memory = await checkStateStore(() => createSqliteStore({ path: ':memory:' }));
    expect(memory.filter((f) => !f.ok)).toEqual([]);
  });
});

describe('createSqliteStore: file and reopen', () => {
  it('keeps everything across close and reopen, in WAL mode, and folds the log into the file at close', async () => {
    const path = temp();
    const store = createSqliteStore({ path });
    await store.saveCheckStates([checkState('disk', 'web-1', 3)]);
    await store.appendStateChanges([change('disk', 'web-1', T0), change('disk', 'web-1', T0 + 1, 'ok')]);
    await store.saveIncidents([incident('i1', T0, T0 + 1)]);
    expect(existsSync(`${path}-wal`)).toBe(true);
    await store.close();
    await store.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(inspect(path, (db) => db.pragma('journal_mode', { simple: true }))).toBe('wal');

    const again = createSqliteStore({ path });
    expect(await again.loadCheckStates()).toEqual([checkState('disk', 'web-1', 3)]);
    expect((await again.queryStateChanges()).map((c) => c.status)).toEqual(['critical', 'ok']);
    expect(await again.queryIncidents({ open: false })).toEqual([incident('i1', T0, T0 + 1)]);
    await again.close();
  });

  it('lets a second connection read what the first committed (another process, a backup tool)', async () => {
    const path = temp();
    const writer = createSqliteStore({ path });
    const reader = createSqliteStore({ path });
    await writer.appendStateChanges([change('disk', 'web-1', T0)]);
    expect(await reader.queryStateChanges({ asset: 'web-1' })).toEqual([change('disk', 'web-1', T0)]);
    await Promise.all([writer.close(), reader.close()]);
  });

  it('checkpoint() moves the log into the file and truncates it', async () => {
    const path = temp();
    const store = createSqliteStore({ path });
    await store.appendStateChanges(Array.from({ length: 500 }, (_, i) => change('disk', `a${i}`, T0 + i)));
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
    const result = await store.checkpoint();
    expect(result.busy).toBe(false);
    expect(result.walFrames).toBeGreaterThan(0);
    expect(result.checkpointedFrames).toBe(result.walFrames);
    expect(statSync(`${path}-wal`).size).toBe(0);
    expect(inspect(path, (db) => db.prepare('SELECT count(*) AS n FROM state_changes').get())).toEqual({ n: 500 });
    await store.close();
    await expect(store.checkpoint()).rejects.toMatchObject({ code: 'ERR_STOPPED' });
  });
});

describe('createSqliteStore: durability settings', () => {
  it('runs the connection with synchronous FULL by default and NORMAL when asked, in WAL mode', async () => {
    const spy = vi.spyOn(Database.prototype, 'pragma');
    try {
      const effective = async (options: { synchronous?: 'full' | 'normal' }) => {
        spy.mockClear();
        const store = createSqliteStore({ path: temp(), ...options });
        // The store's own connection, read back through the spied method.
        const db = spy.mock.contexts[0] as Database.Database;
        const settings = [db.pragma('synchronous', { simple: true }), db.pragma('journal_mode', { simple: true })];
        await store.close();
        return settings;
      };
      expect(await effective({})).toEqual([2, 'wal']);
      expect(await effective({ synchronous: 'full' })).toEqual([2, 'wal']);
      expect(await effective({ synchronous: 'normal' })).toEqual([1, 'wal']);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('createSqliteStore: one transaction per batch', () => {
  it('writes a batch whole or not at all', async () => {
    const path = temp();
    const store = createSqliteStore({ path });
    await store.appendStateChanges([change('disk', 'web-1', T0)]);
    // The third record breaks a NOT NULL column: the two before it must not stay behind.
    const bad = { ...change('disk', 'web-1', T0 + 3), status: null } as unknown as ReturnType<typeof change>;
    await expect(store.appendStateChanges([change('disk', 'web-1', T0 + 1), change('disk', 'web-1', T0 + 2), bad])).rejects.toThrow(
      /NOT NULL/,
    );
    expect((await store.queryStateChanges()).map((c) => c.at - T0)).toEqual([0]);

    const badIncident = { ...incident('i2', T0), timeline: undefined } as unknown as ReturnType<typeof incident>;
    await expect(store.saveIncidents([incident('i1', T0), badIncident])).rejects.toThrow();
    expect(await store.queryIncidents()).toEqual([]);
    await store.close();
  });
});

describe('createSqliteStore: bounded history', () => {
  it('keeps the newest maxStateChanges in append order, across batches and reopen', async () => {
    const path = temp();
    const store = createSqliteStore({ path, maxStateChanges: 3 });
    for (let i = 0; i < 10; i++) await store.appendStateChanges([change('disk', 'a', T0 + i)]);
    await store.appendStateChanges([change('disk', 'a', T0 - 100), change('disk', 'a', T0 + 100)]);
    expect((await store.queryStateChanges()).map((c) => c.at - T0)).toEqual([-100, 9, 100]);
    await store.close();
    const unbounded = createSqliteStore({ path });
    await unbounded.appendStateChanges([change('disk', 'a', T0 + 200)]);
    expect(await unbounded.queryStateChanges()).toHaveLength(4);
    await unbounded.close();
  });

  it('keeps the newest maxAuditRecords in append order, across batches and reopen; the default bound is a million', async () => {
    const path = temp();
    const audit = (n: number) => ({ id: `a${n}`, at: T0 + n, kind: 'started' as const, rule: 'r', action: 'exec.local', asset: 'web-1' });
    const store = createSqliteStore({ path, maxAuditRecords: 3 });
    for (let i = 0; i < 5; i++) await store.appendAudit([audit(i)]);
    await store.appendAudit([audit(5), audit(6)]);
    expect((await store.queryAudit()).map((r) => r.id)).toEqual(['a4', 'a5', 'a6']);
    await store.close();
    const unbounded = createSqliteStore({ path, maxAuditRecords: Number.POSITIVE_INFINITY });
    await unbounded.appendAudit([audit(7)]);
    expect(await unbounded.queryAudit()).toHaveLength(4);
    await unbounded.close();
    expect(() => createSqliteStore({ path, maxAuditRecords: 0 })).toThrow(/maxAuditRecords: expected a positive integer or Infinity/);
    expect(SQLITE_STORE_DEFAULTS.maxAuditRecords).toBe(1_000_000);
  });

  it('keeps open incidents and the maxResolvedIncidents most recently resolved', async () => {
    const store = createSqliteStore({ path: temp(), maxResolvedIncidents: 2 });
    await store.saveIncidents([incident('old', T0, T0 + 10), incident('open-1', T0 + 1)]);
    await store.saveIncidents([incident('mid', T0 + 2, T0 + 20), incident('new', T0 + 3, T0 + 30)]);
    await store.saveIncidents([incident('open-2', T0 + 4)]);
    expect((await store.queryIncidents()).map((i) => i.id)).toEqual(['open-1', 'mid', 'new', 'open-2']);
    // Resolving an open one pushes out the longest resolved.
    await store.saveIncidents([incident('open-1', T0 + 1, T0 + 40)]);
    expect((await store.queryIncidents()).map((i) => `${i.id}:${i.state}`)).toEqual(['open-1:resolved', 'new:resolved', 'open-2:open']);
    await store.close();
  });
});

describe('createSqliteStore: schema', () => {
  it('records schema version 3 in warden_migrations and user_version, and migrates once', async () => {
    const path = temp();
    await createSqliteStore({ path }).close();
    await createSqliteStore({ path }).close();
    inspect(path, (db) => {
      expect(db.prepare('SELECT version, name FROM warden_migrations').all()).toEqual([
        { version: 1, name: 'check states, state changes, incidents' },
        { version: 2, name: 'audit records' },
        { version: 3, name: 'plugin state' },
      ]);
      expect(db.pragma('user_version', { simple: true })).toBe(3);
      const indexes = (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>
      )
        .map((r) => r.name)
        .sort();
      expect(indexes).toEqual([
        'audit_asset',
        'audit_at',
        'audit_rule',
        'audit_run',
        'incidents_asset',
        'incidents_check',
        'incidents_open',
        'incidents_opened',
        'incidents_resolved',
        'state_changes_asset',
        'state_changes_at',
        'state_changes_check',
      ]);
    });
  });
});

describe('createSqliteStore: bad input', () => {
  it('lists every bad option with ERR_CONFIG_INVALID', () => {
    const bad = { path: '', synchronous: 'off', busyTimeout: 'soon', maxStateChanges: 0, maxResolvedIncidents: 1.5, walMode: true };
    let error: unknown;
    try {
      createSqliteStore(bad as never);
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ code: 'ERR_CONFIG_INVALID' });
    const message = (error as Error).message;
    for (const name of [
      'walMode: unknown option',
      'path: expected',
      "synchronous: expected 'full' or 'normal'",
      'busyTimeout:',
      'maxStateChanges:',
      'maxResolvedIncidents:',
    ])
      expect(message).toContain(name);
  });

  it('names the path and what to do when the directory is missing or the file is not a database', () => {
    const missing = `${temp('no-such-dir')}/warden.db`;
    expect(() => createSqliteStore({ path: missing })).toThrow(
      expect.objectContaining({ code: 'ERR_CONFIG_INVALID', message: expect.stringContaining(`"${missing}"`) }),
    );
    const junk = temp('junk.db');
    writeFileSync(junk, 'this is not a database, it is a grocery list'.repeat(100));
    expect(() => createSqliteStore({ path: junk })).toThrow(/cannot open the SQLite store at .*junk\.db.*not a database.*check that/);
  });

  it('refuses a database written by a newer version instead of misreading it', async () => {
    const path = temp();
    await createSqliteStore({ path }).close();
    const db = new Database(path);
    db.prepare('INSERT INTO warden_migrations (version, name, applied_at) VALUES (4, ?, 0)').run('from the future');
    db.close();
    expect(() => createSqliteStore({ path })).toThrow(/schema version 4, this package writes 3.*upgrade @warden\/store-sqlite/);
  });
});

describe('createSqliteStore: locks', () => {
  it('waits busyTimeout for another writer, then rejects with SQLITE_BUSY and keeps working once the lock is gone', async () => {
    const path = temp();
    const store = createSqliteStore({ path, busyTimeout: 50 });
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    await expect(store.appendStateChanges([change('disk', 'web-1', T0)])).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    other.exec('ROLLBACK');
    other.close();
    await store.appendStateChanges([change('disk', 'web-1', T0 + 1)]);
    expect((await store.queryStateChanges()).map((c) => c.at - T0)).toEqual([1]);
    await store.close();
  });
});
