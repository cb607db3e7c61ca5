import { WardenError } from '../errors/warden-error.js';
import type { Incident } from '../incidents/types.js';
import { type Clock, systemClock } from '../internal/clock.js';
import { type Duration, parseDuration } from '../internal/duration.js';
import type { AuditQuery, AuditRecord } from '../remediation/types.js';
import { matchesAudit, matchesIncident, matchesStateChange } from './filters.js';
import type { CheckStateRecord, IncidentQuery, StateChangeQuery, StateChangeRecord, StateStore } from './types.js';

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** Most state changes kept; the oldest go first. @defaultValue 100000 */
  maxStateChanges?: number;
  /** Most resolved incidents kept; the longest resolved go first. Open incidents are always kept. @defaultValue 10000 */
  maxResolvedIncidents?: number;
  /** Most audit records kept; the oldest go first. @defaultValue 100000 */
  maxAuditRecords?: number;
  /** State changes and resolved incidents older than this are dropped. @defaultValue unlimited */
  maxAge?: Duration;
  /** Where "now" comes from for `maxAge`. @defaultValue the system clock */
  clock?: Clock;
}

/** The defaults of {@link createMemoryStore}. */
export const MEMORY_STORE_DEFAULTS: Readonly<
  Required<Pick<MemoryStoreOptions, 'maxStateChanges' | 'maxResolvedIncidents' | 'maxAuditRecords'>>
> = Object.freeze({
  maxStateChanges: 100_000,
  maxAuditRecords: 100_000,
  maxResolvedIncidents: 10_000,
});

const pairKey = (check: string, asset: string): string => `${check}\u0000${asset}`;

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new WardenError('ERR_CONFIG_INVALID', `invalid memory store ${name}: ${String(value)} is not a positive integer`);
  }
  return value;
}

