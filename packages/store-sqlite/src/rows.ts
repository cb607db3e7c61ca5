import type { Acknowledgement, AuditRecord, CheckStateRecord, Incident, StateChangeRecord } from '@warden/core';

// Row ↔ record mapping. NULL stands for "field absent", so a record comes back with exactly
// the fields it was saved with; booleans are 0/1 so that `false` and absent stay distinct.

type Value = string | number | null;

const bit = (value: boolean | undefined): number | null => (value === undefined ? null : value ? 1 : 0);
const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);
const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

/** Column order of the check-state upsert. */
export const CHECK_STATE_COLUMNS = [
  'check_id',
  'asset_id',
  'status',
  'state_type',
  'attempt',
  'result',
  'last_check_at',
  'last_change_at',
  'flap_word',
  'problem_since',
  'incident_open',
  'failing_key',
] as const;

/** A check-state row as read back. */
export interface CheckStateRow {
  check_id: string;
  asset_id: string;
  status: CheckStateRecord['status'];
  state_type: CheckStateRecord['stateType'];
  attempt: number;
  result: string | null;
  last_check_at: number | null;
  last_change_at: number | null;
  flap_word: number | null;
  problem_since: number | null;
  incident_open: number | null;
  failing_key: string | null;
}

/**
 * The parameters of a check state, in {@link CHECK_STATE_COLUMNS} order.
 *
 * @param r - the record
 * @returns the values to bind
 */
export function checkStateParams(r: CheckStateRecord): Value[] {
  return [
    r.check,
    r.asset,
    r.status,
    r.stateType,
    r.attempt,
    json(r.result),
    orNull(r.lastCheckAt),
    orNull(r.lastChangeAt),
    orNull(r.flapWord),
    orNull(r.problemSince),
    bit(r.incidentOpen),
    orNull(r.failingKey),
  ];
}

/**
 * A check state from its row.
 *
 * @param row - the row
 * @returns the record, with only the fields that were saved
 */
export function checkStateOf(row: CheckStateRow): CheckStateRecord {
  const record: CheckStateRecord = {
    check: row.check_id,
    asset: row.asset_id,
    status: row.status,
    stateType: row.state_type,
    attempt: row.attempt,
  };
  if (row.result !== null) record.result = JSON.parse(row.result);
  if (row.last_check_at !== null) record.lastCheckAt = row.last_check_at;
  if (row.last_change_at !== null) record.lastChangeAt = row.last_change_at;
  if (row.flap_word !== null) record.flapWord = row.flap_word;
  if (row.problem_since !== null) record.problemSince = row.problem_since;
  if (row.incident_open !== null) record.incidentOpen = row.incident_open === 1;
  if (row.failing_key !== null) record.failingKey = row.failing_key;
  return record;
}

/** Column order of the state-change insert. */
export const STATE_CHANGE_COLUMNS = [
  'check_id',
  'asset_id',
  'at',
  'status',
  'previous',
  'state_type',
  'unreachable',
  'in_maintenance',
] as const;

/** A state-change row as read back. */
export interface StateChangeRow {
  check_id: string;
  asset_id: string;
  at: number;
  status: StateChangeRecord['status'];
  previous: StateChangeRecord['previous'];
  state_type: StateChangeRecord['stateType'];
  unreachable: number | null;
  in_maintenance: number | null;
}

/**
 * The parameters of a state change, in {@link STATE_CHANGE_COLUMNS} order.
 *
 * @param r - the record
 * @returns the values to bind
 */
export function stateChangeParams(r: StateChangeRecord): Value[] {
  return [r.check, r.asset, r.at, r.status, r.previous, r.stateType, bit(r.unreachable), bit(r.inMaintenance)];
}

/**
 * A state change from its row.
 *
 * @param row - the row
 * @returns the record, with only the fields that were saved
 */
export function stateChangeOf(row: StateChangeRow): StateChangeRecord {
  const record: StateChangeRecord = {
    check: row.check_id,
    asset: row.asset_id,
    at: row.at,
    status: row.status,
    previous: row.previous,
    stateType: row.state_type,
  };
  if (row.unreachable !== null) record.unreachable = row.unreachable === 1;
  if (row.in_maintenance !== null) record.inMaintenance = row.in_maintenance === 1;
  return record;
}

