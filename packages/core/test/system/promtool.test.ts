import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WardenServer } from '../../src/http/types.js';
import { selfMetricSamples } from '../../src/warden/self-metrics.js';
import type { Warden } from '../../src/warden/types.js';
import { createWarden } from '../../src/warden/warden.js';

// `/metrics` of a Warden monitoring this machine (host.local) with a few checks, validated by
// `promtool check metrics` from Debian's prometheus package: the lint a Prometheus user runs.

/** Runs `promtool check metrics` on the text; resolves with its exit code and output. */
function promtool(text: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = execFile('promtool', ['check', 'metrics'], (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
    child.stdin?.end(text);
  });
}

let warden: Warden;
let server: WardenServer;

beforeAll(async () => {
  warden = createWarden({ selfMetricsEvery: 0 });
  warden.assets.add({ id: 'self', kind: 'host', address: '127.0.0.1' });
  warden.collect({ collector: 'host.local', assets: { ids: ['self'] }, every: '15s' });
  warden.check({ id: 'tcp-local', assets: { ids: ['self'] }, probe: 'tcp', params: { port: 9 }, readiness: true });
  // Warden's own numbers under their real names, so their naming is linted too.
  warden.check({
    id: 'engine',
    assets: { ids: ['self'] },
    run: () => ({ status: 'ok', summary: 'engine numbers', samples: selfMetricSamples(warden.engine().scheduler) }),
  });
  warden.check({
    id: 'latency',
    assets: { ids: ['self'] },
    run: () => ({
      status: 'ok',
      summary: 'fine',
      samples: [
        { name: 'app.request.latency', value: 0.012, unit: 's', description: 'Request "latency"\\n' },
        // promtool wants base units: these are exposed as seconds and bytes per second
        { name: 'app.request.wait', value: 12, unit: 'ms', description: 'Queue wait' },
        { name: 'system.network.interface.speed', value: 1e9, unit: 'bit/s', labels: { device: 'eth0' }, description: 'Link speed' },
      ],
    }),
  });
  await warden.runOnce();
  server = await warden.serve({ port: 0 });
}, 60_000);

afterAll(async () => {
  await warden.stop();
});

describe('promtool check metrics', () => {
  it('finds no problem in /metrics (Prometheus text)', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    const text = await res.text();
    expect(text).toContain('system_memory_usage_bytes');
    expect(text).toContain('warden_runs_total');
    expect(text).toContain('system_network_interface_speed_bytes_per_second{asset="self",check="latency",device="eth0"} 125000000\n');
    const { code, output } = await promtool(text);
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  it('finds no problem in one asset’s series', async () => {
    const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics?asset=self`)).text();
    expect(text.length).toBeGreaterThan(0);
    expect(await promtool(text)).toEqual({ code: 0, output: '' });
  });
});
