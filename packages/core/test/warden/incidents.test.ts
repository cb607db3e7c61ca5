import { afterEach, describe, expect, it } from 'vitest';
import type { NotifyFailedEvent } from '../../src/events/types.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { harness, stopAll } from './harness.js';

afterEach(stopAll);

const MIN = 60_000;

function failing(options: Parameters<typeof harness>[0] = {}) {
  const h = harness(options);
  h.warden.assets.add({ id: 'web-1', kind: 'host' });
  h.warden.assets.add({ id: 'web-2', kind: 'host' });
  h.set('critical', 'http', 'web-1');
  return h;
}

describe('incidents and notifications', () => {
  it('reminds every `renotify`; an acknowledgement stops reminders until it expires', async () => {
    const h = failing();
    const { warden } = h;
    warden.notify({ notifier: 'fake.record' as never, renotify: '10m' });
    warden.check({ id: 'http', assets: { ids: ['web-1'] }, run: h.run('http'), every: '1m' });
    await warden.start();
    await warden.clock.advance(MIN);
    expect(h.items()).toEqual(['opened web-1/http']);
    await warden.clock.advance(10 * MIN);
    expect(h.sent.map((n) => n.reminder)).toEqual([undefined, 1]);

    const acked = warden.incidents.acknowledge({ check: 'http', asset: 'web-1' }, { by: 'ana', note: 'on it', expires: '30m' });
    expect(acked.acknowledgement).toMatchObject({ by: 'ana', note: 'on it' });
    expect(h.items().at(-1)).toBe('acknowledged web-1/http');
    const ackedAt = acked.acknowledgement?.at ?? Number.NaN;
    const updates: string[] = [];
    warden.on('incident:updated', (i) => void updates.push(`${i.asset}/${i.check}@${warden.clock.now() - ackedAt}`));
    const sentAtAck = h.sent.length;
    await warden.clock.advance(25 * MIN);
    expect(h.sent.length).toBe(sentAtAck); // quiet while acknowledged
    await warden.clock.advance(20 * MIN); // the acknowledgement lapsed at 30 min
    expect(updates).toEqual([`web-1/http@${30 * MIN}`]); // at the moment it lapsed
    expect(h.sent.length).toBeGreaterThan(sentAtAck);
    expect(h.sent.at(-1)?.reminder).toBeGreaterThan(1);
    const [incident] = warden.incidents.list({ open: true });
    expect(incident?.acknowledgement).toBeUndefined();
    expect(incident?.timeline.map((e) => e.kind)).toContain('unacknowledged');
    expect(() => warden.incidents.acknowledge('no-such-incident', { by: 'ana' })).toThrow(/no open incident/);
  });

  it('groups events of one asset, escalates when unacknowledged, and always delivers the resolution', async () => {
    const h = failing();
    const { warden } = h;
    h.set('critical', 'disk', 'web-1');
    warden.notify({
      notifier: 'fake.record' as never,
      on: ['opened'], // the resolution of a notified incident goes out anyway
      groupWindow: '1m',
      escalate: [{ after: '15m', notifier: 'fake.record', params: { to: 'manager' } }],
    });
    warden.check({ id: 'http', assets: { ids: ['web-1'] }, run: h.run('http'), every: '1m' });
    warden.check({ id: 'disk', assets: { ids: ['web-1'] }, run: h.run('disk'), every: '1m' });
    await warden.start();
    await warden.clock.advance(2 * MIN);
    expect(h.sent).toHaveLength(1); // two incidents of one host within the window: one message
    expect(h.sent[0]?.group?.map((i) => i.incident.check).sort()).toEqual(['disk', 'http']);

    await warden.clock.advance(15 * MIN);
    const escalations = h.sent.filter((n) => (n.group ?? [n]).some((i) => i.escalation === 1));
    expect(escalations.length).toBeGreaterThanOrEqual(1);

    h.set('ok', 'http', 'web-1');
    h.set('ok', 'disk', 'web-1');
    await warden.clock.advance(3 * MIN);
    const resolved = h.items().filter((i) => i.startsWith('resolved'));
    expect(resolved.sort()).toEqual(expect.arrayContaining(['resolved web-1/disk', 'resolved web-1/http']));
    for (const incident of await warden.incidents.history()) {
      expect(incident).toMatchObject({ state: 'resolved', notified: true });
    }
  });

  it('minStatus keeps warnings away; a failing notifier ends in notify:failed without breaking the engine', async () => {
    const h = failing({ notifications: { groupWindow: 0, retry: { attempts: 2, backoff: '1s' } } });
    const { warden } = h;
    const failures: NotifyFailedEvent[] = [];
    warden.on('notify:failed', (e) => void failures.push(e));
    h.set('warning', 'http', 'web-2');
    warden.notify({ notifier: 'fake.record' as never, minStatus: 'critical' });
    warden.check({ id: 'http', assets: '*', run: h.run('http'), every: '1m' });
    await warden.start();
    await warden.clock.advance(MIN);
    expect(h.items()).toEqual(['opened web-1/http']);
    expect(warden.incidents.list({ open: true })).toHaveLength(2);

    h.calls.failNotify = true;
    h.set('ok', 'http', 'web-1');
    await warden.clock.advance(MIN);
    await warden.clock.advance(10_000);
    expect(failures).toMatchObject([{ notifier: 'fake.record' }]);
    expect(warden.state('http', 'web-1')?.status).toBe('ok');
    // The failure is in the audit log too, with what it was about.
    const audited = (await warden.audit.query({ asset: 'web-1' })).filter((r) => r.kind === 'notify-failed');
    expect(audited).toEqual([
      expect.objectContaining({
        rule: expect.stringMatching(/^notify:/),
        action: 'fake.record',
        asset: 'web-1',
        ok: false,
        reason: expect.any(String),
        params: expect.objectContaining({ kind: 'resolved', attempts: 2 }),
      }),
    ]);
  });

  it('refuses a route with an unknown notifier or bad params, naming the path', () => {
    const h = failing();
    expect(() => h.warden.notify({ notifier: 'pager' })).toThrow(/unknown notifier "pager"/);
    expect(() => h.warden.notify({ notifier: 'fake.record', params: { to: 3 } })).toThrow(/params\.to/);
  });

  it('resolves the incidents of a removed check or asset with the reason; problems group recurring incidents', async () => {
    const h = failing();
    const { warden } = h;
    const http = warden.check({ id: 'http', assets: '*', run: h.run('http'), every: '1m' });
    warden.check({ id: 'ssh', assets: '*', run: h.run('ssh'), every: '1m' });
    h.set('critical', 'ssh', 'web-2');
    await warden.start();
    for (let i = 0; i < 3; i++) {
      h.set('critical', 'http', 'web-1');
      await warden.clock.advance(MIN);
      h.set('ok', 'http', 'web-1');
      await warden.clock.advance(MIN);
    }
    const problems = await warden.incidents.problems();
    expect(problems).toMatchObject([{ check: 'http', asset: 'web-1', incidents: 3 }]);

    h.set('critical', 'http', 'web-1');
    await warden.clock.advance(MIN);
    http.remove();
    warden.assets.remove('web-2');
    const history = await warden.incidents.history();
    expect(history.filter((i) => i.resolution === 'check removed').map((i) => i.asset)).toEqual(['web-1']);
    expect(history.filter((i) => i.resolution === 'asset removed').map((i) => `${i.asset}/${i.check}`)).toEqual(['web-2/ssh']);
    expect(warden.incidents.list({ open: true })).toEqual([]);
  });

  it('a new Warden on the same store takes the states and open incidents back (no duplicate incident)', async () => {
    const store = createMemoryStore();
    const first = failing({ store });
    first.warden.check({ id: 'http', assets: '*', run: first.run('http'), every: '1m', attempts: 2 });
    await first.warden.start();
    await first.warden.clock.advance(2 * MIN);
    const [incident] = first.warden.incidents.list({ open: true });
    expect(incident).toBeDefined();
    await first.warden.stop();

    const second = failing({ store, start: first.warden.clock.now() });
    second.warden.check({ id: 'http', assets: '*', run: second.run('http'), every: '1m', attempts: 2 });
    await second.warden.start();
    expect(second.warden.state('http', 'web-1')).toMatchObject({ status: 'critical', stateType: 'hard', attempt: 2 });
    await second.warden.clock.advance(3 * MIN);
    const open = second.warden.incidents.list({ open: true });
    expect(open.map((i) => i.id)).toEqual([incident?.id]);
    second.set('ok', 'http', 'web-1');
    await second.warden.clock.advance(MIN);
    expect(await second.warden.incidents.history()).toMatchObject([{ id: incident?.id, state: 'resolved' }]);
  });
});
