import { describe, expect, it } from 'vitest';
import {
  applyCheckResult,
  createCheckState,
  INITIAL_CHECK_STATE,
  isHardProblem,
  nextCheckState,
  reconcileCheckState,
} from '../../src/checks/state-machine.js';
import { resolveStateSettings, type StateSettingsInput } from '../../src/checks/state-settings.js';
import type { CheckMachineState, StateContext, StateInput, StateTransition } from '../../src/checks/state-types.js';
import type { CheckStatus } from '../../src/checks/types.js';

const T0 = 1_700_000_000_000;
const MINUTE = 60_000;

type Step = CheckStatus | 'pending' | (StateInput & Partial<StateContext>);

/** Feeds results one minute apart from a fresh state; returns every transition. */
function feed(steps: Step[], options: StateSettingsInput = {}, from: CheckMachineState = INITIAL_CHECK_STATE): StateTransition[] {
  const settings = resolveStateSettings(options);
  let state = from;
  return steps.map((step, i) => {
    const input = typeof step === 'string' ? { status: step } : step;
    const ctx = {
      now: typeof step === 'string' || step.now === undefined ? T0 + i * MINUTE : step.now,
      ...(typeof step === 'string' ? {} : step),
    };
    const t = nextCheckState(state, input, settings, ctx);
    state = t.state;
    return t;
  });
}

const last = (ts: StateTransition[]): StateTransition => ts[ts.length - 1] as StateTransition;
const summary = (t: StateTransition) => `${t.state.status}/${t.state.stateType}/${t.state.attempt}/${t.incident.kind}`;

describe('soft and hard states (Nagios max_check_attempts)', () => {
  it('goes hard on the third consecutive non-OK result with attempts 3, and only then opens an incident', () => {
    const ts = feed(['ok', 'critical', 'critical', 'critical', 'critical'], { attempts: 3 });
    expect(ts.map(summary)).toEqual([
      'ok/hard/1/none',
      'critical/soft/1/none',
      'critical/soft/2/none',
      'critical/hard/3/open',
      'critical/hard/3/none',
    ]);
    expect(ts.map((t) => t.retry)).toEqual([false, true, true, false, false]);
    expect(ts[3]?.change).toEqual({
      status: 'critical',
      previous: 'critical',
      stateType: 'hard',
      previousStateType: 'soft',
      recovery: undefined,
    });
    expect(ts[4]?.change).toBeUndefined();
  });

  it('goes hard at once with the default of one attempt', () => {
    const t = last(feed(['ok', 'warning']));
    expect(summary(t)).toBe('warning/hard/1/open');
    expect(t.retry).toBe(false);
    expect(t.incident).toMatchObject({ notify: true, reason: 'problem', suppressed: undefined });
  });

  it('counts any non-OK status as an attempt and logs a soft status change (Nagios state-type table)', () => {
    const ts = feed(['ok', 'critical', 'warning', 'critical', 'warning', 'warning', 'ok', 'ok', 'unknown', 'ok', 'ok'], { attempts: 3 });
    expect(ts.map(summary)).toEqual([
      'ok/hard/1/none',
      'critical/soft/1/none',
      'warning/soft/2/none',
      'critical/hard/3/open',
      'warning/hard/3/update',
      'warning/hard/3/none',
      'ok/hard/1/resolve',
      'ok/hard/1/none',
      'unknown/soft/1/none',
      'ok/hard/1/none',
      'ok/hard/1/none',
    ]);
    expect(ts[2]?.change).toMatchObject({ status: 'warning', previous: 'critical', stateType: 'soft' });
    expect(ts[4]?.incident.reason).toBe('severity');
    // hard recovery
    expect(ts[6]?.change).toMatchObject({ status: 'ok', previous: 'warning', stateType: 'hard', recovery: 'hard' });
    // soft recovery: logged as soft, no incident, state afterwards hard OK
    expect(ts[9]?.change).toEqual({ status: 'ok', previous: 'unknown', stateType: 'soft', previousStateType: 'soft', recovery: 'soft' });
    expect(ts[10]?.change).toBeUndefined();
  });

  it('restarts the count after a soft recovery', () => {
    const ts = feed(['critical', 'critical', 'ok', 'critical', 'critical', 'critical'], { attempts: 3 });
    expect(ts.map(summary)).toEqual([
      'critical/soft/1/none',
      'critical/soft/2/none',
      'ok/hard/1/none',
      'critical/soft/1/none',
      'critical/soft/2/none',
      'critical/hard/3/open',
    ]);
  });

  it('keeps the lastChangeAt of the status, not of the state type', () => {
    const ts = feed(['critical', 'critical', 'critical'], { attempts: 2 });
    expect(ts.map((t) => t.state.lastChangeAt)).toEqual([T0, T0, T0]);
  });
});

