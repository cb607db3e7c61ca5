import type { IncidentQuery, StateChangeQuery } from '@warden/core';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { type BuiltQuery, incidentSelect, stateChangeSelect } from '../src/queries.js';
import { createSqliteStore } from '../src/sqlite-store.js';
import { useTempDir } from './helpers/temp-dir.js';

const temp = useTempDir();

async function plans(build: (query: never) => BuiltQuery, queries: object[]): Promise<Array<[string, string]>> {
  const path = temp();
  await createSqliteStore({ path }).close();
  const db = new Database(path, { readonly: true });
  try {
    return queries.map((query) => {
      const { sql, params } = build(query as never);
      const steps = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as Array<{ detail: string }>;
      return [JSON.stringify(query), steps.map((s) => s.detail).join(' | ')];
    });
  } finally {
    db.close();
  }
}

describe('query plans', () => {
  it('every state-change filter is served by an index, in order, with no full scan and no sort step', async () => {
    const queries: StateChangeQuery[] = [
      {},
      { check: 'disk' },
      { asset: 'web-1' },
      { check: 'disk', asset: 'web-1' },
      { from: 1 },
      { from: 1, to: 2 },
      { check: 'disk', from: 1, to: 2 },
      { asset: 'web-1', from: 1 },
      { check: 'disk', asset: 'web-1', from: 1, to: 2 },
    ];
    for (const [query, plan] of await plans(stateChangeSelect, queries)) {
      expect(plan, query).toMatch(/USING INDEX state_changes_(check|asset|at)\b/);
      expect(plan, query).not.toContain('TEMP B-TREE');
    }
  });

  it('every incident filter is served by an index; open incidents by the partial index', async () => {
    const queries: IncidentQuery[] = [
      {},
      { open: true },
      { open: false },
      { check: 'disk' },
      { asset: 'web-1', open: true },
      { from: 1, to: 2 },
      { open: true, from: 1 },
      { check: 'disk', asset: 'web-1', from: 1 },
    ];
    const result = await plans(incidentSelect, queries);
    for (const [query, plan] of result) {
      expect(plan, query).toMatch(/USING INDEX incidents_/);
      expect(plan, query).not.toContain('TEMP B-TREE');
    }
    expect(Object.fromEntries(result)['{"open":true}']).toContain('incidents_open');
  });

  it('binds values as parameters, never into the SQL text', () => {
    const hostile = "x' OR 1=1 --";
    expect(stateChangeSelect({ check: hostile, asset: hostile }).sql).not.toContain(hostile);
    expect(incidentSelect({ check: hostile, open: true })).toEqual({
      sql: "SELECT * FROM incidents WHERE state = 'open' AND check_id = ? ORDER BY opened_at, rowid",
      params: [hostile],
    });
  });
});
