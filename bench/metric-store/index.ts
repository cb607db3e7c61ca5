/**
 * MetricStore benchmark: (a) ingest rate and resident bytes per sample for 1M samples over
 * 10k series, through `ingest()` and through series handles; (b) rendering 100k series as
 * Prometheus text next to prom-client rendering the same 100k series.
 *
 * Run: npx tsx --expose-gc --conditions=@warden/source bench/metric-store/index.ts
 * (without --expose-gc the memory figures are skipped).
 */
import { Gauge, Registry } from 'prom-client';
import { createMetricStore } from '../../packages/core/src/metrics/store.js';
import type { MetricStore } from '../../packages/core/src/metrics/store-types.js';
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

/** Full GCs with a pause between, so freed ArrayBuffer backing stores (swept off-thread) are gone too. */
async function collect(): Promise<void> {
  gc?.();
  await new Promise((resolve) => setTimeout(resolve, 100));
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

function ingestAll(store: MetricStore, input: Sample[][], from = 0, to = TICKS): void {
  for (let t = from; t < to; t++) {
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
  perSample: number;
  buffersPerSample: number;
}

function ingestBench(maxSamplesPerSeries: number | undefined): { ingestRate: number; pushRate: number } {
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
  return { ingestRate: total / median(ingestTimes), pushRate: total / median(pushTimes) };
}

/**
 * Resident bytes per sample for one store of 10k series: first after 100 samples per series,
 * then after growing the same store to 720 per series (rings full). One store and one
 * baseline, taken before any other store exists, so freed buffers of others cannot skew it.
 */
async function memory(): Promise<[MemoryFigure, MemoryFigure] | undefined> {
  if (gc === undefined) return undefined;
  const input = batches();
  await collect();
  const before = resident();
  const store = createMetricStore();
  const figure = async (): Promise<MemoryFigure> => {
    await collect();
    const stats = store.stats();
    return { perSample: (resident() - before) / stats.samples, buffersPerSample: stats.bytes / stats.samples };
  };
  ingestAll(store, input, 0, TICKS);
  const at100 = await figure();
  ingestAll(store, input, TICKS, 720);
  const at720 = await figure();
  if (store.stats().samples !== ASSETS * SERIES_PER_ASSET * 720) throw new Error('unexpected sample count');
  return [at100, at720];
}

interface ExpositionFigures {
  /** The process's first render (JIT cold), and prom-client's first. */
  oursFirst: number;
  promFirst: number;
  /** Median first render of a freshly built store. */
  oursFresh: number;
  /** Median of later renders of one store, and of prom-client's later calls. */
  ours: number;
  prom: number;
  oursBytes: number;
  promBytes: number;
}

function buildStore(): MetricStore {
  const store = createMetricStore();
  for (let a = 0; a < EXPO_ASSETS; a++) {
    for (let d = 0; d < EXPO_DEVICES; d++)
      store.series('bench.value', { asset: `asset-${a}`, device: `eth${d}` }).push(a * 1000 + d + 0.5, T0);
  }
  return store;
}

/** Times a render, including flattening its result (as writing it to a socket would). */
function timed(render: () => string): [string, number] {
  const start = process.hrtime.bigint();
  const out = render();
  out.charCodeAt(0);
  return [out, Number(process.hrtime.bigint() - start) / 1e6];
}

async function timedAsync(render: () => Promise<string>): Promise<[string, number]> {
  const start = process.hrtime.bigint();
  const out = await render();
  out.charCodeAt(0);
  return [out, Number(process.hrtime.bigint() - start) / 1e6];
}

async function expositionBench(): Promise<ExpositionFigures> {
  const registry = new Registry();
  const gauge = new Gauge({ name: 'bench_value', help: 'bench.value', labelNames: ['asset', 'device'], registers: [registry] });
  for (let a = 0; a < EXPO_ASSETS; a++) {
    for (let d = 0; d < EXPO_DEVICES; d++) gauge.set({ asset: `asset-${a}`, device: `eth${d}` }, a * 1000 + d + 0.5);
  }
  const [promText, promFirst] = await timedAsync(() => registry.metrics());
  const store = buildStore();
  const [text, oursFirst] = timed(() => store.exposition());
  const ours: number[] = [];
  const prom: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    ours.push(timed(() => store.exposition())[1]);
    prom.push((await timedAsync(() => registry.metrics()))[1]);
  }
  const fresh: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const another = buildStore();
    fresh.push(timed(() => another.exposition())[1]);
  }
  return {
    oursFirst,
    promFirst,
    oursFresh: median(fresh),
    ours: median(ours),
    prom: median(prom),
    oursBytes: text.length,
    promBytes: promText.length,
  };
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

console.log(`MetricStore bench — node ${process.version}, ${ROUNDS} rounds, medians\n`);
// Memory first, in a clean heap.
const [mem100, mem720] = (await memory()) ?? [];
const defaults = ingestBench(undefined);
const full = ingestBench(100);
const memText = (m: MemoryFigure | undefined, key: keyof MemoryFigure) => (m ? fmt(m[key], 1) : 'n/a (run with --expose-gc)');
console.log('(a) ingest: 1M samples over 10k series (100 per series)');
console.log('| config | ingest() samples/s | handle.push samples/s |');
console.log('|---|---|---|');
console.log(`| maxSamplesPerSeries 720 (default) | ${fmt(defaults.ingestRate)} | ${fmt(defaults.pushRate)} |`);
console.log(`| maxSamplesPerSeries 100 (rings full, oldest dropped) | ${fmt(full.ingestRate)} | ${fmt(full.pushRate)} |`);
console.log('\n(a) memory, default options, 10k series');
console.log('| samples held | resident B/sample | buffer B/sample |');
console.log('|---|---|---|');
console.log(`| 1M (100 per series) | ${memText(mem100, 'perSample')} | ${memText(mem100, 'buffersPerSample')} |`);
console.log(
  `| 7.2M (720 per series: rings full, steady state) | ${memText(mem720, 'perSample')} | ${memText(mem720, 'buffersPerSample')} |`,
);
console.log('resident = (heapUsed + arrayBuffers) after the build minus before, both after forced GCs, over samples held');
console.log(
  '(includes the series columns, interned label strings, label pairs and indexes); buffer = stats().bytes (typed-array slabs + page links).\n',
);

const expo = await expositionBench();
console.log('(b) render 100k series as Prometheus text');
console.log('| renderer | ms | bytes |');
console.log('|---|---|---|');
console.log(`| warden exposition(), first render in the process | ${fmt(expo.oursFirst, 1)} | ${fmt(expo.oursBytes)} |`);
console.log(`| prom-client registry.metrics(), first call in the process | ${fmt(expo.promFirst, 1)} | ${fmt(expo.promBytes)} |`);
console.log(`| warden exposition(), first render of a fresh store (median) | ${fmt(expo.oursFresh, 1)} | ${fmt(expo.oursBytes)} |`);
console.log(`| warden exposition(), later renders (median) | ${fmt(expo.ours, 1)} | ${fmt(expo.oursBytes)} |`);
console.log(`| prom-client registry.metrics() (median) | ${fmt(expo.prom, 1)} | ${fmt(expo.promBytes)} |`);
console.log(
  `ratio prom-client / warden: first in process ${fmt(expo.promFirst / expo.oursFirst, 2)}×, fresh store ${fmt(expo.prom / expo.oursFresh, 2)}×, later renders ${fmt(expo.prom / expo.ours, 2)}×`,
);
