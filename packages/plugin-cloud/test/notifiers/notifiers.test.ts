import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Notification, secret } from '@warden/core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { pagerDutyNotifier, pagerDutyParamsSchema } from '../../src/notifiers/pagerduty.js';
import { slackNotifier, slackParamsSchema } from '../../src/notifiers/slack.js';
import { webhookNotifier, webhookParamsSchema } from '../../src/notifiers/webhook.js';
import { createHttpTransport } from '../../src/transport/http-transport.js';
import { hookContext } from '../helpers/context.js';
import { recordingClock, startHttpServer, type TestServer } from '../helpers/servers.js';

const http = createHttpTransport();
const servers: TestServer[] = [];
afterEach(async () => Promise.all(servers.splice(0).map((s) => s.close())));
afterAll(() => http.close());
const serve = async (handler: Parameters<typeof startHttpServer>[0]) => {
  const s = await startHttpServer(handler);
  servers.push(s);
  return s;
};
const clock = () => recordingClock(1_767_225_600_000);

const incident = {
  id: 'inc-42',
  check: 'disk',
  asset: 'web-1',
  problemId: 'p-1',
  state: 'open',
  severity: 'critical',
  summary: '/var 95% used',
  openedAt: 1_767_225_000_000,
  updatedAt: 1_767_225_000_000,
  flapping: false,
  notified: false,
  timeline: [],
};
const note = (kind: Notification['kind'], extra: object = {}): Notification =>
  ({ kind, incident: { ...incident, ...extra }, dedupKey: `inc-42:${kind}` }) as unknown as Notification;

async function failure(promise: unknown): Promise<Error & { code: string }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code: string };
  }
  throw new Error('expected a failure');
}

