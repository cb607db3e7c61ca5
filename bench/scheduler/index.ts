// Scheduler benchmark: Warden's scheduler (one timer over a heap, phase spreading, gates,
// per-run timeout + AbortSignal) against croner (one Cron per job) and toad-scheduler (one
// setInterval per job), in one process, on the real clock. Prints medians over rounds and
// ratios vs. the peer. Run: npx tsx --conditions=@warden/source bench/scheduler/index.ts
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Cron } from 'croner';
import { SimpleIntervalJob, Task, ToadScheduler } from 'toad-scheduler';
import { systemClock } from '../../packages/core/src/internal/clock.js';
import { createScheduler } from '../../packages/core/src/scheduler/scheduler.js';
import type { Scheduler } from '../../packages/core/src/scheduler/types.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

// Flags: --rounds=N (default 3), --quick (20,000 jobs and shorter windows, for a smoke run).
const ROUNDS = Number(process.argv.find((arg) => arg.startsWith('--rounds='))?.slice(9) ?? 3);
const QUICK = process.argv.includes('--quick');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
};
const quantile = (values: number[], q: number) => {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
};

/** A running workload: counts runs, collects lag samples while `measuring`, and can be torn down. */
interface Workload {
  runs: number;
  lags: number[];
  measuring: boolean;
  stop(): Promise<void>;
}

type Impl = 'warden' | 'warden-cron' | 'croner' | 'toad' | 'idle';

const wardenJob = (w: Workload) => () => {
  w.runs++;
};

/** Starts `jobs` jobs every `everyMs` (croner: every second, on the second) with no-op bodies. */
function startWorkload(impl: Impl, jobs: number, everyMs: number): Workload {
  const w: Workload = { runs: 0, lags: [], measuring: false, stop: async () => {} };
  if (impl === 'idle') return w;
  if (impl === 'warden' || impl === 'warden-cron') {
    const scheduler: Scheduler = createScheduler({
      clock: systemClock,
      onEvent: (event) => {
        if (w.measuring && event.type === 'run:completed') w.lags.push(event.lagMs);
      },
    });
    const run = wardenJob(w);
    const schedule = impl === 'warden' ? { every: everyMs } : { cron: '* * * * * *' };
    for (let i = 0; i < jobs; i++) scheduler.add({ key: `collect:bench/host-${i}`, plugin: 'bench', assetId: `host-${i}`, schedule, run });
    scheduler.start();
    w.stop = () => scheduler.stop({ timeout: 1000 });
    return w;
  }
  if (impl === 'croner') {
    const crons: Cron[] = [];
    const run = () => {
      w.runs++;
      if (w.measuring) {
        const now = Date.now();
        w.lags.push(now - Math.floor(now / 1000) * 1000);
      }
    };
    for (let i = 0; i < jobs; i++) crons.push(new Cron('* * * * * *', { unref: true, protect: true }, run));
    w.stop = async () => {
      for (const cron of crons) cron.stop();
    };
    return w;
  }
  const toad = new ToadScheduler();
  const created = Date.now();
  const run = () => {
    w.runs++;
    if (w.measuring) {
      const now = Date.now();
      const k = Math.max(1, Math.round((now - created) / everyMs));
      w.lags.push(now - (created + k * everyMs));
    }
  };
  for (let i = 0; i < jobs; i++)
    toad.addSimpleIntervalJob(new SimpleIntervalJob({ milliseconds: everyMs }, new Task(`t${i}`, run), { unref: true }));
  w.stop = async () => toad.stop();
  return w;
}

/** (a) sustained runs per second with `jobs` registered, and process CPU time per run (µs). */
async function throughput(impl: Impl, jobs: number, everyMs: number, warmMs: number, measureMs: number) {
  const w = startWorkload(impl, jobs, everyMs);
  await sleep(warmMs);
  const before = w.runs;
  const started = performance.now();
  const cpu = process.cpuUsage();
  await sleep(measureMs);
  const used = process.cpuUsage(cpu);
  const runs = w.runs - before;
  const rate = (runs * 1000) / (performance.now() - started);
  await w.stop();
  return { rate, cpuPerRun: (used.user + used.system) / runs };
}

