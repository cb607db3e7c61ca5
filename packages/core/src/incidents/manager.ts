import type { IncidentAction } from '../checks/state-types.js';
import type { CheckStatus } from '../checks/types.js';
import { WardenError } from '../errors/warden-error.js';
import { matchesIncident } from '../store/filters.js';
import type { IncidentQuery } from '../store/types.js';
import { parseAcknowledgement } from './acknowledge.js';
import type { IncidentEventKind, IncidentManager, IncidentManagerOptions, IncidentResultInfo, IncidentTarget } from './manager-types.js';
import { problemIdOf, summarizeProblems } from './problems.js';
import type { Incident, IncidentSeverity, IncidentTimelineEntry } from './types.js';

const pairKey = (check: string, asset: string): string => `${check}\u0000${asset}`;
const isProblem = (status: CheckStatus | 'pending'): status is IncidentSeverity => status !== 'ok' && status !== 'pending';

/**
 * Creates the incident manager: one open incident per (check, asset), kept in memory and
 * written through the writer on every change; events for people and notifiers.
 *
 * The engine calls {@link IncidentManager.apply} with the incident action of every state
 * transition. Acknowledgement expiry is checked lazily at the start of every call (cheap: one
 * comparison with the earliest expiry) and can be forced with `expireAcknowledgements(now)`.
 *
 * @param options - clock, store/writer, event listener, memory bounds
 * @returns the manager
 * @example
 * ```ts
 * const incidents = createIncidentManager({ clock, writer, onEvent: (kind, incident, info) => emit(`incident:${kind}`, incident) });
 * const t = nextCheckState(state, { status: result.status }, settings, { now: clock.now() });
 * incidents.apply('disk', 'web-1', t.incident, result);
 * ```
 */
