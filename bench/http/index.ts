/**
 * HTTP probe benchmark: 2,000 `cloud.http` probes of a loopback server at concurrency 50,
 * against (a) `check_http` from the Monitoring Plugins spawned once per probe at the same
 * concurrency and (b) bare `undici.request` in a loop at the same concurrency — all in one run.
 * Reports the median wall time of several rounds, probes per second and the ratios.
 *
 * Run: npx tsx --conditions=@warden/source bench/http/index.ts
 * Options: --probes=2000 --concurrency=50 --rounds=15 --check-http-rounds=3
 *
 * The machine may be busy: cloud.http and undici alternate within each round (order swapped
 * every round) and the cloud/undici figure is the median of the per-round ratios.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { type HookContext, type ProbeDefinition, silentLogger } from '@warden/core';
import { createTestHookContext } from '@warden/core/testing';
import { cloud } from '@warden/plugin-cloud';
import { Agent, request } from 'undici';

const arg = (name: string, fallback: number): number =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const PROBES = arg('probes', 2000);
const CONCURRENCY = arg('concurrency', 50);
const ROUNDS = arg('rounds', 15);
const CHECK_HTTP_ROUNDS = arg('check-http-rounds', 3);
const CHECK_HTTP = '/usr/lib/nagios/plugins/check_http';
const BODY = 'OK: service healthy\n';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Runs `task` PROBES times over CONCURRENCY lanes (`task(lane)`); returns wall ms. */
async function timed(task: (lane: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, lane) => {
      while (next < PROBES) {
        next++;
        await task(lane);
      }
    }),
  );
  return performance.now() - started;
}

/** The cloud.http probe as the plugin registers it (setup with a recording context). */
function cloudHttpProbe(): { probe: ProbeDefinition; dispose: () => Promise<void> } {
  let probe: ProbeDefinition | undefined;
  const disposers: Array<() => Promise<void> | void> = [];
  const noop = () => {};
  cloud({ http: { connections: CONCURRENCY } }).setup({
    plugin: 'cloud',
    logger: silentLogger,
    collector: noop,
    action: noop,
    discoverer: noop,
    notifier: noop,
    onStart: noop,
    probe: (definition) => {
      if (definition.name === 'http') probe = definition as ProbeDefinition;
    },
    onDispose: (fn) => void disposers.push(fn),
  });
  if (!probe) throw new Error('cloud.http not registered');
  return { probe, dispose: async () => void (await Promise.all(disposers.map((fn) => fn()))) };
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

async function main(): Promise<void> {
  const loadBefore = load();
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(BODY));
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/health`;

  const { probe, dispose } = cloudHttpProbe();
  const params = probe.params?.parse({ url, expect: { status: 200, body: 'healthy' } });
  let failures = 0;
  // One context per concurrency lane, as each scheduled job has its own signal.
  const lanes = Array.from({ length: CONCURRENCY }, (): HookContext => createTestHookContext({ plugin: 'cloud', logger: silentLogger }));
  const runCloud = async (lane: number) => {
    const result = await probe.run({ id: 'bench', kind: 'service' }, params, lanes[lane] as HookContext);
    if (result.status !== 'ok') failures++;
  };
  const agent = new Agent({ connections: CONCURRENCY });
  const runUndici = async () => {
    const res = await request(url, { dispatcher: agent });
    const text = await res.body.text();
    if (res.statusCode !== 200 || !/healthy/.test(text)) failures++;
  };
  const haveCheckHttp = existsSync(CHECK_HTTP);
  const runCheckHttp = () =>
    new Promise<void>((resolve) => {
      execFile(CHECK_HTTP, ['-H', '127.0.0.1', '-p', String(port), '-u', '/health', '-e', '200', '-s', 'healthy'], (err) => {
        if (err) failures++;
        resolve();
      });
    });

  // Warm-up: connections, JIT.
  await timed(runCloud);
  await timed(runUndici);

  const times: Record<string, number[]> = { 'cloud.http': [], 'undici.request': [], check_http: [] };
  const pairedRatios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let cloudMs: number;
    let undiciMs: number;
    if (round % 2 === 0) {
      cloudMs = await timed(runCloud);
      undiciMs = await timed(runUndici);
    } else {
      undiciMs = await timed(runUndici);
      cloudMs = await timed(runCloud);
    }
    times['cloud.http']?.push(cloudMs);
    times['undici.request']?.push(undiciMs);
    pairedRatios.push(cloudMs / undiciMs);
    if (haveCheckHttp && round < CHECK_HTTP_ROUNDS) times.check_http?.push(await timed(runCheckHttp));
  }

  const rows = Object.entries(times)
    .filter(([, t]) => t.length > 0)
    .map(([name, t]) => ({ name, rounds: t.length, medianMs: median(t), perSecond: PROBES / (median(t) / 1000) }));
  const cloudRow = rows.find((r) => r.name === 'cloud.http');
  console.log(`bench/http — ${PROBES} probes of ${url} at concurrency ${CONCURRENCY}, node ${process.version}`);
  console.log(`load average before: ${loadBefore}; after: ${load()}`);
  console.log('name            rounds   median ms    probes/s   cloud.http throughput ×');
  for (const r of rows) {
    const ratio = cloudRow ? cloudRow.perSecond / r.perSecond : Number.NaN;
    console.log(
      `${r.name.padEnd(16)}${String(r.rounds).padStart(6)}${r.medianMs.toFixed(1).padStart(12)}${r.perSecond.toFixed(0).padStart(12)}${ratio.toFixed(2).padStart(14)}`,
    );
  }
  const undiciRow = rows.find((r) => r.name === 'undici.request');
  const checkRow = rows.find((r) => r.name === 'check_http');
  if (cloudRow && undiciRow) {
    const range = `${Math.min(...pairedRatios).toFixed(2)}–${Math.max(...pairedRatios).toFixed(2)}`;
    console.log(
      `cloud.http time / bare undici time: ${median(pairedRatios).toFixed(2)}, median of ${pairedRatios.length} paired rounds (range ${range}; goal ≤ 1.2)`,
    );
  }
  if (cloudRow && checkRow)
    console.log(`cloud.http throughput / check_http: ${(cloudRow.perSecond / checkRow.perSecond).toFixed(1)}× (goal ≥ 20×)`);
  if (!haveCheckHttp) console.log(`check_http not found at ${CHECK_HTTP}: install monitoring-plugins-basic to compare`);
  console.log(`failed probes: ${failures}`);

  await dispose();
  await agent.close();
  server.closeAllConnections();
  server.close();
}

await main();
