import type { Duration } from '../internal/duration.js';
import type { ActionResult } from '../plugins/types.js';

/** What an audit record says happened. */
export type AuditKind =
  | 'planned'
  | 'skipped'
  | 'approved'
  | 'denied'
  | 'started'
  | 'finished'
  | 'verified'
  | 'in-doubt'
  /** A notification that failed for good (after its retries): rule `notify:<route>`, action the notifier. */
  | 'notify-failed';

/**
 * One decision or step of a remediation or a manual `warden.act()`, as the audit log keeps
 * it. Append-only; params and output are stored with revealed secrets replaced by `[redacted]`.
 */
export interface AuditRecord {
  /** Unique id of this record. */
  id: string;
  /** When (ms since the epoch). */
  at: number;
  /** What happened. */
  kind: AuditKind;
  /** The remediation rule's id, `'act'` for a manual `warden.act()`, `change:<id>`, or `notify:<route>` for a failed notification. */
  rule: string;
  /** The action's name (`exec.local`, `ssh.restartService`). */
  action: string;
  /** The asset acted on. */
  asset: string;
  /** Links the records of one action run (intent, finish, verification). */
  run?: string;
  /** The params the action was given, secrets redacted. */
  params?: unknown;
  /** Why (a skip reason, a denial, an error). */
  reason?: string;
  /** What the action printed or changed, secrets redacted. */
  output?: string;
  /** How long the action took. */
  durationMs?: number;
  /** Whether the action (or its verification) succeeded. */
  ok?: boolean;
}

/** Filter for audit queries; `from` ≤ at < `to`. */
export interface AuditQuery {
  /** One asset. */
  asset?: string;
  /** One rule (`'act'` for manual acts). */
  rule?: string;
  /** At or after (ms since the epoch). */
  from?: number;
  /** Before (ms since the epoch). */
  to?: number;
}

/** Options of `warden.act()`. */
export interface ActOptions {
  /**
   * Give up on the action after this long: its signal is aborted and the result is
   * `ok: false` with code `ERR_TIMEOUT` (an action that ignores the signal is abandoned).
   * @defaultValue `'5m'`
   */
  timeout?: Duration;
  /** Who or what is acting, kept in the audit records' reason (`'ops: ana'`). */
  actor?: string;
}

/** What `warden.act()` (and each remediation step) returns: the action's result, contained and audited. */
export interface ActResult extends ActionResult {
  /** Links the audit records of this run. */
  run: string;
  /** How long the action took. */
  durationMs: number;
  /** Why Warden ended it: `ERR_TIMEOUT` (hung), `ERR_PLUGIN` (threw or returned garbage). */
  code?: 'ERR_TIMEOUT' | 'ERR_PLUGIN';
}

/** The audit log, as `warden.audit`. */
export interface WardenAudit {
  /**
   * Audit records matching a filter, oldest first, including ones still waiting to be written.
   *
   * @throws WardenError `ERR_CONFIG_INVALID` for an invalid filter
   */
  query(query?: AuditQueryInput): Promise<AuditRecord[]>;
}

/** What `warden.audit.query()` accepts: times as Dates, ISO 8601 strings or ms. */
export interface AuditQueryInput {
  /** One asset. */
  asset?: string;
  /** One rule (`'act'` for manual acts). */
  rule?: string;
  /** At or after. */
  from?: Date | string | number;
  /** Before. */
  to?: Date | string | number;
}
