import { describe, expect, it } from 'vitest';
import { WardenError } from '../../src/errors/warden-error.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { createManualClock } from '../../src/testing/manual-clock.js';
import { change, checkState, incident, T0 } from './fixtures.js';

const HOUR = 3_600_000;

describe('createMemoryStore: check states', () => {
  it('upserts by (check, asset), loads copies, and deletes one pair or a whole check', async () => {
    const store = createMemoryStore();
    await store.saveCheckStates([checkState('disk', 'a'), checkState('disk', 'b'), checkState('ping', 'a')]);
    await store.saveCheckStates([checkState('disk', 'a', 3)]);
    const loaded = await store.loadCheckStates();
    expect(loaded).toHaveLength(3);
    expect(loaded.find((s) => s.check === 'disk' && s.asset === 'a')?.attempt).toBe(3);

    (loaded[0] as { attempt: number }).attempt = 99;
    expect((await store.loadCheckStates()).some((s) => s.attempt === 99)).toBe(false);

    await store.deleteCheckStates([{ check: 'disk', asset: 'b' }]);
    expect((await store.loadCheckStates()).map((s) => `${s.check}/${s.asset}`).sort()).toEqual(['disk/a', 'ping/a']);
    await store.deleteCheckStates([{ check: 'disk' }]);
    expect((await store.loadCheckStates()).map((s) => `${s.check}/${s.asset}`)).toEqual(['ping/a']);
  });
});

describe('createMemoryStore: state changes', () => {
  it('filters by check, asset and [from, to), oldest first', async () => {
    const store = createMemoryStore();
    await store.appendStateChanges([change('disk', 'a', T0 + 2), change('disk', 'b', T0 + 1), change('ping', 'a', T0 + 3)]);
    await store.appendStateChanges([change('disk', 'a', T0)]);
    expect((await store.queryStateChanges({ check: 'disk' })).map((c) => c.at - T0)).toEqual([0, 1, 2]);
    expect((await store.queryStateChanges({ asset: 'a', from: T0 + 1, to: T0 + 3 })).map((c) => c.at - T0)).toEqual([2]);
    expect(await store.queryStateChanges()).toHaveLength(4);
  });

  it('keeps at most maxStateChanges, dropping the oldest', async () => {
    const store = createMemoryStore({ maxStateChanges: 3 });
    for (let i = 0; i < 5000; i++) await store.appendStateChanges([change('disk', 'a', T0 + i)]);
    expect((await store.queryStateChanges()).map((c) => c.at - T0)).toEqual([4997, 4998, 4999]);
  });

  it('drops changes older than maxAge', async () => {
    const clock = createManualClock(T0);
    const store = createMemoryStore({ maxAge: '1h', clock });
    await store.appendStateChanges([change('disk', 'a', T0), change('disk', 'a', T0 + HOUR)]);
    await clock.advance(HOUR + 1);
    expect((await store.queryStateChanges()).map((c) => c.at)).toEqual([T0 + HOUR]);
  });
});

describe('createMemoryStore: incidents', () => {
  it('upserts by id and filters by open, check, asset and opening time', async () => {
    const store = createMemoryStore();
    await store.saveIncidents([
      incident('i1', T0),
      incident('i2', T0 + 10, undefined, 'ping'),
      incident('i3', T0 + 20, undefined, 'disk', 'web-2'),
    ]);
    await store.saveIncidents([incident('i1', T0, T0 + 5)]);
    expect((await store.queryIncidents({ open: true })).map((i) => i.id)).toEqual(['i2', 'i3']);
    expect((await store.queryIncidents({ open: false })).map((i) => i.id)).toEqual(['i1']);
    expect((await store.queryIncidents({ check: 'disk' })).map((i) => i.id)).toEqual(['i1', 'i3']);
    expect((await store.queryIncidents({ asset: 'web-1', from: T0 + 1 })).map((i) => i.id)).toEqual(['i2']);
    expect((await store.queryIncidents({ to: T0 + 10 })).map((i) => i.id)).toEqual(['i1']);
  });

  it('keeps every open incident but only the newest maxResolvedIncidents resolved ones', async () => {
    const store = createMemoryStore({ maxResolvedIncidents: 2 });
    await store.saveIncidents([incident('open-1', T0)]);
    for (let i = 0; i < 5; i++) await store.saveIncidents([incident(`r${i}`, T0 + i, T0 + 100 + i)]);
    expect((await store.queryIncidents()).map((i) => i.id)).toEqual(['open-1', 'r3', 'r4']);
  });

  it('drops resolved incidents older than maxAge, by resolution time', async () => {
    const clock = createManualClock(T0);
    const store = createMemoryStore({ maxAge: '1h', clock });
    await store.saveIncidents([incident('old', T0, T0 + 1), incident('open', T0), incident('recent', T0, T0 + HOUR)]);
    await clock.advance(HOUR + 2);
    expect((await store.queryIncidents()).map((i) => i.id).sort()).toEqual(['open', 'recent']);
  });

  it('stores a copy: mutating the saved object does not change the store', async () => {
    const store = createMemoryStore();
    const saved = incident('i1', T0);
    await store.saveIncidents([saved]);
    saved.summary = 'changed';
    expect((await store.queryIncidents())[0]?.summary).toBe('disk full');
  });
});

describe('createMemoryStore: options and lifecycle', () => {
  it('refuses invalid bounds', () => {
    expect(() => createMemoryStore({ maxStateChanges: 0 })).toThrow(WardenError);
    expect(() => createMemoryStore({ maxResolvedIncidents: 1.5 })).toThrow(/maxResolvedIncidents/);
    expect(() => createMemoryStore({ maxAge: 'forever' as '1h' })).toThrow(/maxAge/);
  });

  it('rejects use after close with ERR_STOPPED', async () => {
    const store = createMemoryStore();
    await store.close();
    await expect(store.loadCheckStates()).rejects.toMatchObject({ code: 'ERR_STOPPED' });
  });
});
