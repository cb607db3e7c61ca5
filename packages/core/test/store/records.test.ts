import { describe, expect, it } from 'vitest';
import { applyCheckResult, createCheckState } from '../../src/checks/state-machine.js';
import { resolveStateSettings } from '../../src/checks/state-settings.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { checkStateRecordOf, machineStateOf, stateChangeRecordOf } from '../../src/store/records.js';
import { T0 } from './fixtures.js';

describe('state records', () => {
  it('records a change with its context', () => {
    const settings = resolveStateSettings();
    const state = createCheckState();
    const ctx = { now: T0, reachable: false };
    const t = applyCheckResult(state, { status: 'critical' }, settings, ctx);
    expect(stateChangeRecordOf('disk', 'web-1', t.change as NonNullable<typeof t.change>, ctx)).toEqual({
      check: 'disk',
      asset: 'web-1',
      at: T0,
      status: 'critical',
      previous: 'pending',
      stateType: 'hard',
      unreachable: true,
    });
  });

  it('round-trips a state through the store, so a restart continues the attempt count, for: wait and flap history', async () => {
    const settings = resolveStateSettings({ attempts: 3, for: '10m' });
    const state = createCheckState();
    for (let i = 0; i < 2; i++) applyCheckResult(state, { status: 'warning', series: ['/'] }, settings, { now: T0 + i * 60_000 });
    const store = createMemoryStore();
    await store.saveCheckStates([checkStateRecordOf('disk', 'web-1', state, { lastCheckAt: T0 + 60_000 })]);
    const [loaded] = await store.loadCheckStates();
    const restored = machineStateOf(loaded as NonNullable<typeof loaded>);
    expect(restored).toEqual(state);
    // third attempt, but `for: 10m` since the first failure at T0 is not over yet
    expect(applyCheckResult(restored, { status: 'warning' }, settings, { now: T0 + 5 * 60_000 }).state.stateType).toBe('soft');
    expect(applyCheckResult(restored, { status: 'warning' }, settings, { now: T0 + 10 * 60_000 }).incident.kind).toBe('open');
  });
});