/**
 * Creates the default {@link StateStore}: everything in memory, bounded, gone at exit.
 *
 * Bounds: check states are kept one per (check, asset) with no limit (they are the live set);
 * state changes up to `maxStateChanges` and audit records up to `maxAuditRecords` (oldest dropped first) and resolved incidents up to
 * `maxResolvedIncidents` (longest resolved dropped first); with `maxAge`, all three are also dropped
 * once older than that (a change or audit record by `at`, an incident by `resolvedAt`). Open incidents are never
 * dropped. Records are copied in and out (`structuredClone`), so callers may keep mutating theirs.
 *
 * @param options - bounds and clock
 * @returns the store
 * @throws WardenError `ERR_CONFIG_INVALID` for a bound that is not a positive integer or a `maxAge` that is not a duration
 * @example
 * ```ts
 * const store = createMemoryStore({ maxStateChanges: 50_000, maxAge: '30d' });
 * await store.appendStateChanges([{ check: 'disk', asset: 'web-1', at: Date.now(), status: 'critical', previous: 'ok', stateType: 'hard' }]);
 * ```
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): StateStore {
  const maxChanges = positiveInteger(options.maxStateChanges ?? MEMORY_STORE_DEFAULTS.maxStateChanges, 'maxStateChanges');
  const maxResolved = positiveInteger(options.maxResolvedIncidents ?? MEMORY_STORE_DEFAULTS.maxResolvedIncidents, 'maxResolvedIncidents');
  const maxAudit = positiveInteger(options.maxAuditRecords ?? MEMORY_STORE_DEFAULTS.maxAuditRecords, 'maxAuditRecords');
  const maxAge = options.maxAge === undefined ? undefined : parseDuration(options.maxAge, 'memory store maxAge');
  const clock = options.clock ?? systemClock;

  const states = new Map<string, CheckStateRecord>();
  // A queue as an array plus a head index; compacted when the dead prefix is half of it.
  let changes: StateChangeRecord[] = [];
  let head = 0;
  const incidents = new Map<string, Incident>();
  // JSON text, so what comes back is what a durable store would give back.
  const pluginState = new Map<string, string>();
  // Resolved incident ids in the order they were resolved (re-inserted on every save).
  const resolvedOrder = new Map<string, number>();
  // Audit records: the same array-plus-head queue as state changes.
  let audit: AuditRecord[] = [];
  let auditHead = 0;
  let closed = false;

  function alive(): void {
    if (closed) throw new WardenError('ERR_STOPPED', 'the memory store was closed; create a new one');
  }

  function trimChanges(): void {
    const cutoff = maxAge === undefined ? undefined : clock.now() - maxAge;
    while (changes.length - head > maxChanges) head++;
    if (cutoff !== undefined) while (head < changes.length && (changes[head] as StateChangeRecord).at < cutoff) head++;
    if (head > 1024 && head * 2 > changes.length) {
      changes = changes.slice(head);
      head = 0;
    }
  }

  function trimAudit(): void {
    const cutoff = maxAge === undefined ? undefined : clock.now() - maxAge;
    while (audit.length - auditHead > maxAudit) auditHead++;
    if (cutoff !== undefined) while (auditHead < audit.length && (audit[auditHead] as AuditRecord).at < cutoff) auditHead++;
    if (auditHead > 1024 && auditHead * 2 > audit.length) {
      audit = audit.slice(auditHead);
      auditHead = 0;
    }
  }

  function trimIncidents(): void {
    const cutoff = maxAge === undefined ? undefined : clock.now() - maxAge;
    for (const [id, resolvedAt] of resolvedOrder) {
      if (resolvedOrder.size <= maxResolved && (cutoff === undefined || resolvedAt >= cutoff)) break;
      resolvedOrder.delete(id);
      incidents.delete(id);
    }
  }

  return {
    async saveCheckStates(records) {
      alive();
      for (const record of records) states.set(pairKey(record.check, record.asset), structuredClone(record));
    },
    async deleteCheckStates(keys) {
      alive();
      for (const key of keys) {
        if (key.asset !== undefined) {
          states.delete(pairKey(key.check, key.asset));
          continue;
        }
        for (const [k, record] of states) if (record.check === key.check) states.delete(k);
      }
    },
    async loadCheckStates() {
      alive();
      return [...states.values()].map((record) => structuredClone(record));
    },
    async appendStateChanges(records) {
      alive();
      for (const record of records) changes.push(structuredClone(record));
      trimChanges();
    },
    async queryStateChanges(query: StateChangeQuery = {}) {
      alive();
      trimChanges();
      const out: StateChangeRecord[] = [];
      for (let i = head; i < changes.length; i++) {
        const record = changes[i] as StateChangeRecord;
        if (matchesStateChange(record, query)) out.push(structuredClone(record));
      }
      return out.sort((a, b) => a.at - b.at);
    },
    async saveIncidents(records) {
      alive();
      for (const incident of records) {
        incidents.set(incident.id, structuredClone(incident));
        resolvedOrder.delete(incident.id);
        if (incident.state === 'resolved') resolvedOrder.set(incident.id, incident.resolvedAt ?? incident.updatedAt);
      }
      trimIncidents();
    },
    async queryIncidents(query: IncidentQuery = {}) {
      alive();
      trimIncidents();
      const out: Incident[] = [];
      for (const incident of incidents.values()) if (matchesIncident(incident, query)) out.push(structuredClone(incident));
      return out.sort((a, b) => a.openedAt - b.openedAt);
    },
    async appendAudit(records) {
      alive();
      for (const record of records) audit.push(structuredClone(record));
      trimAudit();
    },
    async queryAudit(query: AuditQuery = {}) {
      alive();
      trimAudit();
      const out: AuditRecord[] = [];
      for (let i = auditHead; i < audit.length; i++) {
        const record = audit[i] as AuditRecord;
        if (matchesAudit(record, query)) out.push(structuredClone(record));
      }
      return out.sort((a, b) => a.at - b.at);
    },
    async getPluginState(plugin, key) {
      alive();
      const text = pluginState.get(pairKey(plugin, key));
      return text === undefined ? undefined : JSON.parse(text);
    },
    async setPluginState(plugin, key, value) {
      alive();
      const text = value === undefined ? undefined : JSON.stringify(value);
      if (text === undefined) pluginState.delete(pairKey(plugin, key));
      else pluginState.set(pairKey(plugin, key), text);
    },
    async close() {
      closed = true;
      pluginState.clear();
      audit = [];
      auditHead = 0;
      states.clear();
      changes = [];
      head = 0;
      incidents.clear();
      resolvedOrder.clear();
    },
  };
}
