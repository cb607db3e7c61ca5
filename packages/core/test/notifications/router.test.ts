import { describe, expect, it } from 'vitest';
import { incident, lines, MINUTE, SECOND, setup, T0 } from './helpers.js';

describe('routing and grouping', () => {
  it('sends an opened incident once its asset group closes (5 s by default), with a stable dedupKey', async () => {
    const { clock, router, sent, delivered } = setup();
    router.add({ id: 'ops', notifier: 'log', params: { level: 'error' } });
    router.handle('opened', incident({ id: 'i1' }));
    await clock.advance(5 * SECOND - 1);
    expect(sent).toEqual([]);
    await clock.advance(1);
    expect(lines(sent)).toEqual(['+5s log opened i1:opened']);
    expect(sent[0]?.params).toEqual({ level: 'error' });
    expect(sent[0]?.notification).toMatchObject({ route: 'ops', incident: { id: 'i1' } });
    expect(delivered).toEqual(['log i1:opened']);
  });

  it('groups events of one asset within the window into one notification led by the most severe', async () => {
    const { clock, router, sent } = setup();
    router.add({ notifier: 'log' });
    router.handle('opened', incident({ id: 'i1', check: 'load', severity: 'warning' }));
    await clock.advance(2 * SECOND);
    router.handle('opened', incident({ id: 'i2', check: 'disk', severity: 'critical' }));
    router.handle('opened', incident({ id: 'i3', asset: 'db-1' }));
    await clock.advance(3 * SECOND);
    // web-1's group opened at 0 s and closes at 5 s with both; db-1's opened at 2 s.
    expect(lines(sent)).toEqual(['+5s log group[opened i1:opened, opened i2:opened]']);
    expect(sent[0]?.notification).toMatchObject({ kind: 'opened', incident: { id: 'i2' }, dedupKey: 'i1:opened+i2:opened' });
    await clock.advance(2 * SECOND);
    expect(lines(sent).slice(1)).toEqual(['+7s log opened i3:opened']);
  });

  it('keeps only the latest update of an incident in a group, and sends at once with groupWindow 0', async () => {
    const { clock, router, sent } = setup({ groupWindow: '10s' });
    router.add({ notifier: 'log' });
    router.add({ notifier: 'chat', groupWindow: 0 });
    const first = incident({ id: 'i1', severity: 'warning' });
    router.handle('opened', first);
    await clock.flush();
    expect(lines(sent)).toEqual(['+0s chat opened i1:opened']);
    router.handle('updated', { ...first, severity: 'critical', summary: 'now 97%' });
    router.handle('updated', { ...first, severity: 'critical', summary: 'now 99%' });
    await clock.advance(10 * SECOND);
    expect(lines(sent)).toEqual([
      '+0s chat opened i1:opened',
      '+0s chat updated i1:updated:1',
      '+0s chat updated i1:updated:2',
      '+10s log group[opened i1:opened, updated i1:updated:2]',
    ]);
    expect(sent[3]?.notification.group?.[1]?.incident.summary).toBe('now 99%');
  });

  it('filters by event, asset selector, checks and minStatus; once notified, later events always pass', async () => {
    const { clock, router, sent } = setup({ groupWindow: 0 });
    router.add({ notifier: 'pager', minStatus: 'critical', assets: 'team=web', checks: ['disk'] });
    router.add({ notifier: 'opened-only', on: ['incident:opened'] });
    router.add({ notifier: 'recoveries', on: ['resolved'] });
    const warning = incident({ id: 'i1', severity: 'warning' });
    router.handle('opened', warning);
    router.handle('opened', incident({ id: 'db', asset: 'db-1' }));
    router.handle('opened', incident({ id: 'load', check: 'load' }));
    await clock.flush();
    expect(lines(sent).filter((l) => l.includes('pager'))).toEqual([]);
    // Rising to critical lets it through: the first notification a route sends is `opened`.
    router.handle('updated', { ...warning, severity: 'critical' });
    router.handle('updated', { ...warning, severity: 'warning' });
    router.handle('resolved', { ...warning, state: 'resolved', resolvedAt: T0 + MINUTE });
    await clock.flush();
    // Lanes are per notifier: order holds within a notifier, not across them.
    const of = (notifier: string) => lines(sent.filter((r) => r.notifier === notifier));
    expect(of('pager')).toEqual(['+0s pager opened i1:opened', '+0s pager updated i1:updated:1', '+0s pager resolved i1:resolved']);
    // A route without `resolved` in `on` still gets the resolution of what it notified.
    expect(of('opened-only')).toEqual([
      '+0s opened-only opened i1:opened',
      '+0s opened-only opened db:opened',
      '+0s opened-only opened load:opened',
      '+0s opened-only resolved i1:resolved',
    ]);
    // A recoveries-only route gets resolutions without having sent the opening.
    expect(of('recoveries')).toEqual(['+0s recoveries resolved i1:resolved']);
  });

  it('sends resolutions after a restart when the incident says it was notified', async () => {
    const { clock, router, sent } = setup({ groupWindow: 0 });
    router.add({ notifier: 'log' });
    router.add({ notifier: 'pager', minStatus: 'critical' });
    router.handle('resolved', incident({ id: 'old', state: 'resolved', severity: 'warning', notified: true }));
    router.handle('resolved', incident({ id: 'quiet', state: 'resolved', notified: false }));
    await clock.flush();
    expect(lines(sent)).toEqual(['+0s log resolved old:resolved']);
  });

  it('sends acknowledgements only for incidents the route notified', async () => {
    const { clock, router, sent } = setup({ groupWindow: 0 });
    router.add({ notifier: 'log', minStatus: 'critical' });
    const ack = { by: 'ana', note: 'on it', at: T0 + 1, sticky: true };
    router.handle('opened', incident({ id: 'c' }));
    router.handle('acknowledged', incident({ id: 'c', acknowledgement: ack }));
    router.handle('acknowledged', incident({ id: 'w', severity: 'warning', acknowledgement: ack }));
    await clock.flush();
    expect(lines(sent)).toEqual(['+0s log opened c:opened', `+0s log acknowledged c:acknowledged:${T0 + 1}`]);
  });
});