/** (b) + (d): lag of the runs and event-loop delay seen by the host while `jobs` run every second. */
async function responsiveness(impl: Impl, jobs: number, warmMs: number, measureMs: number) {
  const w = startWorkload(impl, jobs, 1000);
  await sleep(warmMs);
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  const lateness: number[] = [];
  let expected = performance.now() + 10;
  const probe = setInterval(() => {
    const now = performance.now();
    lateness.push(Math.max(0, now - expected));
    expected = now + 10;
  }, 10);
  histogram.enable();
  w.measuring = true;
  const before = w.runs;
  const started = performance.now();
  await sleep(measureMs);
  w.measuring = false;
  histogram.disable();
  clearInterval(probe);
  const rate = ((w.runs - before) * 1000) / (performance.now() - started);
  await w.stop();
  return {
    rate,
    lagP50: quantile(w.lags, 0.5),
    lagP99: quantile(w.lags, 0.99),
    eldP99: histogram.percentile(99) / 1e6,
    timerP99: quantile(lateness, 0.99),
  };
}

/** (c) retained heap per registered (started, idle) job, bytes. */
async function memoryPerJob(impl: Impl, jobs: number): Promise<number> {
  gc();
  await sleep(20);
  gc();
  const before = process.memoryUsage().heapUsed;
  const w = startWorkload(impl, jobs, 3_600_000);
  await sleep(50);
  gc();
  await sleep(20);
  gc();
  const after = process.memoryUsage().heapUsed;
  await w.stop();
  return (after - before) / jobs;
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const rows: string[][] = [];
const row = (...cells: string[]) => rows.push(cells);

async function main(): Promise<void> {
  const bigJobs = QUICK ? 20_000 : 100_000;
  const warm = QUICK ? 1000 : 2000;
  const measure = QUICK ? 2000 : 3000;
  console.log(`node ${process.version}, ${ROUNDS} rounds, medians; real clock`);

  // (a) sustained no-op runs/s with 100,000 jobs every 1 s (offered: 100,000 runs/s).
  type Throughput = Awaited<ReturnType<typeof throughput>>;
  const a: Record<string, Throughput[]> = { warden: [], toad: [] };
  for (let r = 0; r < ROUNDS; r++)
    for (const impl of ['warden', 'toad'] as const) {
      a[impl]?.push(await throughput(impl, bigJobs, 1000, warm, measure));
      gc();
    }
  const t = (set: Record<string, Throughput[]>, impl: string, field: keyof Throughput) => median((set[impl] ?? []).map((x) => x[field]));
  row(
    `(a) runs/s, ${bigJobs / 1000}k jobs every 1s`,
    fmt(t(a, 'warden', 'rate'), 0),
    `toad ${fmt(t(a, 'toad', 'rate'), 0)}`,
    fmt(t(a, 'warden', 'rate') / t(a, 'toad', 'rate'), 2),
    '≥ 50,000/s',
  );
  row(
    '(a) CPU µs per run, same',
    fmt(t(a, 'warden', 'cpuPerRun'), 2),
    `toad ${fmt(t(a, 'toad', 'cpuPerRun'), 2)}`,
    fmt(t(a, 'warden', 'cpuPerRun') / t(a, 'toad', 'cpuPerRun'), 2),
    '',
  );
  // Saturation: the same jobs every 250 ms offer 4× that; what comes out is the ceiling.
  const s: Record<string, Throughput[]> = { warden: [], toad: [] };
  for (let r = 0; r < ROUNDS; r++)
    for (const impl of ['warden', 'toad'] as const) {
      s[impl]?.push(await throughput(impl, bigJobs, 250, warm * 0.75, measure * 0.67));
      gc();
    }
  row(
    `(a) runs/s, ${bigJobs / 1000}k jobs every 250ms (offers 4x)`,
    fmt(t(s, 'warden', 'rate'), 0),
    `toad ${fmt(t(s, 'toad', 'rate'), 0)}`,
    fmt(t(s, 'warden', 'rate') / t(s, 'toad', 'rate'), 2),
    '(ceiling)',
  );
  row(
    '(a) CPU µs per run, same',
    fmt(t(s, 'warden', 'cpuPerRun'), 2),
    `toad ${fmt(t(s, 'toad', 'cpuPerRun'), 2)}`,
    fmt(t(s, 'warden', 'cpuPerRun') / t(s, 'toad', 'cpuPerRun'), 2),
    '',
  );

  // (b) + (d): 10,000 jobs every second = 10,000 runs/s.
  const impls = ['warden', 'warden-cron', 'croner', 'toad', 'idle'] as const;
  const b: Record<string, Awaited<ReturnType<typeof responsiveness>>[]> = {};
  for (const impl of impls) b[impl] = [];
  for (let r = 0; r < ROUNDS; r++)
    for (const impl of impls) {
      b[impl]?.push(await responsiveness(impl, 10_000, warm, measure));
      gc();
    }
  const m = (impl: string, field: keyof Awaited<ReturnType<typeof responsiveness>>) => median((b[impl] ?? []).map((x) => x[field]));
  for (const impl of impls)
    console.log(
      `  ${impl.padEnd(12)} rate ${fmt(m(impl, 'rate'), 0)}/s  lag p50 ${fmt(m(impl, 'lagP50'))} ms  p99 ${fmt(m(impl, 'lagP99'))} ms  ` +
        `loop delay p99 ${fmt(m(impl, 'eldP99'))} ms  10ms-timer lateness p99 ${fmt(m(impl, 'timerP99'))} ms`,
    );
  row(
    '(b) lag p50 ms @10k runs/s',
    fmt(m('warden', 'lagP50')),
    `croner ${fmt(m('croner', 'lagP50'))}`,
    fmt(m('warden', 'lagP50') / m('croner', 'lagP50'), 2),
    '',
  );
  row(
    '(b) lag p99 ms @10k runs/s',
    fmt(m('warden', 'lagP99')),
    `croner ${fmt(m('croner', 'lagP99'))}`,
    fmt(m('warden', 'lagP99') / m('croner', 'lagP99'), 2),
    '< 10 ms',
  );
  row(
    '(b) lag p99 ms, cron burst',
    fmt(m('warden-cron', 'lagP99')),
    `croner ${fmt(m('croner', 'lagP99'))}`,
    fmt(m('warden-cron', 'lagP99') / m('croner', 'lagP99'), 2),
    '',
  );
  row(
    '(d) loop delay p99 ms',
    fmt(m('warden', 'eldP99')),
    `croner ${fmt(m('croner', 'eldP99'))}`,
    fmt(m('warden', 'eldP99') / m('croner', 'eldP99'), 2),
    '< 20 ms',
  );
  row('(d) loop delay p99 ms, idle loop', fmt(m('idle', 'eldP99')), '', '', '(baseline)');
  row(
    '(d) 10ms timer late p99 ms',
    fmt(m('warden', 'timerP99')),
    `croner ${fmt(m('croner', 'timerP99'))}`,
    fmt(m('warden', 'timerP99') / m('croner', 'timerP99'), 2),
    '< 20 ms',
  );

  // (c) heap per job. croner is measured with 10,000 jobs (its constructor costs ~140 µs each).
  const c: Record<string, number[]> = { warden: [], toad: [], croner: [] };
  for (let r = 0; r < ROUNDS; r++) {
    c.warden?.push(await memoryPerJob('warden', bigJobs));
    c.toad?.push(await memoryPerJob('toad', bigJobs));
    c.croner?.push(await memoryPerJob('croner', 10_000));
  }
  const cw = median(c.warden as number[]);
  row(
    `(c) heap B/job (${bigJobs / 1000}k jobs)`,
    fmt(cw, 0),
    `toad ${fmt(median(c.toad as number[]), 0)}`,
    fmt(cw / median(c.toad as number[]), 2),
    '< 1 KB',
  );
  row(
    '(c) heap B/job vs croner (10k)',
    fmt(cw, 0),
    `croner ${fmt(median(c.croner as number[]), 0)}`,
    fmt(cw / median(c.croner as number[]), 2),
    '< 1 KB',
  );

  const header = ['measure', 'warden', 'peer', 'warden/peer', 'goal'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] as number)).join(' | ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}`);
  for (const r of rows) console.log(line(r));
}

await main();
