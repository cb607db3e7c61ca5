import { afterEach, describe, expect, it } from 'vitest';
import type { HealthBody } from '../../src/http/types.js';
import { createTestWarden, type TestWarden } from '../../src/testing/test-warden.js';

const wardens: TestWarden[] = [];
afterEach(async () => {
  for (const warden of wardens.splice(0)) await warden.stop();
});

/** A warden with a passive heartbeat check (readiness) on `job-1`. */
function setup(): TestWarden {
  const warden = createTestWarden();
  wardens.push(warden);
  warden.assets.add({ id: 'job-1', kind: 'service' });
  warden.check({ id: 'heartbeat', assets: { ids: ['job-1'] }, passive: true, freshness: '1h', readiness: true });
  return warden;
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('warden.serve()', () => {
  it('serves health, metrics and incidents on 127.0.0.1 at a free port', async () => {
    const warden = setup();
    await warden.start();
    const server = await warden.serve({ port: 0 });
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    const base = `http://127.0.0.1:${server.port}`;
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(503); // the heartbeat has not arrived yet
    expect((await fetch(`${base}/metrics`)).headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const incidents = await fetch(`${base}/incidents`);
    expect(incidents.status).toBe(200);
    expect(await incidents.json()).toEqual([]);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });

  it('POST /submit hands a heartbeat to the passive check; readiness follows', async () => {
    const warden = setup();
    await warden.start();
    const { port } = await warden.serve({ port: 0 });
    const base = `http://127.0.0.1:${port}`;
    const res = await post(`${base}/submit`, { check: 'heartbeat', asset: 'job-1', status: 'ok', summary: 'backup done' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ check: 'heartbeat', asset: 'job-1', status: 'ok' });
    expect(warden.state('heartbeat', 'job-1')?.result?.summary).toBe('backup done');
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as HealthBody).checks[0]).toMatchObject({ check: 'heartbeat', status: 'ok' });

    await post(`${base}/submit`, { check: 'heartbeat', asset: 'job-1', status: 'critical', summary: 'backup failed' });
    expect((await fetch(`${base}/health/ready`)).status).toBe(503);
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    const incidents = (await (await fetch(`${base}/incidents`)).json()) as Array<{ check: string }>;
    expect(incidents.map((i) => i.check)).toEqual(['heartbeat']);
    expect(await (await fetch(`${base}/incidents?asset=job-1&check=heartbeat`)).json()).toHaveLength(1);
    expect(await (await fetch(`${base}/incidents?asset=other`)).json()).toEqual([]);
  });

  it('POST /submit takes a bare heartbeat: no body and check/asset in the query, or a body without status', async () => {
    const warden = setup();
    await warden.start();
    const { port } = await warden.serve({ port: 0 });
    const base = `http://127.0.0.1:${port}`;
    // What a cron job runs: curl -fsS -X POST 'http://127.0.0.1:9464/submit?check=heartbeat&asset=job-1'
    const bare = await fetch(`${base}/submit?check=heartbeat&asset=job-1`, { method: 'POST' });
    expect(bare.status).toBe(200);
    expect(await bare.json()).toEqual({ check: 'heartbeat', asset: 'job-1', status: 'ok' });
    expect(warden.state('heartbeat', 'job-1')?.result).toMatchObject({ status: 'ok', summary: 'heartbeat received' });
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);

    const failed = await fetch(
      `${base}/submit?check=heartbeat&asset=job-1&status=critical&summary=${encodeURIComponent('rsync exit 23')}`,
      {
        method: 'POST',
      },
    );
    expect(await failed.json()).toEqual({ check: 'heartbeat', asset: 'job-1', status: 'critical' });
    expect(warden.state('heartbeat', 'job-1')?.result?.summary).toBe('rsync exit 23');

    const jsonHeartbeat = await post(`${base}/submit`, { check: 'heartbeat', asset: 'job-1' });
    expect(await jsonHeartbeat.json()).toEqual({ check: 'heartbeat', asset: 'job-1', status: 'ok' });

    const missing = await fetch(`${base}/submit?check=heartbeat`, { method: 'POST' });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { message: string }).message).toMatch(/asset[\s\S]*submit\?check=<id>&asset=<id>/);
  });

  it('POST /submit: 400 for bad input with the message, 404 for an unknown check, 405 for GET', async () => {
    const warden = setup();
    const { port } = await warden.serve({ port: 0 });
    const url = `http://127.0.0.1:${port}/submit`;
    const notJson = await post(url, '{oops');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: 'ERR_CONFIG_INVALID', message: expect.stringContaining('not JSON') });
    const badStatus = await post(url, { check: 'heartbeat', asset: 'job-1', status: 'fine', summary: 'x' });
    expect(badStatus.status).toBe(400);
    expect(((await badStatus.json()) as { message: string }).message).toContain('status');
    const unknown = await post(url, { check: 'nope', asset: 'job-1', status: 'ok', summary: 'x' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: 'ERR_NOT_FOUND' });
    expect((await fetch(url)).status).toBe(405);
    const huge = await post(url, { check: 'heartbeat', asset: 'job-1', status: 'ok', summary: 'x'.repeat(70_000) });
    expect(huge.status).toBe(413);
    expect(warden.state('heartbeat', 'job-1')?.status).toBe('pending');
  });

  it('with a token, answers 401 without the right bearer token', async () => {
    const warden = setup();
    const { port } = await warden.serve({ port: 0, token: 's3cret' });
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Basic s3cret' } })).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer s3cret' } })).status).toBe(200);
    const submit = await post(`${base}/submit`, { check: 'heartbeat', asset: 'job-1', status: 'ok', summary: 'x' });
    expect(submit.status).toBe(401);
  });

  it('close() is idempotent and stop() closes the server', async () => {
    const warden = setup();
    const a = await warden.serve({ port: 0 });
    await a.close();
    await a.close();
    await expect(fetch(`http://127.0.0.1:${a.port}/metrics`)).rejects.toThrow();
    const b = await warden.serve({ port: 0 });
    expect((await fetch(`http://127.0.0.1:${b.port}/health/live`)).status).toBe(503);
    await warden.stop();
    await expect(fetch(`http://127.0.0.1:${b.port}/metrics`)).rejects.toThrow();
    await expect(warden.serve({ port: 0 })).rejects.toMatchObject({ code: 'ERR_STOPPED' });
  });

  it('rejects invalid options with ERR_CONFIG_INVALID naming the field', async () => {
    const warden = setup();
    await expect(warden.serve({ port: 70_000 })).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      message: expect.stringContaining('port'),
    });
    await expect(warden.serve({ port: 0, token: '' })).rejects.toMatchObject({ message: expect.stringContaining('token') });
  });
});