/** Column order of the incident upsert. */
export const INCIDENT_COLUMNS = [
  'id',
  'check_id',
  'asset_id',
  'problem_id',
  'state',
  'severity',
  'summary',
  'failing_series',
  'opened_at',
  'updated_at',
  'resolved_at',
  'resolution',
  'acknowledgement',
  'flapping',
  'notified',
  'timeline',
] as const;

/** An incident row as read back. */
export interface IncidentRow {
  id: string;
  check_id: string;
  asset_id: string;
  problem_id: string;
  state: Incident['state'];
  severity: Incident['severity'];
  summary: string;
  failing_series: string | null;
  opened_at: number;
  updated_at: number;
  resolved_at: number | null;
  resolution: string | null;
  acknowledgement: string | null;
  flapping: number;
  notified: number;
  timeline: string;
}

/**
 * The parameters of an incident, in {@link INCIDENT_COLUMNS} order.
 *
 * @param i - the incident
 * @returns the values to bind
 */
export function incidentParams(i: Incident): Value[] {
  return [
    i.id,
    i.check,
    i.asset,
    i.problemId,
    i.state,
    i.severity,
    i.summary,
    json(i.failingSeries),
    i.openedAt,
    i.updatedAt,
    orNull(i.resolvedAt),
    orNull(i.resolution),
    json(i.acknowledgement),
    i.flapping ? 1 : 0,
    i.notified ? 1 : 0,
    JSON.stringify(i.timeline),
  ];
}

/**
 * An incident from its row.
 *
 * @param row - the row
 * @returns the incident, with only the fields that were saved (in the declared field order)
 */
export function incidentOf(row: IncidentRow): Incident {
  return {
    id: row.id,
    check: row.check_id,
    asset: row.asset_id,
    problemId: row.problem_id,
    state: row.state,
    severity: row.severity,
    summary: row.summary,
    ...(row.failing_series === null ? {} : { failingSeries: JSON.parse(row.failing_series) as string[] }),
    openedAt: row.opened_at,
    updatedAt: row.updated_at,
    ...(row.resolved_at === null ? {} : { resolvedAt: row.resolved_at }),
    ...(row.resolution === null ? {} : { resolution: row.resolution }),
    ...(row.acknowledgement === null ? {} : { acknowledgement: JSON.parse(row.acknowledgement) as Acknowledgement }),
    flapping: row.flapping === 1,
    notified: row.notified === 1,
    timeline: JSON.parse(row.timeline) as Incident['timeline'],
  };
}

/** Column order of the audit insert. */
export const AUDIT_COLUMNS = [
  'id',
  'at',
  'kind',
  'rule_id',
  'action',
  'asset_id',
  'run_id',
  'params',
  'reason',
  'output',
  'duration_ms',
  'ok',
] as const;

/** An audit row as read back. */
export interface AuditRow {
  id: string;
  at: number;
  kind: AuditRecord['kind'];
  rule_id: string;
  action: string;
  asset_id: string;
  run_id: string | null;
  params: string | null;
  reason: string | null;
  output: string | null;
  duration_ms: number | null;
  ok: number | null;
}

/**
 * The parameters of an audit record, in {@link AUDIT_COLUMNS} order.
 *
 * @param r - the record
 * @returns the values to bind
 */
export function auditParams(r: AuditRecord): Value[] {
  return [
    r.id,
    r.at,
    r.kind,
    r.rule,
    r.action,
    r.asset,
    orNull(r.run),
    json(r.params),
    orNull(r.reason),
    orNull(r.output),
    orNull(r.durationMs),
    bit(r.ok),
  ];
}

/**
 * The audit record of a row: exactly the fields it was saved with.
 *
 * @param row - the row
 * @returns the record
 */
export function auditOf(row: AuditRow): AuditRecord {
  const record: AuditRecord = { id: row.id, at: row.at, kind: row.kind, rule: row.rule_id, action: row.action, asset: row.asset_id };
  if (row.run_id !== null) record.run = row.run_id;
  if (row.params !== null) record.params = JSON.parse(row.params) as unknown;
  if (row.reason !== null) record.reason = row.reason;
  if (row.output !== null) record.output = row.output;
  if (row.duration_ms !== null) record.durationMs = row.duration_ms;
  if (row.ok !== null) record.ok = row.ok === 1;
  return record;
}
