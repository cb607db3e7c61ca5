import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '../../src/transport/errors.js';
import { createHttpTransport, type HttpTransport } from '../../src/transport/http-transport.js';
import { backoffDelay, parseRetryAfter } from '../../src/transport/retry.js';
import { makePki, recordingClock, startHttpServer, startHttpsServer, type TestPki, type TestServer } from '../helpers/servers.js';

let transport: HttpTransport;
const servers: TestServer[] = [];
afterEach(async () => {
  await transport?.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
const serve = async (handler: Parameters<typeof startHttpServer>[0]) => {
  const s = await startHttpServer(handler);
  servers.push(s);
  return s;
};

async function rejection(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (err) {
    return err as HttpError;
  }
  throw new Error('expected a rejection');
}

describe('retry helpers', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('7', 0)).toBe(7000);
    expect(parseRetryAfter(new Date(60_000).toUTCString(), 0)).toBe(60_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
  });
  it('backs off exponentially with full jitter under a cap', () => {
    const opts = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, opts, () => 0.999999))).toEqual([99, 199, 399, 799, 999]);
    expect(backoffDelay(3, opts, () => 0)).toBe(0);
  });
});

describe('createHttpTransport', () => {
  it('reads status, headers and body and keeps one pool per origin', async () => {
    const s = await serve((req, res) => {
      res.setHeader('x-echo', req.url);
      res.end(`hello ${req.method}`);
    });
    transport = createHttpTransport();
    for (let i = 0; i < 3; i++) {
      const res = await transport.request({ url: `${s.url}/a?i=${i}` });
      expect(res.status).toBe(200);
      expect(res.headers['x-echo']).toBe(`/a?i=${i}`);
      expect(res.body.toString()).toBe('hello GET');
      expect(res.timings.totalMs).toBeGreaterThanOrEqual(res.timings.waitMs);
    }
    expect(transport.poolCount).toBe(1);
  });

  it('honours Retry-After on 503 and 429 and then succeeds', async () => {
    let n = 0;
    const s = await serve((_req, res) => {
      n++;
      if (n === 1) res.writeHead(503, { 'retry-after': '2' }).end();
      else if (n === 2) res.writeHead(429, { 'retry-after': new Date(1_700_000_000_000 + 5000).toUTCString() }).end();
      else res.end('ok');
    });
    const clock = recordingClock();
    transport = createHttpTransport({ clock });
    const res = await transport.request({ url: s.url, method: 'POST', body: 'x' });
    expect(res.status).toBe(200);
    expect(clock.delays).toEqual([2000, 5000]);
    expect(s.received).toHaveLength(3);
  });

  it('retries 5xx on idempotent requests only, with jittered backoff, and gives the last response', async () => {
    const s = await serve((_req, res) => res.writeHead(500).end('boom'));
    const clock = recordingClock();
    transport = createHttpTransport({ clock, retry: { retries: 3, baseDelayMs: 100, random: () => 0.5 } });
    const events: string[] = [];
    const res = await transport.request({ url: s.url, retry: { onRetry: (e) => events.push(`${e.attempt}:${e.reason}`) } });
    expect(res.status).toBe(500);
    expect(s.received).toHaveLength(4);
    expect(clock.delays).toEqual([50, 100, 200]);
    expect(events).toEqual(['1:status 500', '2:status 500', '3:status 500']);
    const post = await transport.request({ url: s.url, method: 'POST' });
    expect(post.status).toBe(500);
    expect(s.received).toHaveLength(5);
  });

  it('treats provider throttling codes as throttling', async () => {
    let n = 0;
    const s = await serve((_req, res) => {
      n++;
      res.writeHead(n < 3 ? 400 : 200).end(n < 3 ? '<Code>RequestLimitExceeded</Code>' : 'done');
    });
    transport = createHttpTransport({ clock: recordingClock() });
    const res = await transport.request({
      url: s.url,
      method: 'POST',
      retry: { classify: (r) => (r.body.toString().includes('RequestLimitExceeded') ? 'throttle' : undefined) },
    });
    expect(res.body.toString()).toBe('done');
    expect(s.received).toHaveLength(3);
  });

  it('stops retrying when Retry-After asks for longer than allowed', async () => {
    const s = await serve((_req, res) => res.writeHead(503, { 'retry-after': '3600' }).end());
    const clock = recordingClock();
    transport = createHttpTransport({ clock });
    const res = await transport.request({ url: s.url });
    expect(res.status).toBe(503);
    expect(s.received).toHaveLength(1);
  });

  it('survives a throttling storm within its retry budget', async () => {
    let n = 0;
    const s = await serve((_req, res) => (++n <= 5 ? res.writeHead(429).end() : res.end('through')));
    transport = createHttpTransport({ clock: recordingClock(), retry: { retries: 6 } });
    const res = await transport.request({ url: s.url });
    expect(res.body.toString()).toBe('through');
    expect(n).toBe(6);
  });

  it('is cancelled by the AbortSignal while waiting for the response', async () => {
    const controller = new AbortController();
    const s = await serve(() => controller.abort());
    transport = createHttpTransport();
    const err = await rejection(transport.request({ url: s.url, signal: controller.signal }));
    expect(err).toBeInstanceOf(HttpError);
    expect(err.code).toBe('ERR_ABORTED');
  });

  it('is cancelled by the AbortSignal during a backoff wait', async () => {
    const controller = new AbortController();
    const s = await serve((_req, res) => res.writeHead(503, { 'retry-after': '30' }).end());
    const clock = {
      now: () => 0,
      setTimer: (_fn: () => void) => {
        queueMicrotask(() => controller.abort());
        return { cancel() {} };
      },
    };
    transport = createHttpTransport({ clock });
    const err = await rejection(transport.request({ url: s.url, signal: controller.signal }));
    expect(err.code).toBe('ERR_ABORTED');
    expect(s.received).toHaveLength(1);
  });

  it('gives ERR_TIMEOUT when a slow body passes the deadline', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
    });
    transport = createHttpTransport();
    const started = performance.now();
    const err = await rejection(transport.request({ url: s.url, timeoutMs: 150, retry: { retries: 0 } }));
    expect(err.code).toBe('ERR_TIMEOUT');
    expect(err.message).toContain(`GET ${s.url}/`);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('gives ERR_TIMEOUT when the body stalls longer than bodyTimeout', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
    });
    transport = createHttpTransport({ bodyTimeoutMs: 100 });
    const err = await rejection(transport.request({ url: s.url, retry: { retries: 0 } }));
    expect(err.code).toBe('ERR_TIMEOUT');
    expect(err.message).toContain('body');
  });

  it('reports a refused connection as ERR_UNREACHABLE naming the endpoint', async () => {
    const s = await serve((_req, res) => res.end());
    const url = `${s.url}/x`;
    await s.close();
    servers.length = 0;
    transport = createHttpTransport();
    const err = await rejection(transport.request({ url, retry: { retries: 0 } }));
    expect(err.code).toBe('ERR_UNREACHABLE');
    expect(err.message).toContain(`GET ${url}`);
  });

  it('keeps at most maxBodyBytes and says the body was truncated', async () => {
    const s = await serve((_req, res) => res.end('x'.repeat(10_000)));
    transport = createHttpTransport();
    const res = await transport.request({ url: s.url, maxBodyBytes: 100 });
    expect(res.body.length).toBe(100);
    expect(res.truncated).toBe(true);
  });
});

