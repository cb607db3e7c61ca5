import type { Asset } from '@warden/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CloudHttpParamsInput, httpParamsSchema, httpProbe } from '../../src/probes/http.js';
import { createHttpTransport } from '../../src/transport/http-transport.js';
import { hookContext } from '../helpers/context.js';
import { makePki, startHttpServer, startHttpsServer, type TestPki, type TestServer } from '../helpers/servers.js';

const asset: Asset = { id: 'web', kind: 'service' };
const http = createHttpTransport();
const probe = httpProbe(http);
const run = (params: CloudHttpParamsInput, ctx = hookContext()) => probe.run(asset, httpParamsSchema.parse(params), ctx);

let server: TestServer;
let pkiShort: TestPki;
let pkiLong: TestPki;
const extra: TestServer[] = [];

beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    const path = req.url.split('?')[0];
    switch (path) {
      case '/ok':
        return res.writeHead(200, { 'content-type': 'text/plain' }).end('all systems nominal');
      case '/json':
        return res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            status: 'ok',
            checks: [
              { name: 'db', up: true },
              { name: 'cache', up: false },
            ],
          }),
        );
      case '/notjson':
        return res.end('<html>');
      case '/missing':
        return res.writeHead(404).end('nope');
      case '/broken':
        return res.writeHead(502).end('bad gateway');
      case '/echo':
        return res.end(`${req.method} ${req.headers['x-token'] ?? '-'} ${req.body}`);
      case '/hop1':
        return res.writeHead(302, { location: '/hop2' }).end();
      case '/hop2':
        return res.writeHead(301, { location: `${server.url}/ok` }).end();
      case '/loop-a':
        return res.writeHead(302, { location: '/loop-b' }).end();
      case '/loop-b':
        return res.writeHead(302, { location: '/loop-a' }).end();
      case '/post-see-other':
        return res.writeHead(303, { location: '/echo' }).end();
      case '/slow-body':
        res.writeHead(200, { 'content-length': '1000' });
        res.write('start');
        return;
      default:
        return res.writeHead(404).end();
    }
  });
  pkiShort = makePki(3);
  pkiLong = makePki(60);
});
afterAll(async () => {
  await http.close();
  await server.close();
});
afterEach(async () => {
  await Promise.all(extra.splice(0).map((s) => s.close()));
});

describe('cloud.http params', () => {
  it('refuses unknown keys, bad URLs, bad regexes and bad durations, naming each path', () => {
    const result = httpParamsSchema.safeParse({
      url: 'ftp://x',
      expect: { body: '(' },
      certExpiry: { warn: 'soon', crit: '7d' },
      bogus: 1,
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['url', 'expect.body', 'certExpiry.warn', '']));
  });
});

