import type { CheckResult, CheckStatus } from '../checks/types.js';
import type { Incident } from '../incidents/types.js';
import type { AuditQuery, AuditRecord } from '../remediation/types.js';

/** A check state as the store keeps it. */
export interface CheckStateRecord {
  /** Check id. */
  check: string;
  /** Asset id. */
  asset: string;
  /** Status, or pending before the first usable result. */
  status: CheckStatus | 'pending';
  /** Soft or hard. */
  stateType: 'soft' | 'hard';
  /** Current attempt. */
  attempt: number;
  /** Last result. */
  result?: CheckResult;
  /** When it last ran. */
  lastCheckAt?: number;
  /** When its status last changed. */
  lastChangeAt?: number;
  /** Packed flap-detection history (see `FlapTable`). */
  flapWord?: number;
  /** When the current non-OK episode began (for `for:`), so a restart does not restart the wait. */
  problemSince?: number;
  /** Whether the state machine has an incident open for the pair. */
  incidentOpen?: boolean;
  /** The failing series of the current problem (sorted, newline-joined). */
  failingKey?: string;
}

/** One status change of a (check, asset): the history reports are computed from. */
export interface StateChangeRecord {
  /** Check id. */
  check: string;
  /** Asset id. */
  asset: string;
  /** When. */
  at: number;
  /** New status. */
  status: CheckStatus | 'pending';
  /** Previous status. */
  previous: CheckStatus | 'pending';
  /** Soft or hard. */
  stateType: 'soft' | 'hard';
  /** Whether the asset was unreachable (a parent down) at the time. */
  unreachable?: boolean;
  /** Whether the pair was in maintenance at the time. */
  inMaintenance?: boolean;
}

/** Filter for incident queries. */
export interface IncidentQuery {
  /** Only open (true) or only resolved (false) incidents. */
  open?: boolean;
  /** One check. */
  check?: string;
  /** One asset. */
  asset?: string;
  /** Opened at or after. */
  from?: number;
  /** Opened before. */
  to?: number;
}

/** Filter for state-change queries. */
export interface StateChangeQuery {
  /** One check. */
  check?: string;
  /** One asset. */
  asset?: string;
  /** At or after. */
  from?: number;
  /** Before. */
  to?: number;
}

/**
 * Where Warden keeps what must outlive a restart: check states, the state-change history,
 * incidents (and, with remediation, audit records and attempts). Async and small: Warden
 * batches writes behind its synchronous hot cache and never awaits them on the hot path.
 * In memory by default; `@warden/store-sqlite` is durable.
 */
export interface StateStore {
  /** Upserts check states (by check + asset). */
  saveCheckStates(states: readonly CheckStateRecord[]): Promise<void>;
  /** Removes check states. */
  deleteCheckStates(keys: ReadonlyArray<{ check: string; asset?: string }>): Promise<void>;
  /** Every stored check state (read once at start). */
  loadCheckStates(): Promise<CheckStateRecord[]>;
  /** Appends state changes. */
  appendStateChanges(changes: readonly StateChangeRecord[]): Promise<void>;
  /** State changes matching a filter, oldest first. */
  queryStateChanges(query?: StateChangeQuery): Promise<StateChangeRecord[]>;
  /** Upserts incidents (by id). */
  saveIncidents(incidents: readonly Incident[]): Promise<void>;
  /** Incidents matching a filter, oldest first. */
  queryIncidents(query?: IncidentQuery): Promise<Incident[]>;
  /**
   * Appends audit records (append-only). When the promise resolves the records are stored
   * (for a durable store: committed), which is what an intent record before an action relies on.
   */
  appendAudit(records: readonly AuditRecord[]): Promise<void>;
  /** Audit records matching a filter, oldest first (ties in append order). */
  queryAudit(query?: AuditQuery): Promise<AuditRecord[]>;
  /**
   * A plugin's stored value under `key` (what `ctx.store.get` reads), as a fresh copy;
   * undefined when nothing is stored.
   */
  getPluginState(plugin: string, key: string): Promise<unknown>;
  /**
   * Stores a plugin's value under `key`, replacing what was there; `undefined` deletes it.
   * Values are JSON (what `JSON.stringify` keeps is what comes back).
   */
  setPluginState(plugin: string, key: string, value: unknown): Promise<void>;
  /** Flushes and releases resources. */
  close(): Promise<void>;
}