describe('maintenance and flapping', () => {
  it('holds back events in maintenance, delivers on reconcile when the window ends', async () => {
    const { clock, router, sent, maintenance } = setup({ groupWindow: 0 });
    router.add({ notifier: 'log' });
    maintenance.add('web-1');
    const open = incident({ id: 'i1' });
    router.handle('opened', open);
    router.handle('updated', { ...open, summary: 'worse' });
    await clock.advance(MINUTE);
    expect(sent).toEqual([]);
    maintenance.delete('web-1');
    router.reconcile(open);
    await clock.flush();
    expect(lines(sent)).toEqual(['+60s log opened i1:opened']);
  });

  it('delivers a resolution inside a window for a notified incident, and nothing for one never notified', async () => {
    const { clock, router, sent, maintenance } = setup({ groupWindow: 0 });
    router.add({ notifier: 'log' });
    router.handle('opened', incident({ id: 'seen' }));
    maintenance.add('web-1');
    router.handle('opened', incident({ id: 'unseen' }));
    router.handle('updated', incident({ id: 'seen', summary: 'still bad' }));
    router.handle('resolved', incident({ id: 'seen', state: 'resolved' }));
    router.handle('resolved', incident({ id: 'unseen', state: 'resolved' }));
    await clock.flush();
    expect(lines(sent)).toEqual(['+0s log opened seen:opened', '+0s log resolved seen:resolved']);
  });

  it('re-notifies an incident notified before the window when it is still failing at the end', async () => {
    const { clock, router, sent, maintenance } = setup({ groupWindow: 0 });
    router.add({ notifier: 'log' });
    const open = incident({ id: 'i1' });
    router.handle('opened', open);
    maintenance.add('web-1');
    router.reconcile(open); // still in maintenance: nothing
    maintenance.delete('web-1');
    router.reconcile(open);
    await clock.flush();
    expect(lines(sent)).toEqual(['+0s log opened i1:opened', '+0s log updated i1:updated:1']);
  });

  it('sends one flapping notice per episode, pauses meanwhile, then reconciles', async () => {
    const { clock, router, sent } = setup({ groupWindow: 0 });
    router.add({ notifier: 'log' });
    const open = incident({ id: 'i1' });
    router.handle('opened', open);
    const flapping = { ...open, flapping: true };
    router.handle('flapping', flapping);
    router.handle('updated', { ...flapping, severity: 'warning' as const });
    router.handle('flapping', flapping);
    router.reconcile(flapping);
    await clock.flush();
    expect(lines(sent)).toEqual(['+0s log opened i1:opened', '+0s log flapping i1:flapping:1']);
    // Flapping stops while still failing: the engine reconciles.
    router.reconcile(open);
    // A second episode gets its own notice.
    router.handle('flapping', flapping);
    router.handle('resolved', { ...flapping, state: 'resolved' });
    await clock.flush();
    expect(lines(sent).slice(2)).toEqual([
      '+0s log updated i1:updated:1',
      '+0s log flapping i1:flapping:2',
      '+0s log resolved i1:resolved',
    ]);
  });
});

