import { afterEach, describe, expect, it } from 'vitest';
import type { MaintenanceEventPayload } from '../../src/events/types.js';
import { harness, stopAll } from './harness.js';

afterEach(stopAll);

const MIN = 60_000;

function setup() {
  const h = harness();
  const events: Array<MaintenanceEventPayload & { type: string }> = [];
  h.warden.on('maintenance:started', (e) => void events.push({ ...e, type: 'started' }));
  h.warden.on('maintenance:ended', (e) => void events.push({ ...e, type: 'ended' }));
  h.warden.assets.add({ id: 'db-1', kind: 'host' });
  h.warden.assets.add({ id: 'web-1', kind: 'host' });
  h.warden.notify({ notifier: 'fake.record' as never });
  h.warden.check({ id: 'sql', assets: '*', run: h.run('sql'), every: '1m' });
  return { h, events };
}

describe('maintenance windows', () => {
  it('a window opening mid-incident holds updates back, but a resolution inside it is still delivered', async () => {
    const { h, events } = setup();
    const { warden } = h;
    await warden.start();
    h.set('warning', 'sql', 'db-1');
    await warden.clock.advance(MIN);
    expect(h.items()).toEqual(['opened db-1/sql']);

    const now = warden.clock.now();
    warden.maintenance({ id: 'patch', assets: { ids: ['db-1'] }, from: now + MIN, to: now + 10 * MIN, reason: 'patching' });
    await warden.clock.advance(2 * MIN);
    expect(events).toEqual([{ type: 'started', id: 'patch', assets: ['db-1'] }]);
    h.set('critical', 'sql', 'db-1'); // worse, but inside the window: nobody is paged
    await warden.clock.advance(2 * MIN);
    expect(warden.incidents.list({ open: true })).toMatchObject([{ asset: 'db-1', severity: 'critical' }]);
    expect(h.items()).toEqual(['opened db-1/sql']);

    h.set('ok', 'sql', 'db-1');
    await warden.clock.advance(2 * MIN);
    expect(warden.incidents.list({ open: true })).toEqual([]);
    expect(h.items()).toEqual(['opened db-1/sql', 'resolved db-1/sql']);
  });

  it('a problem starting inside a window opens nothing until the window ends, then opens if still failing', async () => {
    const { h, events } = setup();
    const { warden } = h;
    const now = warden.clock.now();
    warden.maintenance({ assets: 'kind=host', checks: ['sql'], from: now, to: now + 30 * MIN });
    await warden.start();
    expect(events.map((e) => e.type)).toEqual(['started']);
    h.set('critical', 'sql'); // both hosts fail during the work …
    await warden.clock.advance(10 * MIN);
    expect(warden.state('sql', 'db-1')).toMatchObject({ status: 'critical', stateType: 'hard' });
    expect(await warden.incidents.history()).toEqual([]);
    expect(h.sent).toEqual([]);
    h.set('ok', 'sql', 'web-1'); // … web-1 comes back before the end, db-1 does not
    await warden.clock.advance(20 * MIN);
    expect(events.map((e) => e.type)).toEqual(['started', 'ended']);
    expect(warden.incidents.list({ open: true }).map((i) => i.asset)).toEqual(['db-1']);
    expect(h.items()).toEqual(['opened db-1/sql']);
  });

  it('an incident open and notified before the window is notified again when it ends still failing', async () => {
    const { h } = setup();
    const { warden } = h;
    await warden.start();
    h.set('critical', 'sql', 'db-1');
    await warden.clock.advance(MIN);
    const now = warden.clock.now();
    warden.maintenance({ assets: { ids: ['db-1'] }, from: now, to: now + 5 * MIN });
    await warden.clock.advance(6 * MIN);
    expect(h.items()).toEqual(['opened db-1/sql', 'updated db-1/sql']);
    expect(warden.incidents.list({ open: true })).toHaveLength(1);
  });

  it('refuses an invalid window with the path', () => {
    const { h } = setup();
    const now = h.warden.clock.now();
    expect(() => h.warden.maintenance({ assets: '*', from: now, to: now - 1 })).toThrow(/to: must be after from/);
  });
});
