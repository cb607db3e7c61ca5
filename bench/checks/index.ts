/**
 * Checks benchmark: metric-threshold evaluations per second for 100,000 (check, asset) states —
 * each result through threshold evaluation, the state machine (soft/hard, flap recording,
 * incident decision) — and resident memory of those 100,000 states with flap detection on.
 * The peer is the same semantics kept the Nagios Core way (21-slot history array per state and
 * a loop per recorded result), measured in the same run.
 *
 * Run: npx tsx --expose-gc --conditions=@warden/source bench/checks/index.ts
 * (without --expose-gc the memory figures are skipped).
 */
import { applyCheckResult, createCheckState, INITIAL_CHECK_STATE, nextCheckState } from '../../packages/core/src/checks/state-machine.js';
import { resolveStateSettings, type StateSettings } from '../../packages/core/src/checks/state-settings.js';
import type { CheckMachineState, MutableCheckMachineState, StateInput } from '../../packages/core/src/checks/state-types.js';
import { evaluateThresholds, parseThreshold, type ThresholdPair } from '../../packages/core/src/checks/threshold.js';
import type { CheckStatus } from '../../packages/core/src/checks/types.js';
import { type NagiosState, nagiosInitial, nagiosStep } from './nagios-reference.js';

const PAIRS = 100_000;
const TICKS = 10; // results per pair per round: 1M evaluations per round
const ROUNDS = 7;
const T0 = Date.UTC(2024, 0, 1);

const gc = (globalThis as { gc?: () => void }).gc;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Deterministic values. `mixed`: 90 % steady OK, 5 % steady critical, 3 % noisy around warn,
 * 2 % flapping. `churn`: every pair alternates critical/OK, so every result changes state.
 */
function makeValues(mode: 'mixed' | 'churn'): Float64Array {
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const values = new Float64Array(PAIRS * TICKS);
  for (let i = 0; i < PAIRS; i++) {
    const profile = mode === 'churn' ? 99 : i % 100;
    for (let t = 0; t < TICKS; t++) {
      let v: number;
      if (profile < 90) v = 0.4 + random() * 0.2;
      else if (profile < 95) v = 0.92 + random() * 0.05;
      else if (profile < 98) v = 0.75 + random() * 0.1;
      else v = t % 2 === 0 ? 0.95 : 0.5;
      values[t * PAIRS + i] = v;
    }
  }
  return values;
}

const THRESHOLD_TEXTS: Array<[string, string]> = [
  ['>0.8', '>0.9'],
  ['~:0.8', '~:0.9'],
  ['>=0.8', '>=0.9'],
  ['0:0.8', '0:0.9'],
];

function makeThresholds(): ThresholdPair[] {
  const out: ThresholdPair[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const [warn, crit] = THRESHOLD_TEXTS[i % THRESHOLD_TEXTS.length] as [string, string];
    out.push({ warn: parseThreshold(warn, `check ${i}.warn`), crit: parseThreshold(crit, `check ${i}.crit`) });
  }
  return out;
}

// What the engine would pass per result: one input object per status, one context per tick.
const INPUTS: Readonly<Record<CheckStatus, StateInput>> = {
  ok: { status: 'ok' },
  warning: { status: 'warning' },
  critical: { status: 'critical' },
  unknown: { status: 'unknown' },
};

const SETTINGS: StateSettings[] = [resolveStateSettings({ attempts: 1 }), resolveStateSettings({ attempts: 3 })];

function wardenRound(states: CheckMachineState[], thresholds: ThresholdPair[], values: Float64Array, round: number): number {
  let actions = 0;
  for (let t = 0; t < TICKS; t++) {
    const ctx = { now: T0 + (round * TICKS + t) * 60_000 };
    const base = t * PAIRS;
    for (let i = 0; i < PAIRS; i++) {
      const status = evaluateThresholds(values[base + i] as number, thresholds[i] as ThresholdPair);
      const next = nextCheckState(states[i] as CheckMachineState, INPUTS[status], SETTINGS[i & 1] as StateSettings, ctx);
      states[i] = next.state;
      if (next.incident.kind === 'open' || next.incident.kind === 'resolve') actions++;
    }
  }
  return actions;
}

function inPlaceRound(states: MutableCheckMachineState[], thresholds: ThresholdPair[], values: Float64Array, round: number): number {
  let actions = 0;
  for (let t = 0; t < TICKS; t++) {
    const ctx = { now: T0 + (round * TICKS + t) * 60_000 };
    const base = t * PAIRS;
    for (let i = 0; i < PAIRS; i++) {
      const status = evaluateThresholds(values[base + i] as number, thresholds[i] as ThresholdPair);
      const kind = applyCheckResult(states[i] as MutableCheckMachineState, INPUTS[status], SETTINGS[i & 1] as StateSettings, ctx).incident
        .kind;
      if (kind === 'open' || kind === 'resolve') actions++;
    }
  }
  return actions;
}

function nagiosRound(states: NagiosState[], thresholds: ThresholdPair[], values: Float64Array): number {
  let actions = 0;
  for (let t = 0; t < TICKS; t++) {
    const base = t * PAIRS;
    for (let i = 0; i < PAIRS; i++) {
      const status = evaluateThresholds(values[base + i] as number, thresholds[i] as ThresholdPair);
      if (nagiosStep(states[i] as NagiosState, status, i & 1 ? 3 : 1) !== 0) actions++;
    }
  }
  return actions;
}

interface Rates {
  pure: number;
  inPlace: number;
  nagios: number;
  actions: [number, number, number];
}

