import type { WardenEmitter } from '../events/emitter.js';
import type { Clock } from '../internal/clock.js';
import type { WriteBehind } from '../store/write-behind.js';
import type { AuditKind, AuditRecord } from './types.js';

/** Where a decision goes: the audit log (queued) and the `remediation:*` events. */
export interface DecisionSink {
  /** Audit records are queued here. */
  writer: WriteBehind;
  /** `remediation:*` events go out here. */
  emitter: WardenEmitter;
  /** Stamps the record. */
  clock: Clock;
  /** Record ids. */
  newId(): string;
}

/**
 * Records one decision of a rule or a change — planned, skipped, approved, denied, verified —
 * as an audit record (queued behind the hot path) and the matching event: `remediation:<kind>`,
 * with a failed verification as `remediation:failed` and anything else as `remediation:skipped`.
 *
 * @param sink - writer, emitter, clock, ids
 * @param kind - what was decided
 * @param base - rule (`change:<id>` for changes), action and asset
 * @param extra - run, params, reason, ok
 */
export function recordDecision(
  sink: DecisionSink,
  kind: AuditKind,
  base: { rule: string; action: string; asset: string },
  extra: Partial<AuditRecord> = {},
): void {
  const record: AuditRecord = { id: sink.newId(), at: sink.clock.now(), kind, ...base, ...extra };
  try {
    sink.writer.appendAudit(record);
  } catch {
    // Writer closed (stopping): nothing more is decided after this.
  }
  const event =
    kind === 'verified'
      ? extra.ok === false
        ? 'remediation:failed'
        : 'remediation:verified'
      : kind === 'planned' || kind === 'approved' || kind === 'denied'
        ? (`remediation:${kind}` as const)
        : 'remediation:skipped';
  sink.emitter.emit(event, { ...base, message: extra.reason ?? kind });
}