describe('pending', () => {
  it('is not an attempt, changes nothing and never opens an incident', () => {
    const ts = feed(['pending', 'pending', 'critical', 'pending', 'critical'], { attempts: 2 });
    expect(ts.map(summary)).toEqual([
      'pending/soft/0/none',
      'pending/soft/0/none',
      'critical/soft/1/none',
      'critical/soft/1/none',
      'critical/hard/2/open',
    ]);
    expect(ts[0]?.state).toBe(INITIAL_CHECK_STATE);
    expect(ts[3]?.change).toBeUndefined();
    expect(ts[3]?.retry).toBe(true);
  });

  it('reports the first OK as a change from pending to hard OK, with no incident', () => {
    const t = last(feed(['ok']));
    expect(t.change).toEqual({ status: 'ok', previous: 'pending', stateType: 'hard', previousStateType: 'soft', recovery: undefined });
    expect(t.incident.kind).toBe('none');
  });
});

describe('for: (Prometheus)', () => {
  it('goes hard only once the problem has lasted the duration, however many results came', () => {
    const steps: Step[] = [0, 1, 2, 4, 5].map((m) => ({ status: 'critical', now: T0 + m * MINUTE }));
    const ts = feed(steps, { for: '5m' });
    expect(ts.map((t) => t.state.stateType)).toEqual(['soft', 'soft', 'soft', 'soft', 'hard']);
    expect(ts.map((t) => t.state.attempt)).toEqual([1, 2, 3, 4, 5]);
    expect(last(ts).incident.kind).toBe('open');
  });

  it('starts over when an OK result interrupts the problem', () => {
    const at = (m: number, status: CheckStatus): Step => ({ status, now: T0 + m * MINUTE });
    const ts = feed([at(0, 'critical'), at(4, 'ok'), at(5, 'critical'), at(9, 'critical'), at(10, 'critical')], { for: '5m' });
    expect(ts.map((t) => t.state.stateType)).toEqual(['soft', 'hard', 'soft', 'soft', 'hard']);
    expect(ts[4]?.state.problemSince).toBe(T0 + 5 * MINUTE);
  });

  it('needs both attempts and for when both are set', () => {
    const steps: Step[] = [0, 10, 20].map((m) => ({ status: 'warning', now: T0 + m * MINUTE }));
    expect(feed(steps, { for: '5m', attempts: 3 }).map((t) => t.state.stateType)).toEqual(['soft', 'soft', 'hard']);
  });
});

describe('severity and failing series within a hard problem', () => {
  it('updates on a severity change, in both directions', () => {
    const ts = feed(['warning', 'critical', 'critical', 'warning']);
    expect(ts.map((t) => `${t.incident.kind}:${t.incident.reason}`)).toEqual([
      'open:problem',
      'update:severity',
      'none:undefined',
      'update:severity',
    ]);
  });

  it('updates when the set of failing series changes, not when its order does', () => {
    const ts = feed([
      { status: 'critical', series: ['/', '/var'] },
      { status: 'critical', series: ['/var', '/'] },
      { status: 'critical', series: ['/var', '/', '/home'] },
      { status: 'critical' },
    ]);
    expect(ts.map((t) => `${t.incident.kind}:${t.incident.reason}`)).toEqual([
      'open:problem',
      'none:undefined',
      'update:series',
      'none:undefined',
    ]);
  });
});

describe('volatile checks', () => {
  it('re-notify on every hard non-OK result, and never on soft ones', () => {
    const ts = feed(['critical', 'critical', 'critical', 'critical', 'ok', 'ok'], { volatile: true, attempts: 2 });
    expect(ts.map((t) => `${t.incident.kind}:${t.incident.reason}`)).toEqual([
      'none:undefined',
      'open:problem',
      'update:volatile',
      'update:volatile',
      'resolve:recovered',
      'none:undefined',
    ]);
    expect(ts[2]?.incident.notify).toBe(true);
  });
});

