import { describe, expect, it } from 'vitest';
import { TurnBudget } from '../../src/transport/turns.js';

describe('TurnBudget', () => {
  it('lets perTurn starts through in one event-loop turn and the rest in later turns, in order', async () => {
    const budget = new TurnBudget(2);
    let turn = 0;
    const bump = (): void => {
      turn++;
      if (turn < 10) setImmediate(bump);
    };
    setImmediate(bump);
    const seen: Array<[number, number]> = [];
    await Promise.all(Array.from({ length: 5 }, (_, k) => budget.take().then(() => void seen.push([k, turn]))));
    expect(seen.map(([k]) => k)).toEqual([0, 1, 2, 3, 4]);
    const turns = seen.map(([, t]) => t);
    // Two at once, then two per later turn, then the last one.
    expect(turns[0]).toBe(turns[1]);
    expect(turns[2]).toBe(turns[3]);
    expect(turns[2]).toBeGreaterThan(turns[1] as number);
    expect(turns[4]).toBeGreaterThan(turns[3] as number);
  });

  it('refills every turn: a caller after an idle turn starts at once', async () => {
    const budget = new TurnBudget(1);
    await budget.take();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    let started = false;
    void budget.take().then(() => {
      started = true;
    });
    await Promise.resolve();
    expect(started).toBe(true);
  });
});
