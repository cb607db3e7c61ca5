import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckStatus } from '../../src/checks/types.js';
import { healthHandler } from '../../src/http/health.js';
import { metricsHandler } from '../../src/http/metrics.js';
import { createTestWarden, type TestWarden } from '../../src/testing/test-warden.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup(): Promise<{ warden: TestWarden; status: { db: CheckStatus } }> {
  const warden = createTestWarden();
  cleanups.push(() => warden.stop());
  const status: { db: CheckStatus } = { db: 'ok' };
  warden.assets.add({ id: 'app', kind: 'service' });
  warden.check({
    id: 'db',
    assets: { ids: ['app'] },
    readiness: true,
    run: () => ({ status: status.db, summary: status.db, samples: [{ name: 'db.up', value: status.db === 'ok' ? 1 : 0 }] }),
  });
  await warden.start();
  await warden.runOnce({ incidents: true });
  return { warden, status };
}

/** The same assertions against any framework's base URL. */
async function exercise(base: string, warden: TestWarden, status: { db: CheckStatus }): Promise<void> {
  expect((await fetch(`${base}/live`)).status).toBe(200);
  expect((await fetch(`${base}/ready`)).status).toBe(200);
  const metrics = await fetch(`${base}/metrics?asset=app`);
  expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  expect(await metrics.text()).toContain('db_up{asset="app",check="db"} 1');
  const om = await fetch(`${base}/metrics`, { headers: { accept: 'application/openmetrics-text' } });
  expect((await om.text()).endsWith('# EOF\n')).toBe(true);
  status.db = 'critical';
  await warden.runOnce({ incidents: true });
  const ready = await fetch(`${base}/ready`);
  expect(ready.status).toBe(503);
  expect(ready.headers.get('cache-control')).toBe('no-store');
  expect((await fetch(`${base}/live`)).status).toBe(200);
}

describe('in real frameworks', () => {
  it('express: handlers mount as routes', async () => {
    const { warden, status } = await setup();
    const app = express();
    app.get('/live', healthHandler(warden, { kind: 'live' }));
    app.get('/ready', healthHandler(warden, { kind: 'ready' }));
    app.get('/metrics', metricsHandler(warden));
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    server.closeIdleConnections();
    await exercise(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, warden, status);
    server.closeAllConnections();
  });

  it('fastify: handlers run on reply.raw after reply.hijack()', async () => {
    const { warden, status } = await setup();
    const app = Fastify();
    cleanups.push(() => app.close());
    const live = healthHandler(warden, { kind: 'live' });
    const ready = healthHandler(warden, { kind: 'ready' });
    const metrics = metricsHandler(warden);
    for (const [path, handler] of [
      ['/live', live],
      ['/ready', ready],
      ['/metrics', metrics],
    ] as const) {
      app.get(path, (request, reply) => {
        reply.hijack();
        handler(request.raw, reply.raw);
      });
    }
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    await exercise(address, warden, status);
  });
});
