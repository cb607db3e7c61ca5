import type { Selector } from '../assets/selector-types.js';
import type { Duration } from '../internal/duration.js';
import type { FixedMaintenanceSpec, RecurringMaintenanceSpec } from '../maintenance/types.js';
import type { ActionName, ActionRegistry } from '../plugins/registry-types.js';
import type { RemediationPlan } from '../remediation/rule-spec.js';

/**
 * The window a change waits for, given inline: a one-off `{ from, to }` or a recurring
 * `{ cron, duration, timezone? }`. Warden registers it as a maintenance window with id
 * `change:<id>` over the change's assets, so the work it does pages no one.
 */
export type ChangeWindow = Pick<FixedMaintenanceSpec, 'from' | 'to'> | Pick<RecurringMaintenanceSpec, 'cron' | 'duration' | 'timezone'>;

/** How a change rolls out inside its window. */
export interface ChangePolicy {
  /** Assets worked on at once; the rest wait their turn inside the window. @defaultValue 1 (one at a time) */
  maxConcurrent?: number;
  /** Stop the rollout (for this window occurrence) once this many assets failed; the rest are skipped and audited. @defaultValue 1 */
  maxFailures?: number;
  /** Give up on one asset's action after this long (it is aborted and counts as failed). @defaultValue `'30m'` */
  timeout?: Duration;
  /** Plan and audit each asset's action when the window opens, never act. @defaultValue false */
  dryRun?: boolean;
  /** Asked before each asset's action: resolve `true` to act; `false`, a throw or no answer within `approveTimeout` skips it (audited as `denied`). */
  approve?: (plan: RemediationPlan) => boolean | Promise<boolean>;
  /** How long `approve` may take. @defaultValue `'5m'` */
  approveTimeout?: Duration;
}

/** What every change says, whatever its action. */
export interface ChangeSpecBase {
  /** Unique id; audit records carry the rule `change:<id>`. */
  id: string;
  /** Which assets (live: matched when the window opens). */
  assets: Selector;
  /**
   * When: the id of a maintenance window (`warden.maintenance({ id })`, or one a plugin
   * schedules, which may appear later), or an inline window. The change runs on the assets the
   * window covers that match `assets`.
   */
  window: string | ChangeWindow;
  /** Rollout limits and approval. */
  policy?: ChangePolicy;
  /**
   * A change of a `destructive` action (a reboot, an upgrade) is refused at registration unless
   * remediation is enabled globally (`createWarden({ remediation: { enabled: true } })`) or this
   * says the person planning it means it.
   * @defaultValue false
   */
  allowDestructive?: boolean;
}

/**
 * What `warden.change()` accepts: a planned action that runs only inside its window. The action
 * name and its params are typed from the action registry (core's `exec.local` and what plugins
 * declare), so a typo or a wrong params shape is a compile error.
 */
export type ChangeSpec = {
  [K in ActionName]: ChangeSpecBase & {
    /** Full action name (`ssh.applyUpdates`, `exec.local`). */
    action: K;
    /** The action's params; strings may use asset macros (`{address}`). */
    params?: ActionRegistry[K];
  };
}[ActionName];

/** What `warden.change()` returns. */
export interface ChangeHandle {
  /** The change's id. */
  readonly id: string;
  /** Removes the change (and its inline window); an action already running finishes and is audited; the rest are not started. Idempotent. */
  remove(): void;
}
