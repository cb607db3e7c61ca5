import { WardenError } from '@warden/core';
import { describe, expect, it } from 'vitest';
import { Gate } from '../../src/transport/gate.js';

describe('Gate', () => {
  it('lets `limit` holders in at once, then refuses tryAcquire', () => {
    const gate = new Gate(2);
    expect(gate.tryAcquire()).toBe(true);
    expect(gate.tryAcquire()).toBe(true);
    expect(gate.tryAcquire()).toBe(false);
    gate.release();
    expect(gate.tryAcquire()).toBe(true);
  });

  it('hands a released slot to the first waiter, in order, never to a newcomer', async () => {
    const gate = new Gate(1);
    expect(gate.tryAcquire()).toBe(true);
    const order: string[] = [];
    const first = gate.acquire().then(() => order.push('first'));
    const second = gate.acquire().then(() => order.push('second'));
    gate.release();
    // The slot went to `first`: a newcomer finds it taken even before `first` has run.
    expect(gate.tryAcquire()).toBe(false);
    await first;
    expect(order).toEqual(['first']);
    gate.release();
    await second;
    expect(order).toEqual(['first', 'second']);
    gate.release();
    expect(gate.tryAcquire()).toBe(true);
  });

  it('a waiter that is aborted leaves the queue and takes no slot', async () => {
    const gate = new Gate(1);
    expect(gate.tryAcquire()).toBe(true);
    const controller = new AbortController();
    const aborted = gate.acquire(controller.signal);
    const next = gate.acquire();
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(WardenError);
    await expect(aborted).rejects.toMatchObject({ code: 'ERR_ABORTED' });
    gate.release(); // goes to `next`, not to the aborted waiter
    await next;
    expect(gate.tryAcquire()).toBe(false);
    gate.release();
    expect(gate.tryAcquire()).toBe(true);
  });

  it('refuses at once for a signal that is already aborted', async () => {
    const gate = new Gate(1);
    await expect(gate.acquire(AbortSignal.abort())).rejects.toMatchObject({ code: 'ERR_ABORTED' });
    expect(gate.tryAcquire()).toBe(true);
  });
});
