import type { AuditQuery, IncidentQuery, StateChangeQuery } from '@warden/core';

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
  const where: string[] = [];
  const params: Array<string | number> = [];
  if (query.check !== undefined) {
    where.push('check_id = ?');
    params.push(query.check);
  }
  if (query.asset !== undefined) {
    where.push('asset_id = ?');
    params.push(query.asset);
  }
  if (query.from !== undefined) {
    where.push('at >= ?');
    params.push(query.from);
  }
  if (query.to !== undefined) {
    where.push('at < ?');
    params.push(query.to);
  }
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
  const where: string[] = [];
  const params: Array<string | number> = [];
  if (query.open !== undefined) where.push(query.open ? "state = 'open'" : "state = 'resolved'");
  if (query.check !== undefined) {
    where.push('check_id = ?');
    params.push(query.check);
  }
  if (query.asset !== undefined) {
    where.push('asset_id = ?');
    params.push(query.asset);
  }
  if (query.from !== undefined) {
    where.push('opened_at >= ?');
    params.push(query.from);
  }
  if (query.to !== undefined) {
    where.push('opened_at < ?');
    params.push(query.to);
  }
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
  const where: string[] = [];
  const params: Array<string | number> = [];
  if (query.asset !== undefined) {
    where.push('asset_id = ?');
    params.push(query.asset);
  }
  if (query.rule !== undefined) {
    where.push('rule_id = ?');
    params.push(query.rule);
  }
  if (query.from !== undefined) {
    where.push('at >= ?');
    params.push(query.from);
  }
  if (query.to !== undefined) {
    where.push('at < ?');
    params.push(query.to);
  }
  const filter = where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`;
  return { sql: `SELECT * FROM audit${filter} ORDER BY at, seq`, params };
}
