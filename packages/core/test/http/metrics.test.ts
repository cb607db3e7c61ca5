import { afterEach, describe, expect, it } from 'vitest';
import { metricsHandler, OPENMETRICS_CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE, wantsOpenMetrics } from '../../src/http/metrics.js';
import { toOpenMetrics } from '../../src/http/openmetrics.js';
import { createTestWarden, type TestWarden } from '../../src/testing/test-warden.js';
import { type Listening, listenNode } from './helpers.js';

const open: Array<Listening | TestWarden> = [];
afterEach(async () => {
  for (const item of open.splice(0)) await ('url' in item ? item.close() : item.stop());
});

/** A warden with samples for two assets, stored through check results. */
async function setup(options: Parameters<typeof metricsHandler>[1] = {}) {
  const warden = createTestWarden();
  open.push(warden);
  for (const id of ['web-1', 'db-1']) warden.assets.add({ id, kind: 'host' });
  warden.check({
    id: 'probe',
    assets: { ids: ['web-1', 'db-1'] },
    run: (asset) => ({
      status: 'ok',
      summary: 'fine',
      samples: [
        { name: 'probe.latency', value: asset.id === 'web-1' ? 0.5 : 0.25, unit: 's', description: 'Round "trip" time' },
        { name: 'probe.requests', value: 7, type: 'counter', unit: '{request}', description: 'Requests sent' },
        { name: 'link.speed', value: 1_000_000, unit: 'bit/s', description: 'Link speed' },
        { name: 'probe.wait', value: 250, unit: 'ms', description: 'Wait' },
      ],
    }),
  });
  await warden.runOnce();
  const server = await listenNode(metricsHandler(warden, options));
  open.push(server);
  return { warden, server };
}

describe('metricsHandler', () => {
  it('serves Prometheus text by default', async () => {
    const { server } = await setup();
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(PROMETHEUS_CONTENT_TYPE);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    expect(text).toContain('# TYPE probe_latency_seconds gauge');
    expect(text).toContain('probe_latency_seconds{asset="web-1",check="probe"} 0.5');
    expect(text).toContain('# TYPE probe_requests_total counter');
    expect(text).not.toContain('# EOF');
  });

  it('serves OpenMetrics when Accept prefers it', async () => {
    const { server } = await setup();
    const res = await fetch(server.url, { headers: { accept: 'application/openmetrics-text; version=1.0.0,text/plain;q=0.5' } });
    expect(res.headers.get('content-type')).toBe(OPENMETRICS_CONTENT_TYPE);
    const text = await res.text();
    expect(text.endsWith('# EOF\n')).toBe(true);
    expect(text).toContain('# TYPE probe_requests counter');
    expect(text).toContain('probe_requests_total{asset="db-1",check="probe"} 7');
    expect(text).toContain('# HELP probe_latency_seconds Round \\"trip\\" time');
  });

  it('filters by ?asset=', async () => {
    const { server } = await setup();
    const text = await (await fetch(`${server.url}/metrics?asset=db-1`)).text();
    expect(text).toContain('asset="db-1"');
    expect(text).not.toContain('asset="web-1"');
    expect(await (await fetch(`${server.url}/metrics?asset=nope`)).text()).toBe('');
  });

  it('drops series with no sample for staleAfter, unless staleAfter is false', async () => {
    const { warden, server } = await setup({ staleAfter: '5m' });
    const keep = await listenNode(metricsHandler(warden, { staleAfter: false }));
    open.push(keep);
    await warden.clock.advance(4 * 60_000);
    expect(await (await fetch(server.url)).text()).toContain('probe_latency_seconds');
    await warden.clock.advance(2 * 60_000);
    expect(await (await fetch(keep.url)).text()).toContain('probe_latency_seconds');
    expect(await (await fetch(server.url)).text()).toBe('');
  });
});

describe('base units', () => {
  it('exposes bits as bytes and milliseconds as seconds, scaling the values', async () => {
    const { server } = await setup();
    const text = await (await fetch(`${server.url}?asset=web-1`)).text();
    expect(text).toContain('link_speed_bytes_per_second{asset="web-1",check="probe"} 125000\n');
    expect(text).toContain('probe_wait_seconds{asset="web-1",check="probe"} 0.25\n');
    expect(text).not.toMatch(/bits|milliseconds/);
  });
});

describe('content negotiation', () => {
  it('picks OpenMetrics only when it is preferred', () => {
    expect(wantsOpenMetrics(undefined)).toBe(false);
    expect(wantsOpenMetrics('text/plain')).toBe(false);
    expect(wantsOpenMetrics('*/*')).toBe(false);
    expect(wantsOpenMetrics('application/openmetrics-text')).toBe(true);
    expect(wantsOpenMetrics('application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.9')).toBe(false);
    expect(wantsOpenMetrics('application/openmetrics-text;q=0')).toBe(false);
    // Prometheus 2.x's own scrape Accept header
    expect(
      wantsOpenMetrics(
        'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
      ),
    ).toBe(true);
  });

  it('renames counter families and maps untyped to unknown', () => {
    const text = '# HELP a_total A\n# TYPE a_total counter\na_total 1\n# TYPE b untyped\nb 2\n';
    expect(toOpenMetrics(text)).toBe('# HELP a A\n# TYPE a counter\na_total 1\n# TYPE b unknown\nb 2\n# EOF\n');
  });
});
