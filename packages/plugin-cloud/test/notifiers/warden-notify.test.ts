import { createHmac } from 'node:crypto';
import { secret } from '@warden/core';
import { createTestWarden, type TestWarden } from '@warden/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cloud } from '../../src/index.js';
import { type Received, startHttpServer, type TestServer } from '../helpers/servers.js';

// The notifiers inside a real Warden (manual clock): incidents of a failing check reach a
// local PagerDuty Events API and a webhook receiver, through core's routing and the plugin's
// retrying client.
const MINUTE = 60_000;
let server: TestServer;
/** Answers for the next requests, by path, before the default (202 / 200). */
const script = new Map<string, number[]>();
beforeAll(async () => {
  server = await startHttpServer((req: Received, res) => {
    const path = req.url.split('?')[0] ?? '';
    const status = script.get(path)?.shift() ?? (path === '/v2/enqueue' ? 202 : 200);
    res.writeHead(status, { 'content-type': 'application/json' }).end(status < 300 ? '{"status":"success"}' : '{"status":"error"}');
  });
});
const wardens: TestWarden[] = [];
afterEach(async () => {
  await Promise.all(wardens.splice(0).map((w) => w.stop()));
  server.received.length = 0;
  script.clear();
});
afterAll(() => server.close());

function failingWarden() {
  const warden = createTestWarden({ plugins: [cloud()], notifications: { groupWindow: '1s' } });
  wardens.push(warden);
  const state = { failing: false };
  warden.assets.add({ id: 'web-1', kind: 'host' });
  warden.check({
    id: 'app',
    assets: { ids: ['web-1'] },
    every: '1m',
    run: () => (state.failing ? { status: 'critical', summary: 'connection refused' } : { status: 'ok', summary: 'up' }),
  });
  return { warden, state };
}
const bodies = (path: string) => server.received.filter((r) => r.url === path).map((r) => JSON.parse(r.body) as Record<string, unknown>);

describe('notifiers in a running Warden', () => {
  it('PagerDuty: a trigger retried after a 5xx and its resolution all carry the incident id as dedup_key', async () => {
    const { warden, state } = failingWarden();
    warden.notify({
      notifier: 'cloud.pagerduty',
      params: { routingKey: secret.value('R0UT1NGK3Y'), endpoint: `${server.url}/v2/enqueue` },
    });
    script.set('/v2/enqueue', [500]);
    await warden.start();
    state.failing = true;
    await warden.clock.advance(5 * MINUTE);
    const [incident] = await warden.incidents.list({ open: true });
    expect(incident?.check).toBe('app');
    state.failing = false;
    await warden.clock.advance(5 * MINUTE);
    const events = bodies('/v2/enqueue');
    expect(events.map((e) => e.event_action)).toEqual(['trigger', 'trigger', 'resolve']);
    expect(new Set(events.map((e) => e.dedup_key))).toEqual(new Set([incident?.id]));
    expect(events[0]).toMatchObject({ routing_key: 'R0UT1NGK3Y', payload: { source: 'web-1', component: 'app', severity: 'critical' } });
  });

  it('webhook: signed deliveries a receiver can verify; a refused one is reported as notify:failed without its URL path', async () => {
    const { warden, state } = failingWarden();
    const key = 'whsec-test-key';
    warden.notify({ notifier: 'cloud.webhook', params: { url: `${server.url}/hooks/T0KEN`, secret: secret.value(key) } });
    warden.notify({ notifier: 'cloud.webhook', params: { url: `${server.url}/refused/S3CRET-PATH` } });
    script.set('/refused/S3CRET-PATH', [401, 401, 401, 401, 401, 401, 401, 401]);
    const failures: Array<{ notifier: string; code: string; message: string }> = [];
    warden.on(
      'notify:failed',
      (e) => void failures.push({ notifier: e.notifier, code: (e.error as { code: string }).code, message: e.error.message }),
    );
    await warden.start();
    state.failing = true;
    await warden.clock.advance(5 * MINUTE);

    const delivered = server.received.filter((r) => r.url === '/hooks/T0KEN');
    expect(delivered).toHaveLength(1);
    const [hook] = delivered;
    const stamp = String(hook?.headers['x-warden-timestamp']);
    const expected = createHmac('sha256', key).update(`${stamp}.${hook?.body}`).digest('hex');
    expect(hook?.headers['x-warden-signature']).toBe(`v1=${expected}`);
    expect(JSON.parse(hook?.body ?? '{}')).toMatchObject({ kind: 'opened', incident: { check: 'app', asset: 'web-1' } });
    expect(hook?.headers['idempotency-key']).toBe(JSON.parse(hook?.body ?? '{}').dedupKey);

    expect(failures.length).toBeGreaterThanOrEqual(1);
    expect(failures[0]).toMatchObject({ notifier: 'cloud.webhook', code: 'ERR_AUTH' });
    expect(failures.map((f) => f.message).join('\n')).not.toContain('S3CRET-PATH');
  });
});