describe('maintenance and unreachable', () => {
  it('does not open an incident in maintenance, and opens one on the first hard result after it', () => {
    const ts = feed([{ status: 'critical', inMaintenance: true }, { status: 'critical', inMaintenance: true }, { status: 'critical' }]);
    expect(ts.map((t) => `${t.incident.kind}:${t.incident.suppressed}`)).toEqual([
      'none:maintenance',
      'none:maintenance',
      'open:undefined',
    ]);
    // the state itself still went hard
    expect(isHardProblem(ts[0]?.state as CheckMachineState)).toBe(true);
  });

  it('does not open an incident while unreachable', () => {
    const t = last(feed([{ status: 'critical', reachable: false }]));
    expect(t.incident).toMatchObject({ kind: 'none', suppressed: 'unreachable' });
    expect(t.state.incidentOpen).toBe(false);
  });

  it('never suppresses a resolution, in maintenance or unreachable', () => {
    for (const ctx of [{ inMaintenance: true }, { reachable: false }, { inMaintenance: true, reachable: false }]) {
      const t = last(feed(['critical', { status: 'ok', ...ctx }]));
      expect(t.incident).toMatchObject({ kind: 'resolve', notify: true, reason: 'recovered' });
      expect(t.state.incidentOpen).toBe(false);
    }
  });

  it('applies a severity change in maintenance without notifying', () => {
    const t = last(feed(['warning', { status: 'critical', inMaintenance: true }]));
    expect(t.incident).toMatchObject({ kind: 'update', notify: false, suppressed: 'maintenance', reason: 'severity' });
  });

  it('counts a failed-collection unknown like any unknown', () => {
    const ts = feed(['ok', 'unknown', 'unknown'], { attempts: 2 });
    expect(ts.map(summary)).toEqual(['ok/hard/1/none', 'unknown/soft/1/none', 'unknown/hard/2/open']);
  });
});

describe('reconcileCheckState', () => {
  const settings = resolveStateSettings();

  it('opens the incident of a problem still failing when the window ends', () => {
    const inWindow = last(feed([{ status: 'critical', inMaintenance: true }]));
    const r = reconcileCheckState(inWindow.state, settings, { now: T0 + MINUTE });
    expect(r.incident).toMatchObject({ kind: 'open', notify: true });
    expect(r.state.incidentOpen).toBe(true);
    // still in the window: nothing
    expect(reconcileCheckState(inWindow.state, settings, { now: T0, inMaintenance: true }).incident.kind).toBe('none');
  });

  it('re-notifies an open incident, and leaves OK or soft states alone', () => {
    const open = last(feed(['critical']));
    expect(reconcileCheckState(open.state, settings, { now: T0 }).incident).toMatchObject({
      kind: 'update',
      reason: 'reconciled',
      notify: true,
    });
    const ok = last(feed(['ok']));
    expect(reconcileCheckState(ok.state, settings, { now: T0 }).incident.kind).toBe('none');
    const soft = last(feed(['critical'], { attempts: 2 }));
    expect(reconcileCheckState(soft.state, settings, { now: T0 }).incident.kind).toBe('none');
  });
});

