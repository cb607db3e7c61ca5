/**
 * Store benchmark: audit records appended per second through `StateStore.appendAudit`, to
 * `@warden/store-sqlite` with durable commits (synchronous FULL: the log is synced at every
 * commit) and with synchronous NORMAL, batched (1,000 and 100 records per call, one transaction
 * each) and one record per call — next to the in-memory store (`createMemoryStore`) in the same
 * run. The records are what remediation writes: per action run a `planned` record with params,
 * a `started` intent, a `finished` record with output and duration, and a `verified` record.
 *
 * Run: npx tsx --conditions=@warden/source bench/store/index.ts [--dir <directory>] [--rounds <n>]
 * (`--dir` puts the database files on the disk you want to measure; default: the OS temp dir.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { AuditRecord } from '../../packages/core/src/remediation/types.js';
import { createMemoryStore } from '../../packages/core/src/store/memory-store.js';
import type { StateStore } from '../../packages/core/src/store/types.js';
import { createSqliteStore } from '../../packages/store-sqlite/src/sqlite-store.js';

const { values: args } = parseArgs({ options: { dir: { type: 'string' }, rounds: { type: 'string' } } });
const ROUNDS = Number(args.rounds ?? 5);
const BASE_DIR = args.dir ?? tmpdir();
const T0 = Date.UTC(2024, 0, 1);

interface Scenario {
  store: 'memory' | 'sqlite full' | 'sqlite normal';
  batch: number;
  records: number;
}

const SCENARIOS: Scenario[] = [];
for (const store of ['memory', 'sqlite full', 'sqlite normal'] as const) {
  SCENARIOS.push({ store, batch: 1000, records: 100_000 });
  SCENARIOS.push({ store, batch: 100, records: 50_000 });
  // One fsync per record under FULL: fewer records keep a round within seconds.
  SCENARIOS.push({ store, batch: 1, records: store === 'memory' ? 50_000 : 2_000 });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const KINDS = ['planned', 'started', 'finished', 'verified'] as const;

/** Action runs of 5 rules over 1,000 assets, four records each, as the rule engine writes them. */
function makeRecords(count: number): AuditRecord[] {
  return Array.from({ length: count }, (_, i): AuditRecord => {
    const runIndex = Math.floor(i / 4);
    const kind = KINDS[i % 4] as (typeof KINDS)[number];
    const asset = `host-${runIndex % 1000}`;
    const record: AuditRecord = {
      id: `rec-${i}`,
      at: T0 + i,
      kind,
      rule: `rule-${runIndex % 5}`,
      action: 'exec.local',
      asset,
      run: `run-${runIndex}`,
    };
    if (kind === 'planned' || kind === 'started') record.params = { command: ['/usr/bin/systemctl', 'restart', 'nginx'], timeout: '60s' };
    if (kind === 'planned') record.reason = `http on ${asset}: step 1 of 2`;
    if (kind === 'finished') Object.assign(record, { ok: true, durationMs: 1234, output: 'nginx.service restarted\n' });
    if (kind === 'verified') Object.assign(record, { ok: true, reason: 'the check is OK again' });
    return record;
  });
}

/** Appends `records` in calls of `batch`, awaiting each (as the write-behind writer does); returns records/s. */
async function appendAll(store: StateStore, records: AuditRecord[], batch: number): Promise<number> {
  const parts: AuditRecord[][] = [];
  for (let i = 0; i < records.length; i += batch) parts.push(records.slice(i, i + batch));
  const start = process.hrtime.bigint();
  for (const part of parts) await store.appendAudit(part);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return records.length / seconds;
}

async function round(scenario: Scenario, records: AuditRecord[]): Promise<number> {
  if (scenario.store === 'memory') {
    const store = createMemoryStore({ maxAuditRecords: 1_000_000 });
    const rate = await appendAll(store, records, scenario.batch);
    await store.close();
    return rate;
  }
  const dir = mkdtempSync(join(BASE_DIR, 'warden-bench-store-'));
  try {
    const store = createSqliteStore({ path: join(dir, 'bench.db'), synchronous: scenario.store === 'sqlite full' ? 'full' : 'normal' });
    const rate = await appendAll(store, records, scenario.batch);
    await store.close();
    return rate;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

console.log(`store bench (audit appends): Node ${process.version}, ${ROUNDS} rounds, database files under ${BASE_DIR}`);
const results = new Map<string, { median: number; min: number; max: number }>();
// Rounds interleave scenarios, so a burst of load on a shared machine hits all of them alike.
const rates = new Map<Scenario, number[]>(SCENARIOS.map((s) => [s, []]));
const recordsByCount = new Map<number, AuditRecord[]>();
for (let r = 0; r < ROUNDS; r++) {
  for (const scenario of SCENARIOS) {
    let records = recordsByCount.get(scenario.records);
    if (records === undefined) {
      records = makeRecords(scenario.records);
      recordsByCount.set(scenario.records, records);
    }
    rates.get(scenario)?.push(await round(scenario, records));
  }
}
for (const [scenario, list] of rates) {
  results.set(`${scenario.store}/${scenario.batch}`, { median: median(list), min: Math.min(...list), max: Math.max(...list) });
}

const rows = SCENARIOS.map((s) => {
  const r = results.get(`${s.store}/${s.batch}`) as { median: number; min: number; max: number };
  const memory = results.get(`memory/${s.batch}`) as { median: number };
  return {
    store: s.store,
    'records/call': s.batch,
    'records/round': fmt(s.records),
    'median appends/s': fmt(r.median),
    'min–max': `${fmt(r.min)}–${fmt(r.max)}`,
    'ms per call': (1000 / (r.median / s.batch)).toFixed(3),
    'vs memory': s.store === 'memory' ? '1' : `1/${(memory.median / r.median).toFixed(1)}`,
  };
});
console.table(rows);
for (const batch of [1000, 100]) {
  const durable = results.get(`sqlite full/${batch}`)?.median ?? 0;
  console.log(
    `goal ≥ 20,000/s batched with durable commits, ${batch} per call: ${durable >= 20_000 ? 'met' : 'NOT met'} (${fmt(durable)}/s)`,
  );
}
