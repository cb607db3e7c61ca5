import { describe, expect, it } from 'vitest';
import { INITIAL_CHECK_STATE, nextCheckState, reconcileCheckState } from '../../src/checks/state-machine.js';
import { resolveStateSettings, type StateSettingsInput } from '../../src/checks/state-settings.js';
import type { CheckMachineState } from '../../src/checks/state-types.js';
import type { CheckStatus } from '../../src/checks/types.js';
import { createIncidentManager } from '../../src/incidents/manager.js';
import type { IncidentEventInfo, IncidentEventKind, IncidentManagerOptions } from '../../src/incidents/manager-types.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { createWriteBehind } from '../../src/store/write-behind.js';
import { createManualClock, type ManualClock } from '../../src/testing/manual-clock.js';

const MINUTE = 60_000;

interface Seen {
  kind: IncidentEventKind;
  id: string;
  severity: string;
  notify: boolean;
  reason: string;
}

/** A manager plus one (check, asset) pair driven through the state machine, a result per minute. */
function harness(settingsInput: StateSettingsInput = {}, extra: Partial<IncidentManagerOptions> = {}) {
  const clock: ManualClock = createManualClock();
  const events: Seen[] = [];
  const manager = createIncidentManager({
    clock,
    onEvent: (kind, incident, info: IncidentEventInfo) =>
      events.push({ kind, id: incident.id, severity: incident.severity, notify: info.notify, reason: info.reason }),
    ...extra,
  });
  const settings = resolveStateSettings(settingsInput);
  const states = new Map<string, CheckMachineState>();
  const result = async (
    status: CheckStatus,
    ctx: { inMaintenance?: boolean; reachable?: boolean } = {},
    check = 'disk',
    asset = 'web-1',
  ) => {
    await clock.advance(MINUTE);
    const key = `${check}/${asset}`;
    const t = nextCheckState(states.get(key) ?? INITIAL_CHECK_STATE, { status }, settings, { now: clock.now(), ...ctx });
    states.set(key, t.state);
    return manager.apply(check, asset, t.incident, { status, summary: `disk is ${status}` });
  };
  const reconcile = (ctx: { inMaintenance?: boolean; reachable?: boolean } = {}) => {
    const r = reconcileCheckState(states.get('disk/web-1') ?? INITIAL_CHECK_STATE, settings, { now: clock.now(), ...ctx });
    states.set('disk/web-1', r.state);
    return manager.apply('disk', 'web-1', r.incident, { status: r.state.status, summary: 'reconciled' });
  };
  const kinds = () => events.map((e) => (e.notify ? e.kind : `${e.kind}(quiet)`));
  return { clock, manager, events, result, reconcile, kinds };
}

describe('incident lifecycle through the state machine', () => {
  it('opens on hard non-OK, updates on severity, resolves on hard OK, with a timeline', async () => {
    const h = harness({ attempts: 2 });
    await h.result('warning');
    expect(h.manager.openCount).toBe(0);
    const opened = await h.result('warning');
    await h.result('critical');
    await h.result('critical');
    const resolved = await h.result('ok');
    expect(h.kinds()).toEqual(['opened', 'updated', 'resolved']);
    expect(opened?.problemId).toBe('disk@web-1');
    expect(resolved).toMatchObject({ state: 'resolved', severity: 'critical', resolution: 'recovered', id: opened?.id });
    expect(resolved?.resolvedAt).toBe(resolved?.openedAt === undefined ? -1 : resolved.openedAt + 3 * MINUTE);
    expect(resolved?.timeline.map((e) => `${e.kind}:${e.status}`)).toEqual(['opened:warning', 'updated:critical', 'resolved:ok']);
    expect(h.manager.openCount).toBe(0);
    expect(h.manager.list({ open: false }).map((i) => i.id)).toEqual([opened?.id]);
  });

  it('opens a new incident of the same problem when it recurs', async () => {
    const h = harness();
    const first = await h.result('critical');
    await h.result('ok');
    const second = await h.result('critical');
    expect(second?.id).not.toBe(first?.id);
    expect(second?.problemId).toBe(first?.problemId);
  });
});

describe('maintenance edges', () => {
  it('window opening mid-incident: updates are applied quietly, the resolution inside it is delivered', async () => {
    const h = harness();
    await h.result('warning');
    await h.result('critical', { inMaintenance: true });
    await h.result('ok', { inMaintenance: true });
    expect(h.kinds()).toEqual(['opened', 'updated(quiet)', 'resolved']);
  });

  it('a problem that went hard inside the window opens its incident when the window ends', async () => {
    const h = harness();
    await h.result('critical', { inMaintenance: true });
    await h.result('critical', { inMaintenance: true });
    expect(h.events).toEqual([]);
    h.reconcile();
    expect(h.kinds()).toEqual(['opened']);
    expect(h.events[0]?.reason).toBe('problem');
  });

  it('a problem that recovered inside the window leaves nothing behind', async () => {
    const h = harness();
    await h.result('critical', { inMaintenance: true });
    await h.result('ok', { inMaintenance: true });
    h.reconcile();
    expect(h.events).toEqual([]);
  });

  it('an unreachable child opens nothing, and its resolution is never held back', async () => {
    const h = harness();
    await h.result('critical');
    await h.result('critical', { reachable: false });
    await h.result('ok', { reachable: false });
    await h.result('critical', { reachable: false });
    expect(h.kinds()).toEqual(['opened', 'resolved']);
  });
});

