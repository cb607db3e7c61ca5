import type { Asset } from '../assets/types.js';
import type { CheckResult, CheckStatus } from '../checks/types.js';
import type { WardenError } from '../errors/warden-error.js';

/** An asset changed: the new and the previous version. */
export interface AssetUpdatedEvent {
  /** The asset as it is now. */
  asset: Asset;
  /** The asset before the change. */
  previous: Asset;
}

/** A notification could not be delivered after its retries. */
export interface NotifyFailedEvent {
  /** The notifier that failed. */
  notifier: string;
  /** Why. */
  error: WardenError;
}

/** A collection finished and its samples were stored. */
export interface CollectCompletedEvent {
  /** Collector name (`host.local`). */
  collector: string;
  /** The asset collected. */
  asset: string;
  /** How many samples were stored. */
  samples: number;
  /** Wall time of the collection in milliseconds. */
  durationMs: number;
}

/** A collection failed. */
export interface CollectErrorEvent {
  /** Collector name. */
  collector: string;
  /** The asset. */
  asset: string;
  /** The error, with code and cause; secrets scrubbed. */
  error: WardenError;
}

/** A check produced a result. */
export interface CheckResultEvent {
  /** Check id. */
  check: string;
  /** Asset id. */
  asset: string;
  /** The result (raw: before soft/hard logic). */
  result: CheckResult;
  /** Wall time of the run in milliseconds. */
  durationMs: number;
}

/** A check's state changed (status, soft/hard, reachability). */
export interface CheckStateEvent {
  /** Check id. */
  check: string;
  /** Asset id. */
  asset: string;
  /** New status, or `pending` before there is enough data. */
  status: CheckStatus | 'pending';
  /** Previous status. */
  previous: CheckStatus | 'pending';
  /** Whether the new state is hard. */
  stateType: 'soft' | 'hard';
}

/** Flapping started or stopped for a (check, asset). */
export interface CheckFlappingEvent {
  /** Check id. */
  check: string;
  /** Asset id. */
  asset: string;
  /** `true` when flapping started, `false` when it stopped. */
  flapping: boolean;
  /** Weighted percent state change that decided it. */
  percent: number;
}

/** A scheduler event about one job. */
export interface SchedulerJobEvent {
  /** The job key (`collect:host.local:self`). */
  job: string;
  /** The plugin that owns the job's hook. */
  plugin: string;
  /** The asset, when the job has one. */
  asset?: string;
  /** More detail (how late, how long). */
  message: string;
}

/** Progress of a discovery run. */
export interface DiscoveryProgressEvent {
  /** Discoverer name (`snmp.sweep`). */
  discoverer: string;
  /** Targets done so far. */
  done: number;
  /** Targets in all, when known. */
  total?: number;
  /** Proposals found so far. */
  found: number;
}

/** Something failed outside any single job: a listener threw, a plugin hook failed, a store write failed. */
export interface WardenErrorEvent {
  /** The error; a `PluginError` when a plugin is to blame. */
  error: WardenError;
  /** Where it happened (`listener:check:result`, `plugin:snmp:onStart`, …). */
  source: string;
}

/** An incident as events carry it; the full model lives with incidents. */
export interface IncidentEventPayload {
  /** Incident id. */
  id: string;
  /** Check id. */
  check: string;
  /** Asset id. */
  asset: string;
  /** Current status. */
  status: CheckStatus;
  /** One line for people. */
  summary: string;
}

/** A remediation decision or step, as events carry it. */
export interface RemediationEventPayload {
  /** Rule id, or `act` for an explicit `warden.act()`. */
  rule: string;
  /** Action name. */
  action: string;
  /** Asset id. */
  asset: string;
  /** Why (for skipped/denied) or what happened. */
  message: string;
}

/** A maintenance window started or ended. */
export interface MaintenanceEventPayload {
  /** Window id. */
  id: string;
  /** Assets covered. */
  assets: string[];
}

/**
 * Every event Warden emits, by name → payload. Plugins add theirs by declaration merging,
 * named `<plugin>:<event>`:
 *
 * @example
 * ```ts
 * declare module '@warden/core' {
 *   interface WardenEvents { 'snmp:trap': SnmpTrap }
 * }
 * ```
 */
export interface WardenEvents {
  /** An asset was added. */
  'asset:added': Asset;
  /** An asset changed. */
  'asset:updated': AssetUpdatedEvent;
  /** An asset was removed. */
  'asset:removed': Asset;
  /** A collection finished. */
  'collect:completed': CollectCompletedEvent;
  /** A collection failed. */
  'collect:error': CollectErrorEvent;
  /** A check produced a result. */
  'check:result': CheckResultEvent;
  /** A check's state changed. */
  'check:state': CheckStateEvent;
  /** Flapping started or stopped. */
  'check:flapping': CheckFlappingEvent;
  /** An incident was opened. */
  'incident:opened': IncidentEventPayload;
  /** An incident changed severity or failing series. */
  'incident:updated': IncidentEventPayload;
  /** An incident was acknowledged. */
  'incident:acknowledged': IncidentEventPayload;
  /** An incident was resolved. */
  'incident:resolved': IncidentEventPayload;
  /** A remediation was planned. */
  'remediation:planned': RemediationEventPayload;
  /** A remediation was skipped, with the reason. */
  'remediation:skipped': RemediationEventPayload;
  /** A remediation was approved. */
  'remediation:approved': RemediationEventPayload;
  /** A remediation was denied or its approval timed out. */
  'remediation:denied': RemediationEventPayload;
  /** A remediation action started. */
  'remediation:started': RemediationEventPayload;
  /** A remediation action succeeded. */
  'remediation:succeeded': RemediationEventPayload;
  /** A remediation action or its verification failed. */
  'remediation:failed': RemediationEventPayload;
  /** A remediation was verified by re-running the check. */
  'remediation:verified': RemediationEventPayload;
  /** A maintenance window started. */
  'maintenance:started': MaintenanceEventPayload;
  /** A maintenance window ended. */
  'maintenance:ended': MaintenanceEventPayload;
  /** A job fell due while its previous run was still queued or running; the tick was skipped. */
  'scheduler:overrun': SchedulerJobEvent;
  /** A run hit its timeout; its signal was aborted. */
  'scheduler:timeout': SchedulerJobEvent;
  /** A run ignored its abort signal and was abandoned. */
  'scheduler:abandoned': SchedulerJobEvent;
  /** Discovery made progress. */
  'discovery:progress': DiscoveryProgressEvent;
  /** A notification could not be delivered. */
  'notify:failed': NotifyFailedEvent;
  /** Something failed outside a job; the engine carries on. */
  'warden:error': WardenErrorEvent;
}

/** An event name. */
export type WardenEventName = keyof WardenEvents & string;

/** A listener for event `E`. */
export type WardenListener<E extends WardenEventName> = (payload: WardenEvents[E]) => void | Promise<void>;
