import type { AuditQuery, IncidentQuery, StateChangeQuery } from '@warden/core';

/**
 * The WHERE conditions for the filter fields that are set: each `[sql, value]` pair whose value
 * is defined contributes `sql` (with one `?`) and its parameter.
 *
 * @param pairs - condition and value
 * @returns conditions and parameters, in order
 */
function conditions(pairs: ReadonlyArray<readonly [string, string | number | undefined]>): {
  where: string[];
  params: Array<string | number>;
} {
  const where: string[] = [];
  const params: Array<string | number> = [];
  for (const [sql, value] of pairs) {
    if (value === undefined) continue;
    where.push(sql);
    params.push(value);
  }
  return { where, params };
}

/** A query's SQL (the same text for every query of the same shape) and its parameters. */
export interface BuiltQuery {
  /** Statement text; used as the prepared-statement cache key. */
  sql: string;
  /** Values for its `?` placeholders, in order. */
  params: Array<string | number>;
}

/**
 * The SELECT for a state-change query. Each filter becomes one indexed condition; `ORDER BY
 * at, seq` is what the indexes already deliver (every index ends with the rowid), so no sort
 * step is needed for one asset or the whole history.
 *
 * @param query - the filter
 * @returns SQL and parameters
 */
export function stateChangeSelect(query: StateChangeQuery): BuiltQuery {
  const { where, params } = conditions([
    ['check_id = ?', query.check],
    ['asset_id = ?', query.asset],
    ['at >= ?', query.from],
    ['at < ?', query.to],
  ]);
  const filter = where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`;
  return {
    sql: `SELECT check_id, asset_id, at, status, previous, state_type, unreachable, in_maintenance FROM state_changes${filter} ORDER BY at, seq`,
    params,
  };
}

/**
 * The SELECT for an incident query. `open` is written as a literal (`state = 'open'`), not a
 * parameter, so SQLite can use the partial index over open incidents.
 *
 * @param query - the filter
 * @returns SQL and parameters
 */
export function incidentSelect(query: IncidentQuery): BuiltQuery {
  const { where, params } = conditions([
    ['check_id = ?', query.check],
    ['asset_id = ?', query.asset],
    ['opened_at >= ?', query.from],
    ['opened_at < ?', query.to],
  ]);
  if (query.open !== undefined) where.unshift(query.open ? "state = 'open'" : "state = 'resolved'");
  const filter = where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`;
  return { sql: `SELECT * FROM incidents${filter} ORDER BY opened_at, rowid`, params };
}

/**
 * The SELECT for an audit query: one indexed condition per filter, oldest first, ties in
 * append order.
 *
 * @param query - the filter
 * @returns SQL and parameters
 */
export function auditSelect(query: AuditQuery): BuiltQuery {
  const { where, params } = conditions([
    ['asset_id = ?', query.asset],
    ['rule_id = ?', query.rule],
    ['at >= ?', query.from],
    ['at < ?', query.to],
  ]);
  const filter = where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`;
  return { sql: `SELECT * FROM audit${filter} ORDER BY at, seq`, params };
}