describe('reminders and escalation', () => {
  it('reminds at the renotify interval while open and unacknowledged', async () => {
    const { clock, router, sent } = setup({ groupWindow: 0 });
    router.add({ notifier: 'log', renotify: '1h' });
    const open = incident({ id: 'i1' });
    router.handle('opened', open);
    await clock.advance(2 * 60 * MINUTE);
    router.handle('acknowledged', { ...open, acknowledgement: { by: 'ana', at: clock.now(), sticky: true } });
    await clock.advance(3 * 60 * MINUTE);
    expect(lines(sent)).toEqual([
      '+0s log opened i1:opened',
      '+3600s log opened i1:reminder:1',
      '+7200s log opened i1:reminder:2',
      `+7200s log acknowledged i1:acknowledged:${T0 + 2 * 60 * MINUTE}`,
    ]);
    expect(sent[1]?.notification.reminder).toBe(1);
  });

  it('resumes reminders when an acknowledgement expires, skips them in maintenance', async () => {
    const { clock, router, sent, maintenance } = setup({ groupWindow: 0 });
    router.add({ notifier: 'log', renotify: '1h' });
    router.handle('opened', incident({ id: 'i1', acknowledgement: { by: 'ana', at: T0, sticky: true, expiresAt: T0 + 90 * MINUTE } }));
    maintenance.add('web-1');
    await clock.advance(150 * MINUTE);
    expect(lines(sent)).toEqual(['+0s log opened i1:opened']); // 1h: acknowledged; 2h: in maintenance
    maintenance.delete('web-1');
    await clock.advance(30 * MINUTE);
    expect(lines(sent)).toEqual(['+0s log opened i1:opened', '+10800s log opened i1:reminder:1']);
  });

  it('escalates after the delay unless acknowledged; escalated targets get the rest of the story', async () => {
    const { clock, router, sent } = setup({ groupWindow: 0 });
    router.add({
      notifier: 'chat',
      escalate: [
        { after: '15m', notifier: 'pager', params: { service: 'web' } },
        { after: '1h', notifier: 'phone' },
      ],
    });
    const open = incident({ id: 'i1' });
    router.handle('opened', open);
    await clock.advance(20 * MINUTE);
    router.handle('acknowledged', { ...open, acknowledgement: { by: 'ana', at: clock.now(), sticky: true } });
    await clock.advance(60 * MINUTE);
    router.handle('resolved', { ...open, state: 'resolved' });
    await clock.flush();
    expect(lines(sent)).toEqual([
      '+0s chat opened i1:opened',
      '+900s pager opened i1:escalation:1',
      `+1200s chat acknowledged i1:acknowledged:${T0 + 20 * MINUTE}`,
      `+1200s pager acknowledged i1:acknowledged:${T0 + 20 * MINUTE}`,
      '+4800s chat resolved i1:resolved',
      '+4800s pager resolved i1:resolved',
    ]);
    expect(sent[1]?.params).toEqual({ service: 'web' });
    expect(sent[1]?.notification.escalation).toBe(1);
  });
  it('holds a due escalation while in maintenance and sends it within a minute of the window ending', async () => {
    const { clock, router, sent, maintenance } = setup({ groupWindow: 0 });
    router.add({ notifier: 'chat', escalate: [{ after: '10m', notifier: 'pager' }] });
    router.handle('opened', incident({ id: 'i1' }));
    await clock.advance(5 * MINUTE);
    maintenance.add('web-1');
    await clock.advance(20 * MINUTE);
    expect(lines(sent)).toEqual(['+0s chat opened i1:opened']);
    maintenance.delete('web-1');
    await clock.advance(MINUTE);
    // Due at 10 min, re-checked every minute: 11, 12, … 26 min is the first check outside the window.
    expect(lines(sent)).toEqual(['+0s chat opened i1:opened', '+1560s pager opened i1:escalation:1']);
  });

  it('sends no flapping notice to a route that never notified the incident', async () => {
    const { clock, router, sent } = setup({ groupWindow: 0 });
    router.add({ notifier: 'pager', minStatus: 'critical' });
    router.handle('flapping', incident({ id: 'w', severity: 'warning', flapping: true }));
    await clock.flush();
    expect(sent).toEqual([]);
  });
});

