/**
 * MetricStore benchmark: (a) ingest rate and resident bytes per sample for 1M samples over
 * 10k series, through `ingest()` and through series handles; (b) rendering 100k series as
 * Prometheus text next to prom-client rendering the same 100k series.
 *
 * Run: node --expose-gc ./node_modules/.bin/tsx --conditions=@warden/source bench/metric-store/index.ts
 * (without --expose-gc the memory figures are skipped).
 */
import { Gauge, Registry } from 'prom-client';
import { createMetricStore, type MetricStore } from '../../packages/core/src/metrics/store.js';
import type { Sample } from '../../packages/core/src/metrics/types.js';

const ROUNDS = 5;
const ASSETS = 1_000;
const SERIES_PER_ASSET = 10;
const TICKS = 100; // 1k assets × 10 series × 100 ticks = 1M samples over 10k series
const EXPO_ASSETS = 1_000;
const EXPO_DEVICES = 100; // 100k series
const T0 = 1_700_000_000_000;

const gc = (globalThis as { gc?: () => void }).gc;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function collect(): void {
  gc?.();
  gc?.();
}

function resident(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** One batch per asset, reused every tick with new values (a collector's output). */
function batches(): Sample[][] {
  const out: Sample[][] = [];
  for (let a = 0; a < ASSETS; a++) {
    const batch: Sample[] = [];
    for (let s = 0; s < SERIES_PER_ASSET; s++) {
      batch.push(
        s < 5
          ? { name: 'system.network.io', value: 0, unit: 'By', type: 'counter', labels: { device: `eth${s}`, direction: 'receive' } }
          : { name: 'system.filesystem.utilization', value: 0, unit: '1', labels: { mountpoint: `/mnt/${s}` } },
      );
    }
    out.push(batch);
  }
  return out;
}

function ingestAll(store: MetricStore, input: Sample[][]): void {
  for (let t = 0; t < TICKS; t++) {
    const timestamp = T0 + t * 15_000;
    for (let a = 0; a < ASSETS; a++) {
      const batch = input[a] as Sample[];
      for (let s = 0; s < batch.length; s++) (batch[s] as { value: number }).value = t * 1000 + s;
      store.ingest(`asset-${a}`, batch, { source: 'bench', timestamp });
    }
  }
}

function pushAll(store: MetricStore): void {
  const handles = [];
  for (let a = 0; a < ASSETS; a++) {
    for (let s = 0; s < SERIES_PER_ASSET; s++) handles.push(store.series('bench.value', { asset: `asset-${a}`, device: `d${s}` }));
  }
  for (let t = 0; t < TICKS; t++) {
    const timestamp = T0 + t * 15_000;
    for (let h = 0; h < handles.length; h++) handles[h]?.push(t + h, timestamp);
  }
}

interface MemoryFigure {
  label: string;
  perSample: number;
  buffersPerSample: number;
}

function ingestBench(maxSamplesPerSeries: number | undefined): { ingestRate: number; pushRate: number; memory: MemoryFigure | undefined } {
  const input = batches();
  const options = maxSamplesPerSeries === undefined ? {} : { maxSamplesPerSeries };
  const ingestTimes: number[] = [];
  const pushTimes: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let store = createMetricStore(options);
    let start = process.hrtime.bigint();
    ingestAll(store, input);
    ingestTimes.push(Number(process.hrtime.bigint() - start) / 1e9);
    store = createMetricStore(options);
    start = process.hrtime.bigint();
    pushAll(store);
    pushTimes.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  const total = ASSETS * SERIES_PER_ASSET * TICKS;
  let memory: MemoryFigure | undefined;
  if (gc !== undefined) {
    collect();
    const before = resident();
    const store = createMetricStore(options);
    ingestAll(store, input);
    collect();
    const after = resident();
    const stats = store.stats();
    memory = {
      label: `max ${maxSamplesPerSeries ?? 'default (720)'}`,
      perSample: (after - before) / stats.samples,
      buffersPerSample: stats.bytes / stats.samples,
    };
    if (stats.samples !== total) throw new Error(`expected ${total} samples, store holds ${stats.samples}`);
  }
  return { ingestRate: total / median(ingestTimes), pushRate: total / median(pushTimes), memory };
}

async function expositionBench(): Promise<{ ours: number; oursCold: number; prom: number; oursBytes: number; promBytes: number }> {
  const store = createMetricStore();
  const registry = new Registry();
  const gauge = new Gauge({ name: 'bench_value', help: 'bench.value', labelNames: ['asset', 'device'], registers: [registry] });
  for (let a = 0; a < EXPO_ASSETS; a++) {
    for (let d = 0; d < EXPO_DEVICES; d++) {
      const value = a * 1000 + d + 0.5;
      store.series('bench.value', { asset: `asset-${a}`, device: `eth${d}` }).push(value, T0);
      gauge.set({ asset: `asset-${a}`, device: `eth${d}` }, value);
    }
  }
  let start = process.hrtime.bigint();
  let text = store.exposition();
  const oursCold = Number(process.hrtime.bigint() - start) / 1e6;
  const oursBytes = text.length;
  const ours: number[] = [];
  const prom: number[] = [];
  let promBytes = 0;
  for (let round = 0; round < ROUNDS; round++) {
    start = process.hrtime.bigint();
    text = store.exposition();
    ours.push(Number(process.hrtime.bigint() - start) / 1e6);
    start = process.hrtime.bigint();
    const promText = await registry.metrics();
    prom.push(Number(process.hrtime.bigint() - start) / 1e6);
    promBytes = promText.length;
  }
  return { ours: median(ours), oursCold, prom: median(prom), oursBytes, promBytes };
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

console.log(`MetricStore bench — node ${process.version}, ${ROUNDS} rounds, medians\n`);
const defaults = ingestBench(undefined);
const full = ingestBench(100);
console.log('(a) 1M samples over 10k series (100 per series)');
console.log('| config | ingest() samples/s | handle.push samples/s | resident B/sample | buffer B/sample |');
console.log('|---|---|---|---|---|');
for (const [label, r] of [
  ['maxSamplesPerSeries 720 (default)', defaults],
  ['maxSamplesPerSeries 100 (rings full)', full],
] as const) {
  const mem = r.memory;
  console.log(
    `| ${label} | ${fmt(r.ingestRate)} | ${fmt(r.pushRate)} | ${mem ? fmt(mem.perSample, 1) : 'n/a (run with --expose-gc)'} | ${mem ? fmt(mem.buffersPerSample, 1) : 'n/a'} |`,
  );
}
console.log('resident = (heapUsed + arrayBuffers) after the build minus before, both after two forced GCs, over samples held;');
console.log('buffer = stats().bytes (typed-array slabs + page links) over samples held.\n');

const expo = await expositionBench();
console.log('(b) render 100k series as Prometheus text');
console.log('| renderer | median ms | bytes |');
console.log('|---|---|---|');
console.log(`| warden exposition() (warm prefix cache) | ${fmt(expo.ours, 1)} | ${fmt(expo.oursBytes)} |`);
console.log(`| warden exposition() (first render, cold) | ${fmt(expo.oursCold, 1)} | ${fmt(expo.oursBytes)} |`);
console.log(`| prom-client registry.metrics() | ${fmt(expo.prom, 1)} | ${fmt(expo.promBytes)} |`);
console.log(`ratio prom-client / warden (warm): ${fmt(expo.prom / expo.ours, 2)}×`);