describe('cloud.webhook', () => {
  it('signs the body with HMAC-SHA256 over timestamp and body, and retries until accepted', async () => {
    let calls = 0;
    const s = await serve((req, res) => {
      calls++;
      const expected = `v1=${createHmac('sha256', 'k3y-for-tests').update(`${req.headers['x-warden-timestamp']}.${req.body}`).digest('hex')}`;
      const given = String(req.headers['x-warden-signature']);
      const valid = given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
      if (!valid) return res.writeHead(401).end('bad signature');
      res.writeHead(calls === 1 ? 503 : 204).end();
    });
    const notifier = webhookNotifier(http);
    const params = webhookParamsSchema.parse({
      url: `${s.url}/hooks/abc`,
      secret: secret.value('k3y-for-tests'),
      headers: { 'x-team': 'ops' },
    });
    await notifier.send(note('opened'), params, hookContext({ clock: clock() }));
    expect(s.received).toHaveLength(2);
    const [first, second] = s.received;
    expect(first?.body).toBe(second?.body);
    expect(second?.headers['idempotency-key']).toBe('inc-42:opened');
    expect(second?.headers['x-team']).toBe('ops');
    expect(second?.headers['x-warden-timestamp']).toBe('1767225600');
    const body = JSON.parse(second?.body ?? '{}');
    expect(body).toMatchObject({
      kind: 'opened',
      dedupKey: 'inc-42:opened',
      incident: { id: 'inc-42', severity: 'critical' },
      sentAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('fails with ERR_AUTH on 401 without retrying and without printing the URL path', async () => {
    const s = await serve((_req, res) => res.writeHead(401).end('who are you'));
    const params = webhookParamsSchema.parse({ url: secret.value(`${s.url}/hooks/t0ken-in-path`) });
    const err = await failure(webhookNotifier(http).send(note('opened'), params, hookContext({ clock: clock() })));
    expect(err.code).toBe('ERR_AUTH');
    expect(err.message).toContain('cloud.webhook to 127.0.0.1');
    expect(err.message).not.toContain('t0ken-in-path');
    expect(s.received).toHaveLength(1);
  });

  it('fails with ERR_UNREACHABLE when nobody listens, naming the host only', async () => {
    const s = await serve(() => undefined);
    const url = `${s.url}/hooks/t0ken-in-path`;
    await s.close();
    servers.length = 0;
    const params = webhookParamsSchema.parse({ url: secret.value(url), retries: 1 });
    const err = await failure(webhookNotifier(http).send(note('opened'), params, hookContext({ clock: clock() })));
    expect(err.code).toBe('ERR_UNREACHABLE');
    expect(err.message).not.toContain('t0ken-in-path');
  });
});

describe('cloud.slack', () => {
  it('posts a coloured attachment and honours 429 Retry-After', async () => {
    let calls = 0;
    const s = await serve((_req, res) => (++calls === 1 ? res.writeHead(429, { 'retry-after': '1' }).end('rate_limited') : res.end('ok')));
    const c = clock();
    const params = slackParamsSchema.parse({ url: secret.value(`${s.url}/services/T0/B0/XYZ`), username: 'warden' });
    await slackNotifier(http).send(note('opened'), params, hookContext({ clock: c }));
    expect(c.delays).toContain(1000);
    const body = JSON.parse(s.received[1]?.body ?? '{}');
    expect(body.text).toBe('[CRITICAL] disk on web-1: /var 95% used');
    expect(body.username).toBe('warden');
    expect(body.attachments[0].color).toBe('#d62728');
    expect(body.attachments[0].fields).toEqual(expect.arrayContaining([{ title: 'Incident', value: 'inc-42', short: true }]));
  });

  it('marks resolutions green and fails at once on an archived channel (410)', async () => {
    const ok = await serve((_req, res) => res.end('ok'));
    const params = slackParamsSchema.parse({ url: `${ok.url}/services/x` });
    await slackNotifier(http).send(note('resolved', { state: 'resolved' }), params, hookContext({ clock: clock() }));
    const body = JSON.parse(ok.received[0]?.body ?? '{}');
    expect(body.text).toMatch(/^\[RESOLVED\]/);
    expect(body.attachments[0].color).toBe('#2ca02c');
    const gone = await serve((_req, res) => res.writeHead(410).end('channel_is_archived'));
    const err = await failure(
      slackNotifier(http).send(note('opened'), slackParamsSchema.parse({ url: `${gone.url}/s` }), hookContext({ clock: clock() })),
    );
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.message).toContain('channel_is_archived');
    expect(gone.received).toHaveLength(1);
  });
});

describe('cloud.pagerduty', () => {
  // A fake Events API v2: alerts keyed by dedup_key; the first trigger is processed but its
  // answer lost (500), so the notifier retries it.
  function fakePagerDuty() {
    const alerts = new Map<string, { status: string; triggers: number }>();
    let lost = false;
    return {
      alerts,
      handler: (req: { body: string; url: string }, res: import('node:http').ServerResponse) => {
        const event = JSON.parse(req.body);
        if (req.url !== '/v2/enqueue') return res.writeHead(404).end();
        if (event.routing_key !== 'R0UTING' || !['trigger', 'acknowledge', 'resolve'].includes(event.event_action)) {
          return res
            .writeHead(400, { 'content-type': 'application/json' })
            .end(JSON.stringify({ status: 'invalid event', message: 'Event object is invalid' }));
        }
        if (event.event_action === 'trigger') {
          const p = event.payload;
          if (!p?.summary || !p?.source || !['critical', 'error', 'warning', 'info'].includes(p?.severity))
            return res.writeHead(400).end('{"status":"invalid event"}');
        }
        const key = event.dedup_key;
        const alert = alerts.get(key) ?? { status: 'none', triggers: 0 };
        if (event.event_action === 'trigger') {
          if (alert.status !== 'triggered' && alert.status !== 'acknowledged') alert.triggers++;
          if (alert.status !== 'acknowledged') alert.status = 'triggered';
        } else alert.status = event.event_action === 'resolve' ? 'resolved' : 'acknowledged';
        alerts.set(key, alert);
        if (!lost) {
          lost = true;
          return res.writeHead(500).end();
        }
        res
          .writeHead(202, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: key }));
      },
    };
  }

  it('triggers, acknowledges and resolves one alert keyed by the incident id; a retry never pages twice', async () => {
    const pd = fakePagerDuty();
    const s = await serve(pd.handler);
    const params = pagerDutyParamsSchema.parse({
      routingKey: secret.value('R0UTING'),
      endpoint: `${s.url}/v2/enqueue`,
      link: 'https://grafana.example/d/1',
    });
    const notifier = pagerDutyNotifier(http);
    const ctx = () => hookContext({ clock: clock() });
    await notifier.send(note('opened'), params, ctx());
    expect(s.received).toHaveLength(2);
    await notifier.send(note('updated', { severity: 'warning' }), params, ctx());
    expect(pd.alerts.get('inc-42')).toEqual({ status: 'triggered', triggers: 1 });
    await notifier.send(note('acknowledged', { acknowledgement: { by: 'ana', at: 1, sticky: true } }), params, ctx());
    expect(pd.alerts.get('inc-42')?.status).toBe('acknowledged');
    await notifier.send(note('resolved', { state: 'resolved' }), params, ctx());
    expect(pd.alerts.get('inc-42')).toEqual({ status: 'resolved', triggers: 1 });
    const trigger = JSON.parse(s.received[0]?.body ?? '{}');
    expect(trigger).toMatchObject({
      routing_key: 'R0UTING',
      event_action: 'trigger',
      dedup_key: 'inc-42',
      payload: {
        summary: '[CRITICAL] disk on web-1: /var 95% used',
        source: 'web-1',
        severity: 'critical',
        component: 'disk',
        timestamp: '2026-01-01T00:00:00.000Z',
      },
      links: [{ href: 'https://grafana.example/d/1', text: 'Warden' }],
    });
    const resolve = JSON.parse(s.received.at(-1)?.body ?? '{}');
    expect(resolve).toEqual({ routing_key: 'R0UTING', event_action: 'resolve', dedup_key: 'inc-42' });
  });

  it('maps unknown to error severity and sends each event of a group under its own key', async () => {
    const pd = fakePagerDuty();
    const s = await serve(pd.handler);
    const params = pagerDutyParamsSchema.parse({ routingKey: 'R0UTING', endpoint: `${s.url}/v2/enqueue` });
    const lead = note('opened', { severity: 'unknown' });
    const other = { kind: 'opened', incident: { ...incident, id: 'inc-43', check: 'load' }, dedupKey: 'inc-43:opened' };
    await pagerDutyNotifier(http).send({ ...lead, group: [lead, other] } as Notification, params, hookContext({ clock: clock() }));
    expect([...pd.alerts.keys()].sort()).toEqual(['inc-42', 'inc-43']);
    expect(JSON.parse(s.received[0]?.body ?? '{}').payload.severity).toBe('error');
  });

  it('fails with ERR_CONFIG_INVALID on an invalid event (400) without retrying', async () => {
    const pd = fakePagerDuty();
    const s = await serve(pd.handler);
    const params = pagerDutyParamsSchema.parse({ routingKey: 'WRONG', endpoint: `${s.url}/v2/enqueue` });
    const err = await failure(pagerDutyNotifier(http).send(note('opened'), params, hookContext({ clock: clock() })));
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.message).toContain('invalid event');
    expect(s.received).toHaveLength(1);
  });
});
