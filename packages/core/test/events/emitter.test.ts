import { describe, expect, it } from 'vitest';
import { WardenEmitter } from '../../src/events/emitter.js';
import type { WardenErrorEvent } from '../../src/events/types.js';

const asset = { id: 'web-1', kind: 'host' };

describe('WardenEmitter', () => {
  it('delivers typed payloads to every listener', () => {
    const emitter = new WardenEmitter();
    const seen: string[] = [];
    emitter.on('asset:added', (a) => void seen.push(`one:${a.id}`));
    emitter.on('asset:added', (a) => void seen.push(`two:${a.id}`));
    expect(emitter.emit('asset:added', asset)).toBe(true);
    expect(seen).toEqual(['one:web-1', 'two:web-1']);
  });

  it('isolates a throwing listener: the others still run and warden:error reports it', () => {
    const emitter = new WardenEmitter();
    const errors: WardenErrorEvent[] = [];
    const seen: string[] = [];
    emitter.on('warden:error', (e) => void errors.push(e));
    emitter.on('asset:added', () => {
      throw new Error('listener bug');
    });
    emitter.on('asset:added', (a) => void seen.push(a.id));
    expect(() => emitter.emit('asset:added', asset)).not.toThrow();
    expect(seen).toEqual(['web-1']);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.source).toBe('listener:asset:added');
    expect(errors[0]?.error.message).toContain('listener bug');
  });

  it('reports a rejecting async listener and a thrown non-Error', async () => {
    const emitter = new WardenEmitter();
    const errors: WardenErrorEvent[] = [];
    emitter.on('warden:error', (e) => void errors.push(e));
    emitter.on('asset:removed', async () => {
      throw new Error('async bug');
    });
    emitter.on('asset:added', () => {
      throw { weird: true };
    });
    emitter.emit('asset:removed', asset);
    emitter.emit('asset:added', asset);
    await new Promise((r) => setImmediate(r));
    expect(errors.map((e) => e.error.message).sort()).toEqual([
      'a listener for "asset:added" threw: non-Error thrown: {"weird":true}',
      'a listener for "asset:removed" threw: async bug',
    ]);
  });

  it('does not loop when a warden:error listener throws', () => {
    const emitter = new WardenEmitter();
    let calls = 0;
    emitter.on('warden:error', () => {
      calls++;
      throw new Error('again');
    });
    emitter.on('asset:added', () => {
      throw new Error('first');
    });
    emitter.emit('asset:added', asset);
    expect(calls).toBe(1);
  });

  it('off removes the listener given to on, once fires once', () => {
    const emitter = new WardenEmitter();
    let on = 0;
    let once = 0;
    const listener = () => void on++;
    emitter.on('asset:added', listener);
    emitter.once('asset:added', () => void once++);
    emitter.emit('asset:added', asset);
    emitter.off('asset:added', listener);
    emitter.emit('asset:added', asset);
    expect([on, once]).toEqual([1, 1]);
    expect(emitter.listenerCount('asset:added')).toBe(0);
  });
});