describe('cloud.http', () => {
  it('is ok on 200 and reports latency by phase', async () => {
    const result = await run({ url: `${server.url}/ok`, expect: { status: 200, body: 'nominal' } });
    expect(result.status).toBe('ok');
    expect(result.summary).toMatch(/^HTTP OK: GET http:\/\/127\.0\.0\.1:\d+\/ok → 200 OK, 19 bytes in \d\.\d{3} s$/);
    const names = result.samples?.map((s) => `${s.name}${s.labels?.phase ? `{${s.labels.phase}}` : ''}`);
    expect(names).toEqual([
      'http.client.request.duration',
      'cloud.http.phase.duration{connect}',
      'cloud.http.phase.duration{wait}',
      'cloud.http.phase.duration{transfer}',
      'http.client.response.body.size',
    ]);
    expect(result.samples?.[4]?.value).toBe(19);
  });

  it('judges statuses as check_http: 4xx warning, 5xx critical, expected mismatch critical', async () => {
    expect((await run({ url: `${server.url}/missing` })).status).toBe('warning');
    expect((await run({ url: `${server.url}/broken` })).status).toBe('critical');
    expect((await run({ url: `${server.url}/missing`, expect: { status: '4xx' } })).status).toBe('ok');
    const mismatch = await run({ url: `${server.url}/ok`, expect: { status: [201, 204] } });
    expect(mismatch.status).toBe('critical');
    expect(mismatch.summary).toContain('status 200, expected 201 or 204');
  });

  it('matches the body by regex and JSON path', async () => {
    const miss = await run({ url: `${server.url}/ok`, expect: { body: 'degraded' } });
    expect(miss.status).toBe('critical');
    expect(miss.summary).toContain('body does not match /degraded/');
    expect((await run({ url: `${server.url}/json`, expect: { json: { path: '$.status', equals: 'ok' } } })).status).toBe('ok');
    expect((await run({ url: `${server.url}/json`, expect: { json: '$.checks[0].up' } })).status).toBe('ok');
    const down = await run({ url: `${server.url}/json`, expect: { json: '$.checks[1].up' } });
    expect(down.status).toBe('critical');
    expect(down.summary).toContain('JSON $.checks[1].up is false');
    expect((await run({ url: `${server.url}/json`, expect: { json: '$.nothing' } })).summary).toContain('not found');
    const notJson = await run({ url: `${server.url}/notjson`, expect: { json: '$.status' } });
    expect(notJson).toMatchObject({ status: 'critical', code: 'ERR_PROTOCOL' });
  });

  it('sends method, headers and body', async () => {
    const result = await run({
      url: `${server.url}/echo`,
      method: 'POST',
      headers: { 'x-token': 't1' },
      body: 'payload',
      expect: { body: '^POST t1 payload$' },
    });
    expect(result.status).toBe('ok');
  });

  it('follows redirects, lists them, and turns POST into GET on 303', async () => {
    const result = await run({ url: `${server.url}/hop1`, expect: { body: 'nominal' } });
    expect(result.status).toBe('ok');
    expect(result.details).toContain('302 →');
    expect(result.details).toContain('301 →');
    const seeOther = await run({ url: `${server.url}/post-see-other`, method: 'POST', body: 'x', expect: { body: '^GET' } });
    expect(seeOther.status).toBe('ok');
    const noFollow = await run({ url: `${server.url}/hop1`, redirects: 0 });
    expect(noFollow.summary).toContain('→ 302');
  });

  it('detects redirect loops (critical) and too many redirects (warning)', async () => {
    const loop = await run({ url: `${server.url}/loop-a` });
    expect(loop).toMatchObject({ status: 'critical', code: 'ERR_PROTOCOL' });
    expect(loop.summary).toContain('redirect loop');
    const tooMany = await run({ url: `${server.url}/hop1`, redirects: 1 });
    expect(tooMany.status).toBe('warning');
    expect(tooMany.summary).toContain('more than 1 redirects');
  });

  it('is critical with ERR_TIMEOUT when the body is too slow', async () => {
    const started = performance.now();
    const result = await run({ url: `${server.url}/slow-body`, timeout: 200 });
    expect(result).toMatchObject({ status: 'critical', code: 'ERR_TIMEOUT' });
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('is critical when the connection is refused and unknown when aborted', async () => {
    const gone = await startHttpServer(() => undefined);
    const url = `${gone.url}/`;
    await gone.close();
    expect(await run({ url })).toMatchObject({ status: 'critical', code: 'ERR_UNREACHABLE' });
    const controller = new AbortController();
    const hanging = await startHttpServer(() => controller.abort());
    extra.push(hanging);
    const aborted = await run({ url: hanging.url }, hookContext({ signal: controller.signal }));
    expect(aborted).toMatchObject({ status: 'unknown', code: 'ERR_ABORTED' });
  });

  it('applies response-time thresholds', async () => {
    const result = await run({ url: `${server.url}/ok`, warn: '>=0' });
    expect(result.status).toBe('warning');
    expect(result.summary).toContain('response time');
  });

  it('verifies TLS by default, takes a CA, and judges certificate expiry in days', async () => {
    const short = await startHttpsServer(pkiShort, (_req, res) => res.end('tls ok'));
    const long = await startHttpsServer(pkiLong, (_req, res) => res.end('tls ok'));
    extra.push(short, long);
    const untrusted = await run({ url: short.url });
    expect(untrusted).toMatchObject({ status: 'critical', code: 'ERR_PROTOCOL' });
    const expiring = await run({ url: short.url, tls: { ca: pkiShort.ca }, certExpiry: { warn: '14d', crit: '7d' } });
    expect(expiring.status).toBe('critical');
    expect(expiring.summary).toMatch(/certificate expires in [23]\.\d days/);
    const warn = await run({ url: short.url, tls: { ca: pkiShort.ca }, certExpiry: { warn: '14d', crit: '2d' } });
    expect(warn.status).toBe('warning');
    const fine = await run({ url: long.url, tls: { ca: pkiLong.ca }, certExpiry: { warn: '14d', crit: '7d' } });
    expect(fine.status).toBe('ok');
    const left = fine.samples?.find((s) => s.name === 'tls.certificate.time_left');
    expect(left?.value).toBeGreaterThan(59 * 86_400);
    expect(left?.value).toBeLessThan(61 * 86_400);
    const unverified = await run({ url: short.url, tls: { verify: false } });
    expect(unverified.status).toBe('ok');
  });

  it('presents a client certificate whose key is a secret', async () => {
    const mtls = await startHttpsServer(pkiLong, (_req, res) => res.end('mutual'), true);
    extra.push(mtls);
    const { secret } = await import('@warden/core');
    const ctx = hookContext();
    const result = await run(
      {
        url: mtls.url,
        tls: { ca: pkiLong.ca, cert: pkiLong.clientCert, key: secret.value(pkiLong.clientKey) },
        expect: { body: 'mutual' },
      },
      ctx,
    );
    expect(result.status).toBe('ok');
    expect(JSON.stringify(result)).not.toContain('PRIVATE KEY');
  });
});