export function createIncidentManager(options: IncidentManagerOptions): IncidentManager {
  const { clock, store, writer } = options;
  const keepResolved = options.keepResolved ?? 1_000;
  const maxTimeline = Math.max(2, options.maxTimeline ?? 100);
  const openByPair = new Map<string, Incident>();
  const resolved = new Map<string, Incident>(); // insertion order = resolution order
  let nextExpiry = Number.POSITIVE_INFINITY;
  let seq = 0;

  const snapshot = (incident: Incident): Incident => structuredClone(incident);

  function emit(kind: IncidentEventKind, incident: Incident, notify: boolean, reason: string): void {
    writer?.saveIncident(incident);
    if (!options.onEvent) return;
    try {
      options.onEvent(kind, snapshot(incident), { notify, reason });
    } catch (err) {
      options.onListenerError?.(err);
    }
  }

  function note(incident: Incident, entry: IncidentTimelineEntry): void {
    incident.timeline.push(entry);
    incident.updatedAt = entry.at;
    if (incident.timeline.length > maxTimeline) incident.timeline.splice(1, incident.timeline.length - maxTimeline);
  }

  function find(target: IncidentTarget): Incident {
    const incident =
      typeof target === 'string'
        ? [...openByPair.values()].find((i) => i.id === target)
        : openByPair.get(pairKey(target.check, target.asset));
    if (!incident) {
      const what = typeof target === 'string' ? `incident "${target}"` : `check "${target.check}" on ${target.asset}`;
      throw new WardenError('ERR_NOT_FOUND', `no open incident for ${what}; list open ones with incidents.list({ open: true })`);
    }
    return incident;
  }

  function expireDue(now: number): Incident[] {
    if (now < nextExpiry) return [];
    const out: Incident[] = [];
    nextExpiry = Number.POSITIVE_INFINITY;
    for (const incident of openByPair.values()) {
      const at = incident.acknowledgement?.expiresAt;
      if (at === undefined) continue;
      if (at > now) {
        nextExpiry = Math.min(nextExpiry, at);
        continue;
      }
      delete incident.acknowledgement;
      note(incident, { at: now, kind: 'unacknowledged', text: 'acknowledgement expired' });
      emit('updated', incident, false, 'acknowledgement-expired');
      out.push(incident);
    }
    return out;
  }

  function open(check: string, asset: string, result: IncidentResultInfo, flapping: boolean, reason: string): Incident {
    const now = clock.now();
    const severity: IncidentSeverity = isProblem(result.status) ? result.status : 'unknown';
    const incident: Incident = {
      id: `inc-${now.toString(36)}-${(seq++).toString(36)}`,
      check,
      asset,
      problemId: problemIdOf(check, asset),
      state: 'open',
      severity,
      summary: result.summary,
      ...(result.series === undefined ? {} : { failingSeries: [...result.series] }),
      openedAt: now,
      updatedAt: now,
      flapping,
      notified: false,
      timeline: [{ at: now, kind: 'opened', status: severity, text: result.summary }],
    };
    openByPair.set(pairKey(check, asset), incident);
    if (flapping) {
      note(incident, { at: now, kind: 'flapping-started' });
      emit('flapping', incident, true, reason);
    } else emit('opened', incident, true, reason);
    return incident;
  }

  function update(incident: Incident, result: IncidentResultInfo, notify: boolean, reason: string): void {
    const now = clock.now();
    const severity = isProblem(result.status) ? result.status : incident.severity;
    if (severity !== incident.severity && incident.acknowledgement && !incident.acknowledgement.sticky) {
      delete incident.acknowledgement;
      note(incident, { at: now, kind: 'unacknowledged', text: `severity changed to ${severity}` });
    }
    incident.severity = severity;
    incident.summary = result.summary;
    if (result.series !== undefined) incident.failingSeries = [...result.series];
    note(incident, { at: now, kind: 'updated', status: severity, text: result.summary });
    emit('updated', incident, notify && incident.acknowledgement === undefined, reason);
  }

  function resolve(incident: Incident, resolution: string, summary?: string): void {
    const now = clock.now();
    openByPair.delete(pairKey(incident.check, incident.asset));
    incident.state = 'resolved';
    incident.resolvedAt = now;
    incident.resolution = resolution;
    if (incident.flapping) {
      incident.flapping = false;
      note(incident, { at: now, kind: 'flapping-stopped' });
    }
    note(incident, { at: now, kind: 'resolved', status: 'ok', text: summary ?? resolution });
    resolved.set(incident.id, incident);
    for (const id of resolved.keys()) {
      if (resolved.size <= keepResolved) break;
      resolved.delete(id);
    }
    emit('resolved', incident, true, resolution);
  }

  /** Sets the flapping mark; a `flapping` event when it starts (notified unless quiet). */
  function mark(incident: Incident, flapping: boolean, quiet: boolean): void {
    if (incident.flapping === flapping) return;
    incident.flapping = flapping;
    note(incident, { at: clock.now(), kind: flapping ? 'flapping-started' : 'flapping-stopped' });
    if (flapping) emit('flapping', incident, !quiet, 'flapping-started');
    else writer?.saveIncident(incident);
  }

  const manager: IncidentManager = {
    apply(check, asset, action: IncidentAction, result) {
      expireDue(clock.now());
      let incident = openByPair.get(pairKey(check, asset));
      const quiet = action.suppressed === 'maintenance' || action.suppressed === 'unreachable';
      if (incident && action.kind !== 'resolve') mark(incident, action.flapping, quiet);
      const reason = action.reason ?? action.kind;
      if (action.kind === 'open' || action.kind === 'update') {
        if (incident) update(incident, result, action.notify, reason);
        else incident = open(check, asset, result, action.flapping, reason);
      } else if (action.kind === 'resolve' && incident) {
        resolve(incident, 'recovered', result.summary);
      }
      return incident && snapshot(incident);
    },
    setFlapping(check, asset, flapping) {
      const incident = openByPair.get(pairKey(check, asset));
      if (incident) mark(incident, flapping, false);
      return incident && snapshot(incident);
    },
    reconcile(check, asset, status, summary) {
      expireDue(clock.now());
      let incident = openByPair.get(pairKey(check, asset));
      if (incident) mark(incident, false, false);
      const text = summary ?? (incident?.summary || status);
      if (!isProblem(status)) {
        if (incident) resolve(incident, 'recovered', text);
      } else if (incident) update(incident, { status, summary: text }, true, 'reconciled');
      else incident = open(check, asset, { status, summary: text }, false, 'reconciled');
      return incident && snapshot(incident);
    },
    acknowledge(target, ackOptions) {
      const now = clock.now();
      expireDue(now);
      const incident = find(target);
      const ack = parseAcknowledgement(ackOptions, now, `incident "${incident.id}"`);
      incident.acknowledgement = ack;
      if (ack.expiresAt !== undefined) nextExpiry = Math.min(nextExpiry, ack.expiresAt);
      note(incident, { at: now, kind: 'acknowledged', text: ack.note === undefined ? `by ${ack.by}` : `by ${ack.by}: ${ack.note}` });
      emit('acknowledged', incident, true, 'acknowledged');
      return snapshot(incident);
    },
    unacknowledge(target, by) {
      const now = clock.now();
      expireDue(now);
      const incident = find(target);
      if (incident.acknowledgement) {
        delete incident.acknowledgement;
        note(incident, { at: now, kind: 'unacknowledged', text: by === undefined ? 'removed' : `removed by ${by}` });
        emit('updated', incident, false, 'unacknowledged');
      }
      return snapshot(incident);
    },
    expireAcknowledgements(now = clock.now()) {
      return expireDue(now).map(snapshot);
    },
    markNotified(id, text) {
      const incident = [...openByPair.values()].find((i) => i.id === id) ?? resolved.get(id);
      if (!incident) return;
      incident.notified = true;
      note(incident, { at: clock.now(), kind: 'notified', ...(text === undefined ? {} : { text }) });
      writer?.saveIncident(incident);
    },
    resolveFor(filter, reason) {
      if (filter.check === undefined && filter.asset === undefined) {
        throw new WardenError('ERR_CONFIG_INVALID', 'resolveFor needs a check, an asset or both; it would resolve every incident');
      }
      const matched = [...openByPair.values()].filter(
        (i) => (filter.check === undefined || i.check === filter.check) && (filter.asset === undefined || i.asset === filter.asset),
      );
      for (const incident of matched) resolve(incident, reason);
      return matched.map(snapshot);
    },
    open(check, asset) {
      expireDue(clock.now());
      const incident = openByPair.get(pairKey(check, asset));
      return incident && snapshot(incident);
    },
    get(id) {
      expireDue(clock.now());
      const incident = resolved.get(id) ?? [...openByPair.values()].find((i) => i.id === id);
      return incident && snapshot(incident);
    },
    list(filter = {}) {
      expireDue(clock.now());
      const out: Incident[] = [];
      for (const incident of [...resolved.values(), ...openByPair.values()])
        if (matchesIncident(incident, filter)) out.push(snapshot(incident));
      return out.sort((a, b) => a.openedAt - b.openedAt);
    },
    async history(query: IncidentQuery = {}) {
      expireDue(clock.now());
      await writer?.flush();
      const byId = new Map<string, Incident>();
      if (store) for (const incident of await store.queryIncidents(query)) byId.set(incident.id, incident);
      for (const incident of [...resolved.values(), ...openByPair.values()]) {
        if (matchesIncident(incident, query)) byId.set(incident.id, snapshot(incident));
      }
      return [...byId.values()].sort((a, b) => a.openedAt - b.openedAt);
    },
    async problems(query = {}) {
      const { minIncidents, ...filter } = query;
      const incidents = await manager.history(filter);
      return summarizeProblems(incidents, { ...query, ...(minIncidents === undefined ? {} : { minIncidents }), now: clock.now() });
    },
    restore(incidents) {
      for (const loaded of incidents) {
        const incident = structuredClone(loaded);
        if (incident.state === 'open') {
          openByPair.set(pairKey(incident.check, incident.asset), incident);
          const at = incident.acknowledgement?.expiresAt;
          if (at !== undefined) nextExpiry = Math.min(nextExpiry, at);
        } else resolved.set(incident.id, incident);
      }
    },
    get openCount() {
      return openByPair.size;
    },
  };
  return manager;
}
