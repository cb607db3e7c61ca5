import type { Incident } from '../incidents/types.js';
import type { AuditQuery, AuditRecord } from '../remediation/types.js';
import type { IncidentQuery, StateChangeQuery, StateChangeRecord } from './types.js';

/**
 * Whether an incident matches a query (the semantics every `StateStore` implements: `open`
 * by state, `check`/`asset` exact, `from` ≤ openedAt < `to`).
 *
 * @param incident - the incident
 * @param query - the filter
 * @returns true when it matches
 */
export function matchesIncident(incident: Incident, query: IncidentQuery): boolean {
  if (query.open !== undefined && (incident.state === 'open') !== query.open) return false;
  if (query.check !== undefined && incident.check !== query.check) return false;
  if (query.asset !== undefined && incident.asset !== query.asset) return false;
  if (query.from !== undefined && incident.openedAt < query.from) return false;
  if (query.to !== undefined && incident.openedAt >= query.to) return false;
  return true;
}

/**
 * Whether a state change matches a query (`check`/`asset` exact, `from` ≤ at < `to`).
 *
 * @param record - the state change
 * @param query - the filter
 * @returns true when it matches
 */
export function matchesStateChange(record: StateChangeRecord, query: StateChangeQuery): boolean {
  if (query.check !== undefined && record.check !== query.check) return false;
  if (query.asset !== undefined && record.asset !== query.asset) return false;
  if (query.from !== undefined && record.at < query.from) return false;
  if (query.to !== undefined && record.at >= query.to) return false;
  return true;
}

/**
 * Whether an audit record matches a query (`asset`/`rule` exact, `from` ≤ at < `to`).
 *
 * @param record - the audit record
 * @param query - the filter
 * @returns true when it matches
 */
export function matchesAudit(record: AuditRecord, query: AuditQuery): boolean {
  if (query.asset !== undefined && record.asset !== query.asset) return false;
  if (query.rule !== undefined && record.rule !== query.rule) return false;
  if (query.from !== undefined && record.at < query.from) return false;
  if (query.to !== undefined && record.at >= query.to) return false;
  return true;
}
