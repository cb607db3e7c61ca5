import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WardenServer } from '../../src/http/types.js';
import type { Warden } from '../../src/warden/types.js';
import { createWarden } from '../../src/warden/warden.js';

// A real Prometheus server (Debian's prometheus package), started on loopback, scrapes
// warden.serve()'s /metrics for a few one-second intervals: it negotiates OpenMetrics, and a
// scrape it could not parse would show as `up == 0` with the parse error on the target.

let warden: Warden;
let server: WardenServer;
let prometheus: ChildProcess | undefined;
let api: string;
let dir: string;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Asks Prometheus' HTTP API until `ready` accepts the answer or the deadline passes. */
async function until<T>(path: string, ready: (data: T) => boolean, deadline = Date.now() + 30_000): Promise<T> {
  for (;;) {
    try {
      const res = await fetch(`${api}${path}`);
      if (res.ok) {
        const body = (await res.json()) as { data: T };
        if (ready(body.data)) return body.data;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`Prometheus never answered ${path} as expected`);
    // Prometheus is a separate process scraping on its own clock: poll it.
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  warden = createWarden({ selfMetricsEvery: '1s' });
  warden.assets.add({ id: 'self', kind: 'host', address: '127.0.0.1' });
  warden.collect({ collector: 'host.local', assets: { ids: ['self'] }, every: '1s' });
  await warden.runOnce();
  await warden.start();
  server = await warden.serve({ port: 0, token: 'scrape-token' });
  dir = mkdtempSync(join(tmpdir(), 'warden-prometheus-'));
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global: { scrape_interval: 1s, scrape_timeout: 1s }',
      'scrape_configs:',
      '  - job_name: warden',
      '    authorization: { credentials: scrape-token }',
      `    static_configs: [{ targets: ['127.0.0.1:${server.port}'] }]`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  api = `http://127.0.0.1:${port}/api/v1`;
  prometheus = spawn(
    'prometheus',
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
    { stdio: 'ignore' },
  );
}, 60_000);

afterAll(async () => {
  if (prometheus?.pid !== undefined && prometheus.exitCode === null) {
    const exited = new Promise((resolve) => prometheus?.once('exit', resolve));
    prometheus.kill('SIGTERM');
    await exited;
  }
  await warden.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Target {
  health: string;
  lastError: string;
}

describe('a real Prometheus scraping warden.serve()', () => {
  it('scrapes /metrics with the bearer token, parses it, and stores the samples', async () => {
    const targets = await until<{ activeTargets: Target[] }>('/targets', (d) => d.activeTargets.some((t) => t.health !== 'unknown'));
    expect(targets.activeTargets.map((t) => ({ health: t.health, lastError: t.lastError }))).toEqual([{ health: 'up', lastError: '' }]);
    const memory = await until<{ result: Array<{ metric: Record<string, string> }> }>(
      '/query?query=system_memory_usage_bytes',
      (d) => d.result.length > 0,
    );
    expect(memory.result.map((r) => r.metric.state)).toContain('used');
    const runs = await until<{ result: unknown[] }>('/query?query=warden_runs_total', (d) => d.result.length > 0);
    expect(runs.result).toHaveLength(1);
  }, 60_000);
});