describe('flapping (Nagios: hard results and soft recoveries are recorded)', () => {
  // With attempts 1 every result is hard and recorded. From a fresh (all-OK) history, result k
  // of an alternating critical/ok series sets the k newest transitions, Σw = 0.75k + k(39 − k)/76,
  // percent = 5 Σw: k=5 → 5 × (3.75 + 170/76) = 29.93 % (< 30), k=6 → 5 × (4.5 + 198/76) = 35.53 % ≥ 30.
  const alternating = (n: number): CheckStatus[] => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 'critical' : 'ok'));

  it('starts flapping on the sixth alternating result, at 35.53 %, and freezes the open incident', () => {
    const ts = feed(alternating(8));
    expect(ts.slice(0, 5).every((t) => t.flap === undefined)).toBe(true);
    expect(ts[5]?.flap?.flapping).toBe(true);
    expect(ts[5]?.flap?.percent).toBeCloseTo(5 * (4.5 + 198 / 76), 10);
    // results 1-5 open, resolve, open, resolve, open; result 6 (ok) would resolve but is frozen;
    // result 7 (critical again) updates the frozen incident silently; result 8 (ok) is frozen again
    expect(ts.map((t) => t.incident.kind)).toEqual(['open', 'resolve', 'open', 'resolve', 'open', 'none', 'update', 'none']);
    expect(ts[5]?.incident).toMatchObject({ suppressed: 'flapping', flapping: true });
    expect(ts[6]?.incident).toMatchObject({ notify: false, suppressed: 'flapping', flapping: true });
    expect(last(ts).state.incidentOpen).toBe(true);
  });

  it('resolves the frozen incident when flapping stops on an OK result', () => {
    // After 6 alternating results the newest 6 transition bits are set (35.53 %). Each further OK
    // shifts them one place older: after j OKs bits j…j+5 are set, bit i weighing 0.75 + (19 − i)/38,
    // and bits past 19 drop out. j = 15: bits 15–19 → 5 × (3.75 + 10/38) = 20.07 % (> 20, still
    // flapping); j = 16: bits 16–19 → 5 × (3 + 6/38) = 15.79 % ≤ 20 → flapping stops.
    const ts = feed([...alternating(6), ...Array<CheckStatus>(20).fill('ok')]);
    const stop = ts.findIndex((t) => t.flap?.flapping === false);
    expect(stop).toBe(6 + 16 - 1);
    expect(ts[stop]?.flap?.percent).toBeCloseTo(5 * (3 + 6 / 38), 10);
    expect(ts[stop]?.incident).toMatchObject({ kind: 'resolve', reason: 'flapping-stopped', notify: true });
    expect(ts.slice(6, stop).every((t) => t.incident.kind === 'none')).toBe(true);
  });

  it('re-notifies when flapping stops on a hard problem, or opens it if none is open', () => {
    const ts = feed([...alternating(6), ...Array<CheckStatus>(20).fill('critical')]);
    const stop = ts.findIndex((t) => t.flap?.flapping === false);
    expect(ts[stop]?.incident).toMatchObject({ kind: 'update', reason: 'flapping-stopped', notify: true, flapping: false });

    // No incident open when flapping stops (maintenance held it back until then): it opens, notified.
    const held: Step[] = [...alternating(6), ...Array<CheckStatus>(20).fill('critical')].map((status, i) =>
      i < stop ? { status, inMaintenance: true } : status,
    );
    const opened = feed(held);
    expect(opened[stop - 1]?.state.incidentOpen).toBe(false);
    expect(opened[stop]?.incident).toMatchObject({ kind: 'open', notify: true, flapping: false, reason: 'problem' });
  });

  it('opens an incident marked flapping, without notification, when a problem goes hard while flapping', () => {
    // maintenance hides the first problems so no incident is open when flapping starts
    const steps: Step[] = alternating(6).map((status) => ({ status, inMaintenance: true }));
    const ts = feed([...steps, 'critical']);
    expect(ts[5]?.flap?.flapping).toBe(true);
    expect(last(ts).incident).toMatchObject({ kind: 'open', notify: false, flapping: true, suppressed: 'flapping' });
  });

  it('does not record soft non-OK results', () => {
    // attempts 3: critical, critical (soft), ok (soft recovery, recorded) … only recoveries land in the history
    const ts = feed(['critical', 'critical', 'ok', 'critical', 'critical', 'ok'], { attempts: 3 });
    expect(ts.map((t) => t.state.flapWord)).toEqual([0, 0, 0, 0, 0, 0]);
    // whereas with attempts 1 the same sequence changes the word
    expect(last(feed(['critical', 'critical', 'ok'])).state.flapWord).not.toBe(0);
  });

  it('flaps on soft recoveries alone when a check keeps recovering before going hard', () => {
    // attempts 2: critical (soft, not recorded), ok (soft recovery, recorded as OK: no transition)
    const ts = feed(
      Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 'critical' : 'ok')),
      { attempts: 2 },
    );
    expect(ts.every((t) => t.flap === undefined && t.incident.kind === 'none')).toBe(true);
  });

  it('keeps flap detection off with flapping: false', () => {
    const ts = feed(alternating(12), { flapping: false });
    expect(ts.every((t) => t.flap === undefined && t.state.flapWord === 0)).toBe(true);
    expect(ts.map((t) => t.incident.kind).slice(0, 4)).toEqual(['open', 'resolve', 'open', 'resolve']);
  });

  it('uses per-check thresholds', () => {
    // high 25: k=5 (29.93 %) already starts flapping
    const ts = feed(alternating(5), { flapping: { low: 10, high: 25 } });
    expect(ts[4]?.flap?.flapping).toBe(true);
  });
});

describe('applyCheckResult (in place)', () => {
  it('makes the same decisions as nextCheckState, updating the given object', () => {
    const settings = resolveStateSettings({ attempts: 2, volatile: true });
    const sequence: CheckStatus[] = [
      'ok',
      'critical',
      'critical',
      'warning',
      'ok',
      'critical',
      'ok',
      'critical',
      'ok',
      'critical',
      'ok',
      'critical',
    ];
    const mutable = createCheckState();
    let pure: CheckMachineState = INITIAL_CHECK_STATE;
    sequence.forEach((status, i) => {
      const ctx = { now: T0 + i * MINUTE };
      const a = applyCheckResult(mutable, { status }, settings, ctx);
      const b = nextCheckState(pure, { status }, settings, ctx);
      pure = b.state;
      expect(a.state).toBe(mutable);
      expect({ ...a, state: { ...a.state } }).toEqual(b);
    });
    expect(INITIAL_CHECK_STATE.status).toBe('pending');
  });
});
