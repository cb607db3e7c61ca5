import { afterEach, describe, expect, it } from 'vitest';
import { createCaptureLogger } from '../../src/testing/capture-logger.js';
import { harness, stopAll } from './harness.js';

afterEach(stopAll);

describe('log notifier', () => {
  it('logs every incident of a grouped notification, resolutions at info', async () => {
    const logger = createCaptureLogger();
    const h = harness({ logger });
    const { warden } = h;
    warden.assets.add({ id: 'web-1', kind: 'host' });
    warden.notify({ notifier: 'log', params: { level: 'error' }, groupWindow: '1m' });
    warden.check({ id: 'http', assets: '*', run: h.run('http'), every: '1m' });
    warden.check({ id: 'disk', assets: '*', run: h.run('disk'), every: '1m' });
    h.set('critical', 'http');
    h.set('warning', 'disk');
    await warden.start();
    await warden.clock.advance(2 * 60_000);
    const opened = logger.records.filter((r) => r.fields.notification === 'opened');
    expect(opened.map((r) => r.level)).toEqual(['error', 'error']);
    expect(opened.map((r) => r.msg).sort()).toEqual([
      'incident opened: disk on web-1 (warning): disk on web-1 is warning',
      'incident opened: http on web-1 (critical): http on web-1 is critical',
    ]);
    expect(opened.every((r) => r.fields.group === 2)).toBe(true);
    h.set('ok', 'http');
    await warden.clock.advance(2 * 60_000);
    expect(logger.records.filter((r) => r.fields.notification === 'resolved').map((r) => r.level)).toEqual(['info']);
  });
});

describe('runOnce()', () => {
  it('leaves states and incidents alone unless asked to open incidents', async () => {
    const h = harness();
    const { warden } = h;
    warden.assets.add({ id: 'web-1', kind: 'host' });
    warden.notify({ notifier: 'fake.record' as never });
    warden.check({ id: 'http', assets: '*', run: h.run('http') });
    h.set('critical', 'http');
    const raw = await warden.runOnce();
    expect(raw.exitCode).toBe(2);
    expect(warden.state('http', 'web-1')?.status).toBe('pending');
    expect(warden.incidents.list()).toEqual([]);

    const real = await warden.runOnce({ incidents: true });
    expect(real.exitCode).toBe(2);
    expect(warden.state('http', 'web-1')).toMatchObject({ status: 'critical', stateType: 'hard' });
    expect(warden.incidents.list({ open: true })).toHaveLength(1);
    await warden.stop(); // pending notification groups go out at stop
    expect(h.items()).toEqual(['opened web-1/http']);
  });
});
