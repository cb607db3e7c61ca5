import { describe, expect, it } from 'vitest';
import { incident, lines, MINUTE, SECOND, setup } from './helpers.js';

describe('delivery', () => {
  it('delays sends over the rate limit, never drops one, and keeps their order', async () => {
    const { clock, router, sent } = setup({ groupWindow: 0, rateLimit: { perMinute: 2 } });
    router.add({ notifier: 'chat' });
    for (let i = 1; i <= 5; i++) router.handle('opened', incident({ id: `i${i}`, asset: `web-${i}` }));
    await clock.flush();
    expect(lines(sent)).toEqual(['+0s chat opened i1:opened', '+0s chat opened i2:opened']);
    expect(router.backlog()).toEqual({ groups: 0, queued: 3, inFlight: 0 });
    await clock.advance(2 * MINUTE);
    // Slots free 60 s after each send: 2 at 0 s, 2 at 60 s, 1 at 120 s.
    expect(lines(sent)).toEqual([
      '+0s chat opened i1:opened',
      '+0s chat opened i2:opened',
      '+60s chat opened i3:opened',
      '+60s chat opened i4:opened',
      '+120s chat opened i5:opened',
    ]);
    expect(router.backlog().queued).toBe(0);
  });

  it('counts the limit per notifier, across idle periods', async () => {
    const { clock, router, sent } = setup({ groupWindow: 0, rateLimit: { perMinute: 1 } });
    router.add({ notifier: 'chat' });
    router.add({ notifier: 'log' });
    router.handle('opened', incident({ id: 'a' }));
    await clock.advance(30 * SECOND);
    router.handle('opened', incident({ id: 'b' }));
    await clock.advance(30 * SECOND);
    expect(lines(sent)).toEqual([
      '+0s chat opened a:opened',
      '+0s log opened a:opened',
      '+60s chat opened b:opened',
      '+60s log opened b:opened',
    ]);
  });

  it('retries a failed send with exponential backoff, with the same dedupKey, and reports it delivered once', async () => {
    const { clock, router, attempts, sent, delivered, failed, failNext } = setup({ groupWindow: 0 });
    router.add({ notifier: 'hook' });
    failNext.set('hook', 2);
    router.handle('opened', incident({ id: 'i1' }));
    await clock.advance(10 * SECOND);
    // Attempt 1 at 0 s fails, retry after 1 s fails, retry after 2 s more succeeds.
    expect(lines(attempts)).toEqual(['+0s hook opened i1:opened', '+1s hook opened i1:opened', '+3s hook opened i1:opened']);
    expect(sent).toHaveLength(1);
    expect(delivered).toEqual(['hook i1:opened']);
    expect(failed).toEqual([]);
  });

  it('gives up after the last attempt, reports onFailed with a WardenError, and moves on', async () => {
    const { clock, router, attempts, sent, failed, failNext } = setup({ groupWindow: 0, retry: { attempts: 3, backoff: '2s' } });
    router.add({ notifier: 'hook' });
    failNext.set('hook', 3);
    router.handle('opened', incident({ id: 'i1' }));
    router.handle('resolved', incident({ id: 'i1', state: 'resolved' }));
    await clock.advance(MINUTE);
    expect(lines(attempts)).toEqual([
      '+0s hook opened i1:opened',
      '+2s hook opened i1:opened',
      '+6s hook opened i1:opened',
      // The resolution waited behind the opening: it never overtakes it.
      '+6s hook resolved i1:resolved',
    ]);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.attempts).toBe(3);
    expect(failed[0]?.error).toMatchObject({ code: 'ERR_PLUGIN', message: expect.stringContaining('hook endpoint returned 503') });
    expect(failed[0]?.error.message).toContain('failed 3 time(s) to deliver i1:opened');
    expect(lines(sent)).toEqual(['+6s hook resolved i1:resolved']);
  });

  it('treats a send that never settles as failed after the send timeout, then retries', async () => {
    const { clock, router, attempts, sent, failNext } = setup({ groupWindow: 0, sendTimeout: '10s' });
    router.add({ notifier: 'hook' });
    failNext.set('hook', 'hang');
    router.handle('opened', incident({ id: 'i1' }));
    await clock.advance(10 * SECOND);
    failNext.delete('hook');
    await clock.advance(SECOND);
    expect(lines(attempts)).toEqual(['+0s hook opened i1:opened', '+11s hook opened i1:opened']);
    expect(sent).toHaveLength(1);
  });

  it('contains a send that throws synchronously', async () => {
    const failed: string[] = [];
    const { clock, router } = setup({
      groupWindow: 0,
      retry: { attempts: 1 },
      send: () => {
        throw new TypeError('boom');
      },
      onFailed: (error) => failed.push(error.code),
    });
    router.add({ notifier: 'bad' });
    expect(() => router.handle('opened', incident({ id: 'i1' }))).not.toThrow();
    await clock.flush();
    expect(failed).toEqual(['ERR_PLUGIN']);
  });

  it('idle() resolves once the queues are empty', async () => {
    const { clock, router, sent, failNext } = setup({ groupWindow: 0 });
    router.add({ notifier: 'hook' });
    failNext.set('hook', 1);
    router.handle('opened', incident({ id: 'i1' }));
    let idle = false;
    void router.idle().then(() => {
      idle = true;
    });
    await clock.flush();
    expect(idle).toBe(false);
    await clock.advance(SECOND);
    expect(idle).toBe(true);
    expect(sent).toHaveLength(1);
  });

  it('flush() sends collecting groups at once', async () => {
    const { clock, router, sent } = setup();
    router.add({ notifier: 'log' });
    router.handle('opened', incident({ id: 'i1' }));
    router.flush();
    await clock.flush();
    expect(lines(sent)).toEqual(['+0s log opened i1:opened']);
  });
});