describe('acknowledgements', () => {
  it('acknowledges by id or pair, silences updates, and a non-sticky one is cleared by a severity change', async () => {
    const h = harness();
    const incident = await h.result('warning');
    const acked = h.manager.acknowledge({ check: 'disk', asset: 'web-1' }, { by: 'ana', note: 'ordering disks' });
    expect(acked.acknowledgement).toMatchObject({ by: 'ana', note: 'ordering disks', sticky: false });
    await h.result('critical');
    expect(h.kinds()).toEqual(['opened', 'acknowledged', 'updated']);
    const after = h.manager.get(incident?.id as string);
    expect(after?.acknowledgement).toBeUndefined();
    expect(after?.timeline.map((e) => e.kind)).toEqual(['opened', 'acknowledged', 'unacknowledged', 'updated']);
  });

  it('keeps a sticky acknowledgement across severity changes and silences the update', async () => {
    const h = harness();
    const incident = await h.result('warning');
    h.manager.acknowledge(incident?.id as string, { by: 'ana', sticky: true });
    await h.result('critical');
    expect(h.kinds()).toEqual(['opened', 'acknowledged', 'updated(quiet)']);
    expect(h.manager.get(incident?.id as string)?.acknowledgement?.sticky).toBe(true);
  });

  it('expires on time, lazily or when asked', async () => {
    const h = harness();
    const incident = await h.result('critical');
    h.manager.acknowledge(incident?.id as string, { by: 'ana', expires: '30m', sticky: true });
    await h.clock.advance(30 * MINUTE - 1);
    expect(h.manager.expireAcknowledgements()).toEqual([]);
    expect(h.manager.open('disk', 'web-1')?.acknowledgement?.expiresAt).toBe((incident?.openedAt as number) + 30 * MINUTE);
    await h.clock.advance(1);
    // lazily: reading expires it
    expect(h.manager.open('disk', 'web-1')?.acknowledgement).toBeUndefined();
    expect(h.events.at(-1)).toMatchObject({ kind: 'updated', reason: 'acknowledgement-expired', notify: false });
  });

  it('expireAcknowledgements(now) ends what is due at that time', async () => {
    const h = harness();
    const incident = await h.result('critical');
    h.manager.acknowledge(incident?.id as string, { by: 'ana', expiresAt: h.clock.now() + 1000 });
    expect(h.manager.expireAcknowledgements(h.clock.now() + 1000).map((i) => i.id)).toEqual([incident?.id]);
  });

  it('refuses bad options with every issue, and an incident that is not open', async () => {
    const h = harness();
    await h.result('critical');
    expect(() => h.manager.acknowledge({ check: 'disk', asset: 'web-1' }, { by: ' ', expires: '-5m' as '5m' })).toThrow(
      expect.objectContaining({
        code: 'ERR_CONFIG_INVALID',
        issues: [expect.objectContaining({ path: 'by' }), expect.objectContaining({ path: 'expires' })],
      }),
    );
    expect(() => h.manager.acknowledge({ check: 'disk', asset: 'web-1' }, { by: 'ana', expiresAt: h.clock.now() })).toThrow(/expiresAt/);
    expect(() => h.manager.acknowledge('inc-nope', { by: 'ana' })).toThrow(expect.objectContaining({ code: 'ERR_NOT_FOUND' }));
    await h.result('ok');
    expect(() => h.manager.acknowledge({ check: 'disk', asset: 'web-1' }, { by: 'ana' })).toThrow(/no open incident/);
  });
});

