/** What an audit record says happened. */
export type AuditKind = 'planned' | 'skipped' | 'approved' | 'denied' | 'started' | 'finished' | 'verified' | 'in-doubt';

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
  /** The remediation rule's id, or `'act'` for a manual `warden.act()`. */
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
