import type { IncidentAction } from '../checks/state-types.js';
import type { CheckStatus } from '../checks/types.js';
import type { Clock } from '../internal/clock.js';
import type { IncidentQuery, StateStore } from '../store/types.js';
import type { AcknowledgeOptions } from './acknowledge.js';
import type { Problem, ProblemQuery } from './problems.js';
import type { Incident } from './types.js';

/** What happened to an incident, as notifications name it. */
export type IncidentEventKind = 'opened' | 'updated' | 'acknowledged' | 'flapping' | 'resolved';

/** Why an incident event happened, and whether people should hear about it. */
export interface IncidentEventInfo {
  /**
   * Whether to notify: false in maintenance, unreachable, while flapping (after the one
   * flapping notice) and for updates of an acknowledged incident. Always true for `resolved`;
   * a router still sends a resolution only for an incident it notified (`incident.notified`).
   */
  notify: boolean;
  /** What caused it: the state machine's reason (`problem`, `severity`, `recovered`, …), `acknowledged`, `acknowledgement-expired`, or a `resolveFor` reason. */
  reason: string;
}

/** Called for every incident event, synchronously; `incident` is a snapshot. */
export type IncidentEventListener = (kind: IncidentEventKind, incident: Incident, info: IncidentEventInfo) => void;

/** Options of `createIncidentManager`. */
export interface IncidentManagerOptions {
  /** Where time comes from. */
  clock: Clock;
  /** Read for history and problem queries (resolved incidents beyond what memory keeps). */
  store?: StateStore | undefined;
  /** Every change is queued here (a `WriteBehind`); flushed before history queries. */
  writer?: { saveIncident(incident: Incident): void; flush(): Promise<void> } | undefined;
  /** Told about every event. A throwing listener is caught and reported through `onListenerError`. */
  onEvent?: IncidentEventListener | undefined;
  /** Told when `onEvent` throws. */
  onListenerError?: ((error: unknown) => void) | undefined;
  /** Resolved incidents kept in memory for `list()`. @defaultValue 1000 */
  keepResolved?: number | undefined;
  /** Most timeline entries per incident; the first (opened) is always kept, then the newest. @defaultValue 100 */
  maxTimeline?: number | undefined;
}

/** What the state machine's result carries for the incident. */
export interface IncidentResultInfo {
  /** The result's status. */
  status: CheckStatus | 'pending';
  /** The result's summary line. */
  summary: string;
  /** Failing series, for metric checks over several series. */
  series?: readonly string[] | undefined;
}

/** Selects one open incident: its id, or its (check, asset). */
export type IncidentTarget = string | IncidentPair;

/** An incident named by its (check, asset) pair. */
export interface IncidentPair {
  /** Check id. */
  check: string;
  /** Asset id. */
  asset: string;
}

/** Open incidents per (check, asset), their acknowledgements, flapping marks and history. */
export interface IncidentManager {
  /**
   * Applies the state machine's incident action for a pair (open, update, resolve, or only the
   * flapping mark). Robust to drift: `open` with one open updates it; `update` with none opens one.
   * @returns a snapshot of the incident concerned, if any
   */
  apply(check: string, asset: string, action: IncidentAction, result: IncidentResultInfo): Incident | undefined;
  /** Marks or unmarks the pair's open incident as flapping (a `flapping` event when it starts). */
  setFlapping(check: string, asset: string, flapping: boolean): Incident | undefined;
  /**
   * Brings the pair's incident in line with a status once flapping stopped: opens it if still
   * failing, resolves it if OK, and clears the flapping mark.
   */
  reconcile(check: string, asset: string, status: CheckStatus | 'pending', summary?: string): Incident | undefined;
  /** Acknowledges an open incident. @throws WardenError `ERR_NOT_FOUND` / `ERR_CONFIG_INVALID` */
  acknowledge(target: IncidentTarget, options: AcknowledgeOptions): Incident;
  /** Removes an acknowledgement. @throws WardenError `ERR_NOT_FOUND` when no such open incident */
  unacknowledge(target: IncidentTarget, by?: string): Incident;
  /** Ends acknowledgements due at `now` (also done lazily by every other call). @returns the incidents concerned */
  expireAcknowledgements(now?: number): Incident[];
  /** Records that a notification about the incident was sent (then its resolution always is). */
  markNotified(id: string, text?: string): void;
  /** Resolves every open incident of a check and/or asset, with the reason (a removed check or asset). */
  resolveFor(filter: { check?: string; asset?: string }, reason: string): Incident[];
  /** The open incident of a pair. */
  open(check: string, asset: string): Incident | undefined;
  /** An incident kept in memory (open, or recently resolved). */
  get(id: string): Incident | undefined;
  /** Incidents in memory (open, and the last `keepResolved` resolved), oldest first. */
  list(filter?: { open?: boolean; check?: string; asset?: string }): Incident[];
  /** Incidents from the store and memory (memory wins), oldest first. */
  history(query?: IncidentQuery): Promise<Incident[]>;
  /** Pairs with recurring incidents in a period, most incidents first. */
  problems(query?: ProblemQuery): Promise<Problem[]>;
  /** Takes back incidents loaded from the store at start (open ones become live). */
  restore(incidents: readonly Incident[]): void;
  /** How many incidents are open. */
  readonly openCount: number;
}
