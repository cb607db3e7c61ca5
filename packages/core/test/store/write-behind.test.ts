import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { StateStore } from '../../src/store/types.js';
import { createWriteBehind, type WriteFailure } from '../../src/store/write-behind.js';
import { createManualClock } from '../../src/testing/manual-clock.js';
import { change, checkState, incident, T0 } from './fixtures.js';

/** A memory store whose calls can be made to fail, counting every call. */
function flakyStore(): { store: StateStore; calls: string[]; failing: Set<string> } {
  const inner = createMemoryStore();
  const calls: string[] = [];
  const failing = new Set<string>();
  const wrap =
    <A extends unknown[]>(name: string, fn: (...args: A) => Promise<void>) =>
    async (...args: A): Promise<void> => {
      calls.push(`${name}:${(args[0] as unknown[]).length}`);
      if (failing.has(name)) throw new Error(`${name} failed: disk full`);
      await fn(...args);
    };
  const store: StateStore = {
    ...inner,
    saveCheckStates: wrap('saveCheckStates', inner.saveCheckStates),
    deleteCheckStates: wrap('deleteCheckStates', inner.deleteCheckStates),
    appendStateChanges: wrap('appendStateChanges', inner.appendStateChanges),
    saveIncidents: wrap('saveIncidents', inner.saveIncidents),
  };
  return { store, calls, failing };
}