describe('TLS', () => {
  let pki: TestPki;
  beforeAll(() => {
    pki = makePki(30);
  });
  afterAll(async () => {
    await transport?.close();
  });

  it('verifies certificates by default and accepts a given CA', async () => {
    const s = await startHttpsServer(pki, (_req, res) => res.end('secure'));
    servers.push(s);
    transport = createHttpTransport();
    const err = await rejection(transport.request({ url: s.url, retry: { retries: 0 } }));
    expect(err.code).toBe('ERR_PROTOCOL');
    expect(err.message).toContain('TLS');
    const res = await transport.request({ url: s.url, tls: { ca: pki.ca } });
    expect(res.body.toString()).toBe('secure');
    expect(res.tls?.authorized).toBe(true);
    expect(res.tls?.certificate.subject.CN).toBe('localhost');
    const unverified = await transport.request({ url: s.url, tls: { verify: false } });
    expect(unverified.tls?.authorized).toBe(false);
  });

  it('presents a client certificate when the server asks for one', async () => {
    const s = await startHttpsServer(pki, (_req, res) => res.end('mutual'), true);
    servers.push(s);
    transport = createHttpTransport();
    const without = await rejection(transport.request({ url: s.url, tls: { ca: pki.ca }, retry: { retries: 0 } }));
    expect(['ERR_UNREACHABLE', 'ERR_PROTOCOL']).toContain(without.code);
    const res = await transport.request({ url: s.url, tls: { ca: pki.ca, cert: pki.clientCert, key: pki.clientKey } });
    expect(res.body.toString()).toBe('mutual');
  });
});