describe('flapping', () => {
  const flaps: CheckStatus[] = ['critical', 'ok', 'critical', 'ok', 'critical', 'ok', 'critical', 'ok'];

  it('marks the incident flapping with one notice, holds it open, and resolves it once flapping stops', async () => {
    const h = harness();
    for (const status of flaps) await h.result(status);
    // open, resolve, open, resolve, open; the 6th result (ok) starts flapping: the open incident is frozen
    expect(h.kinds()).toEqual(['opened', 'resolved', 'opened', 'resolved', 'opened', 'flapping', 'updated(quiet)']);
    const frozen = h.manager.open('disk', 'web-1');
    expect(frozen?.flapping).toBe(true);
    for (let i = 0; i < 20; i++) await h.result('ok');
    expect(h.kinds().slice(7)).toEqual(['resolved']);
    const done = h.manager.get(frozen?.id as string);
    expect(done?.timeline.map((e) => e.kind)).toContain('flapping-stopped');
    expect(done?.state).toBe('resolved');
  });

  it('reconcile() opens, updates or resolves to match the status and clears the mark', async () => {
    const h = harness();
    for (const status of flaps.slice(0, 6)) await h.result(status);
    expect(h.manager.open('disk', 'web-1')?.flapping).toBe(true);
    const updated = h.manager.reconcile('disk', 'web-1', 'critical', 'still failing');
    expect(updated).toMatchObject({ flapping: false, state: 'open', summary: 'still failing' });
    const resolved = h.manager.reconcile('disk', 'web-1', 'ok');
    expect(resolved?.state).toBe('resolved');
    const opened = h.manager.reconcile('disk', 'web-1', 'warning', 'back');
    expect(opened).toMatchObject({ state: 'open', severity: 'warning', flapping: false });
  });
});

describe('removal, notification marks and listeners', () => {
  it('resolveFor resolves the incidents of a removed check or asset with the reason', async () => {
    const h = harness();
    await h.result('critical', {}, 'disk', 'web-1');
    await h.result('critical', {}, 'disk', 'web-2');
    await h.result('critical', {}, 'ping', 'web-2');
    expect(h.manager.resolveFor({ asset: 'web-2' }, 'asset removed').map((i) => `${i.check}/${i.resolution}`)).toEqual([
      'disk/asset removed',
      'ping/asset removed',
    ]);
    expect(h.manager.list({ open: true }).map((i) => i.asset)).toEqual(['web-1']);
    expect(() => h.manager.resolveFor({}, 'oops')).toThrow(/needs a check, an asset/);
  });

  it('markNotified records the notification on the timeline', async () => {
    const h = harness();
    const incident = await h.result('critical');
    h.manager.markNotified(incident?.id as string, 'log');
    expect(h.manager.get(incident?.id as string)).toMatchObject({ notified: true });
  });

  it('contains a throwing listener', async () => {
    const errors: unknown[] = [];
    const h = harness(
      {},
      {
        onEvent: () => {
          throw new Error('listener broke');
        },
        onListenerError: (err) => errors.push(err),
      },
    );
    await expect(h.result('critical')).resolves.toMatchObject({ state: 'open' });
    expect(errors).toHaveLength(1);
  });

  it('bounds the timeline, keeping the opening entry and the newest ones', async () => {
    const h = harness({ volatile: true }, { maxTimeline: 5 });
    for (let i = 0; i < 12; i++) await h.result('critical');
    const incident = h.manager.open('disk', 'web-1');
    expect(incident?.timeline).toHaveLength(5);
    expect(incident?.timeline[0]?.kind).toBe('opened');
    expect(incident?.timeline.at(-1)?.at).toBe(h.clock.now());
  });
});

describe('history and problems', () => {
  it('reads resolved incidents back from the store through the writer, memory winning for open ones', async () => {
    const clock = createManualClock();
    const store = createMemoryStore();
    const writer = createWriteBehind({ store, clock });
    const manager = createIncidentManager({ clock, store, writer, keepResolved: 1 });
    const settings = resolveStateSettings();
    let state = INITIAL_CHECK_STATE;
    for (const status of ['critical', 'ok', 'critical', 'ok', 'critical'] as CheckStatus[]) {
      await clock.advance(MINUTE);
      const t = nextCheckState(state, { status }, settings, { now: clock.now() });
      state = t.state;
      manager.apply('disk', 'web-1', t.incident, { status, summary: status });
    }
    expect(manager.list()).toHaveLength(2); // keepResolved 1 + the open one
    const all = await manager.history();
    expect(all.map((i) => i.state)).toEqual(['resolved', 'resolved', 'open']);
    expect((await manager.history({ open: true })).map((i) => i.state)).toEqual(['open']);

    const problems = await manager.problems({ minIncidents: 3 });
    expect(problems).toEqual([
      expect.objectContaining({ problemId: 'disk@web-1', incidents: 3, open: true, openMs: 2 * MINUTE, incidentIds: all.map((i) => i.id) }),
    ]);
    expect(await manager.problems({ minIncidents: 4 })).toEqual([]);
  });

  it('restore() makes loaded open incidents live again', async () => {
    const clock = createManualClock();
    const first = harness();
    const incident = await first.result('critical');
    const manager = createIncidentManager({ clock });
    manager.restore([incident as NonNullable<typeof incident>]);
    expect(manager.open('disk', 'web-1')?.id).toBe(incident?.id);
    expect(manager.resolveFor({ check: 'disk' }, 'check removed')).toHaveLength(1);
  });
});