describe('createWriteBehind: batching', () => {
  it('writes nothing synchronously, then one batch per store call after the delay', async () => {
    const clock = createManualClock(T0);
    const { store, calls } = flakyStore();
    const writer = createWriteBehind({ store, clock, delay: '1s' });
    for (let i = 0; i < 10; i++) writer.appendStateChange(change('disk', `a${i}`, T0 + i));
    writer.saveCheckState(checkState('disk', 'a0'));
    expect(writer.pending).toBe(11);
    await clock.advance(999);
    expect(calls).toEqual([]);
    await clock.advance(1);
    expect(calls).toEqual(['saveCheckStates:1', 'appendStateChanges:10']);
    expect(writer.pending).toBe(0);
    expect(await store.queryStateChanges()).toHaveLength(10);
  });

  it('coalesces check states and incidents by key, writing the latest', async () => {
    const clock = createManualClock(T0);
    const { store, calls } = flakyStore();
    const writer = createWriteBehind({ store, clock });
    for (let attempt = 1; attempt <= 5; attempt++) writer.saveCheckState(checkState('disk', 'a', attempt));
    const open = incident('i1', T0);
    writer.saveIncident(open);
    open.summary = 'disk 99% full';
    writer.saveIncident(open);
    await writer.flush();
    expect(calls).toEqual(['saveCheckStates:1', 'saveIncidents:1']);
    expect((await store.loadCheckStates())[0]?.attempt).toBe(5);
    expect((await store.queryIncidents())[0]?.summary).toBe('disk 99% full');
  });

  it('writes at once when maxBatch records wait, in store calls of at most maxBatch', async () => {
    const clock = createManualClock(T0);
    const { store, calls } = flakyStore();
    const writer = createWriteBehind({ store, clock, delay: '1h', maxBatch: 4 });
    for (let i = 0; i < 10; i++) writer.appendStateChange(change('disk', 'a', T0 + i));
    await clock.advance(0);
    expect(calls).toEqual(['appendStateChanges:4', 'appendStateChanges:4', 'appendStateChanges:2']);
    expect((await store.queryStateChanges()).map((c) => c.at - T0)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('applies a delete before a later save of the same pair, and drops an earlier one', async () => {
    const clock = createManualClock(T0);
    const { store } = flakyStore();
    await store.saveCheckStates([checkState('disk', 'a'), checkState('disk', 'b')]);
    const writer = createWriteBehind({ store, clock });
    writer.saveCheckState(checkState('disk', 'b', 7));
    writer.deleteCheckStates({ check: 'disk' });
    writer.saveCheckState(checkState('disk', 'a', 9));
    await writer.flush();
    expect(await store.loadCheckStates()).toEqual([checkState('disk', 'a', 9)]);
  });
});

describe('createWriteBehind: failures', () => {
  it('reports a failed write, keeps the records and retries with backoff until the store recovers', async () => {
    const clock = createManualClock(T0);
    const { store, calls, failing } = flakyStore();
    const failures: Array<{ message: string } & WriteFailure> = [];
    const writer = createWriteBehind({
      store,
      clock,
      delay: 100,
      retryDelay: '1s',
      onError: (err, failure) => failures.push({ message: (err as Error).message, ...failure }),
    });
    failing.add('appendStateChanges');
    writer.appendStateChange(change('disk', 'a', T0));
    writer.appendStateChange(change('disk', 'a', T0 + 1));
    await clock.advance(100);
    expect(failures).toEqual([
      {
        message: 'appendStateChanges failed: disk full',
        operation: 'appendStateChanges',
        records: 2,
        attempt: 1,
        retryInMs: 1000,
        dropped: 0,
      },
    ]);
    expect(writer.pending).toBe(2);

    // queued meanwhile: kept after the failed ones, in order
    writer.appendStateChange(change('disk', 'a', T0 + 2));
    await clock.advance(1000);
    expect(failures.map((f) => f.retryInMs)).toEqual([1000, 2000]);
    failing.delete('appendStateChanges');
    await clock.advance(1999);
    expect(writer.pending).toBe(3);
    await clock.advance(1);
    expect(writer.pending).toBe(0);
    expect((await store.queryStateChanges()).map((c) => c.at - T0)).toEqual([0, 1, 2]);
    expect(calls.filter((c) => c.startsWith('append'))).toEqual(['appendStateChanges:2', 'appendStateChanges:3', 'appendStateChanges:3']);
  });

  it('keeps a newer check state over a failed older one, and does not resurrect a deleted pair', async () => {
    const clock = createManualClock(T0);
    const { store, failing } = flakyStore();
    const writer = createWriteBehind({ store, clock, onError: () => {} });
    failing.add('saveCheckStates');
    writer.saveCheckState(checkState('disk', 'a', 1));
    writer.saveCheckState(checkState('disk', 'b', 1));
    const flushing = writer.flush();
    writer.saveCheckState(checkState('disk', 'a', 2));
    writer.deleteCheckStates({ check: 'disk', asset: 'b' });
    await flushing;
    failing.delete('saveCheckStates');
    await writer.flush();
    expect(await store.loadCheckStates()).toEqual([checkState('disk', 'a', 2)]);
  });

  it('never rejects flush or close, and never throws from queuing, while the store fails', async () => {
    const clock = createManualClock(T0);
    const { store, failing } = flakyStore();
    let reported = 0;
    const writer = createWriteBehind({
      store,
      clock,
      onError: () => {
        reported++;
        throw new Error('a broken error handler');
      },
    });
    failing.add('saveIncidents');
    writer.saveIncident(incident('i1', T0));
    await expect(writer.flush()).resolves.toBeUndefined();
    await expect(writer.close()).resolves.toBeUndefined();
    expect(reported).toBe(2);
    expect(writer.pending).toBe(1);
    expect(() => writer.saveIncident(incident('i2', T0))).toThrow(expect.objectContaining({ code: 'ERR_STOPPED' }));
  });

  it('drops the oldest state changes beyond maxPending and says how many', async () => {
    const clock = createManualClock(T0);
    const { store, failing } = flakyStore();
    const dropped: number[] = [];
    const writer = createWriteBehind({ store, clock, maxPending: 3, onError: (_err, f) => f.dropped > 0 && dropped.push(f.dropped) });
    failing.add('appendStateChanges');
    for (let i = 0; i < 5; i++) writer.appendStateChange(change('disk', 'a', T0 + i));
    expect(dropped).toEqual([1, 1]);
    failing.delete('appendStateChanges');
    await writer.flush();
    expect((await store.queryStateChanges()).map((c) => c.at - T0)).toEqual([2, 3, 4]);
  });

  it('close() writes what is waiting and stops the timer', async () => {
    const clock = createManualClock(T0);
    const { store, calls } = flakyStore();
    const writer = createWriteBehind({ store, clock, delay: '1h' });
    writer.appendStateChange(change('disk', 'a', T0));
    await writer.close();
    expect(calls).toEqual(['appendStateChanges:1']);
    await clock.advance(2 * 3_600_000);
    expect(calls).toEqual(['appendStateChanges:1']);
  });

  it('refuses invalid sizes and durations', () => {
    const { store } = flakyStore();
    expect(() => createWriteBehind({ store, maxBatch: 0 })).toThrow(/maxBatch/);
    expect(() => createWriteBehind({ store, delay: 'later' as '1s' })).toThrow(/delay/);
  });
});