describe('containment', () => {
  it('never throws into the engine: a throwing lookup goes to onError', () => {
    const { router, errors } = setup({
      getAsset: () => {
        throw new Error('registry gone');
      },
    });
    router.add({ notifier: 'log', assets: 'kind=host' });
    expect(() => router.handle('opened', incident({ id: 'i1' }))).not.toThrow();
    expect(errors).toEqual([expect.objectContaining({ message: 'registry gone' })]);
  });

  it('sends a removed route’s pending group at once and ignores it afterwards', async () => {
    const { clock, router, sent } = setup();
    const handle = router.add({ notifier: 'log' });
    router.handle('opened', incident({ id: 'i1' }));
    handle.remove();
    handle.remove();
    router.handle('opened', incident({ id: 'i2' }));
    await clock.advance(10 * SECOND);
    expect(lines(sent)).toEqual(['+0s log opened i1:opened']);
  });

  it('runs everything on one clock timer, and stop() cancels it', async () => {
    const { clock, router } = setup({ rateLimit: { perMinute: 1 } });
    router.add({ notifier: 'log', renotify: '1h', escalate: [{ after: '10m', notifier: 'pager' }] });
    router.handle('opened', incident({ id: 'i1' }));
    router.handle('opened', incident({ id: 'i2', asset: 'db-1' }));
    expect(clock.pendingTimers()).toBe(1);
    await clock.advance(5 * SECOND);
    expect(clock.pendingTimers()).toBe(1);
    expect(router.backlog()).toEqual({ groups: 0, queued: 1, inFlight: 0 });
    router.stop();
    expect(clock.pendingTimers()).toBe(0);
    router.handle('opened', incident({ id: 'i3' }));
    expect(router.backlog()).toEqual({ groups: 0, queued: 0, inFlight: 0 });
  });

  it('refuses a duplicate route id', () => {
    const { router } = setup();
    router.add({ id: 'ops', notifier: 'log' });
    expect(() => router.add({ id: 'ops', notifier: 'log' })).toThrow(expect.objectContaining({ code: 'ERR_DUPLICATE' }));
  });
});