function throughput(mode: 'mixed' | 'churn'): Rates {
  const values = makeValues(mode);
  const thresholds = makeThresholds();
  const times: [number[], number[], number[]] = [[], [], []];
  const actions: [number, number, number] = [0, 0, 0];
  const pure: CheckMachineState[] = Array.from({ length: PAIRS }, () => INITIAL_CHECK_STATE);
  const inPlace: MutableCheckMachineState[] = Array.from({ length: PAIRS }, createCheckState);
  const nagios: NagiosState[] = Array.from({ length: PAIRS }, nagiosInitial);
  const runs = [
    (round: number) => wardenRound(pure, thresholds, values, round),
    (round: number) => inPlaceRound(inPlace, thresholds, values, round),
    (_round: number) => nagiosRound(nagios, thresholds, values),
  ];
  for (const run of runs) run(0); // warm-up
  for (let round = 1; round <= ROUNDS; round++) {
    runs.forEach((run, k) => {
      const start = process.hrtime.bigint();
      actions[k] = run(round);
      (times[k] as number[]).push(Number(process.hrtime.bigint() - start) / 1e9);
    });
  }
  const total = PAIRS * TICKS;
  return { pure: total / median(times[0]), inPlace: total / median(times[1]), nagios: total / median(times[2]), actions };
}

function resident(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

async function settle(): Promise<void> {
  gc?.();
  await new Promise((resolve) => setTimeout(resolve, 50));
  gc?.();
}

/** Median resident bytes per state over 5 builds of 100k states, each fed three results. */
async function bytesPerState(build: () => unknown[]): Promise<number> {
  const figures: number[] = [];
  // Declared outside the loop and cleared before the baseline: an async function's context keeps
  // the previous build alive otherwise, and the baseline would include it.
  let held: unknown[] | undefined;
  for (let round = 0; round < 5; round++) {
    held = undefined;
    await settle();
    const before = resident();
    held = build();
    await settle();
    figures.push((resident() - before) / held.length);
    if (held.length !== PAIRS) throw new Error('unexpected state count');
  }
  return median(figures);
}

async function memory(): Promise<{ states: number; thresholds: number; nagios: number } | undefined> {
  if (gc === undefined) return undefined;
  const statuses: CheckStatus[] = ['critical', 'ok', 'warning'];
  const states = await bytesPerState(() => {
    const out: CheckMachineState[] = [];
    for (let i = 0; i < PAIRS; i++) {
      let state = INITIAL_CHECK_STATE;
      for (let t = 0; t < 3; t++) {
        const status = statuses[(i + t) % 3] as CheckStatus;
        state = nextCheckState(state, INPUTS[status], SETTINGS[0] as StateSettings, { now: T0 + t * 60_000 }).state;
      }
      out.push(state);
    }
    return out;
  });
  const thresholds = await bytesPerState(makeThresholds);
  const nagios = await bytesPerState(() => {
    const out: NagiosState[] = [];
    for (let i = 0; i < PAIRS; i++) {
      const state = nagiosInitial();
      for (let t = 0; t < 3; t++) nagiosStep(state, statuses[(i + t) % 3] as CheckStatus, 1);
      out.push(state);
    }
    return out;
  });
  return { states, thresholds, nagios };
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

console.log(
  `Checks bench — node ${process.version}, ${fmt(PAIRS)} (check, asset) states, ${ROUNDS} rounds of ${fmt(PAIRS * TICKS)} results, medians\n`,
);
const mem = await memory();
const mixed = throughput('mixed');
const churn = throughput('churn');
console.log(
  '(a) metric-threshold evaluations: evaluateThresholds + state machine (soft/hard, flap recording, incident decision) per result',
);
console.log('| workload | implementation | evaluations/s | vs Nagios-style | incidents opened + resolved in last round |');
console.log('|---|---|---|---|---|');
for (const [name, rate] of [
  ['mixed: 90 % steady OK, 5 % critical, 3 % noisy, 2 % flapping', mixed],
  ['churn: every pair alternates critical/OK', churn],
] as const) {
  const row = (impl: string, value: number, actions: number) =>
    console.log(`| ${name} | ${impl} | ${fmt(value)} | ${fmt(value / rate.nagios, 2)}× | ${fmt(actions)} |`);
  row('warden applyCheckResult (in place; what the engine uses)', rate.inPlace, rate.actions[1]);
  row('warden nextCheckState (pure, new object per change)', rate.pure, rate.actions[0]);
  row('Nagios-style reference (21-slot history array, in place)', rate.nagios, rate.actions[2]);
}
const slowest = Math.min(mixed.inPlace, churn.inPlace);
console.log(
  `goal ≥ 500,000 evaluations/s (applyCheckResult, slower workload): ${slowest >= 500_000 ? 'met' : 'NOT met'} at ${fmt(slowest)}/s`,
);
console.log('\n(b) resident memory for 100,000 states with flap detection on');
if (mem) {
  console.log('| what | bytes per state | for 100,000 |');
  console.log('|---|---|---|');
  console.log(`| warden CheckMachineState (flap word inline) | ${fmt(mem.states, 1)} | ${fmt((mem.states * PAIRS) / 1048576, 1)} MiB |`);
  console.log(
    `| parsed warn + crit thresholds, one pair per state | ${fmt(mem.thresholds, 1)} | ${fmt((mem.thresholds * PAIRS) / 1048576, 1)} MiB |`,
  );
  console.log(`| Nagios-style state (21-slot history array) | ${fmt(mem.nagios, 1)} | ${fmt((mem.nagios * PAIRS) / 1048576, 1)} MiB |`);
  console.log(`ratio Nagios-style / warden state: ${fmt(mem.nagios / mem.states, 2)}×`);
  console.log('resident = (heapUsed + arrayBuffers) after building minus before, both after forced GCs; median of 5 builds.');
} else {
  console.log('n/a (run with --expose-gc)');
}
