import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../src/sqlite-store.js';
import { useTempDir } from './helpers/temp-dir.js';

const temp = useTempDir();
const WRITER = fileURLToPath(new URL('./helpers/append-writer.ts', import.meta.url));
const AUDIT_WRITER = fileURLToPath(new URL('./helpers/audit-writer.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Runs the writer until it has acknowledged `killAfter` batches, SIGKILLs it without warning,
 * and returns every batch number it acknowledged (a line is printed only after the commit).
 */
function runAndKill(
  path: string,
  synchronous: 'full' | 'normal',
  batchSize: number,
  killAfter: number,
  early = false,
  writer = WRITER,
): Promise<number[]> {
  const args = [
    '--conditions=@warden/source',
    '--import',
    'tsx',
    writer,
    path,
    synchronous,
    String(batchSize),
    ...(early ? ['early'] : []),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let killed = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (!killed && out.split('\n').length - 1 >= killAfter) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`writer exited with ${code ?? signal} before the kill:\n${err}`));
      // Only complete lines count: a line is written in one piece after the commit returned.
      resolve(out.split('\n').slice(0, -1).map(Number));
    });
  });
}

/**
 * What is wrong with the database the killed writer left, given what it acknowledged: each
 * problem as a sentence (none when every acknowledged record is there and nothing is torn).
 */
async function problems(path: string, acked: number[], batchSize: number): Promise<string[]> {
  const found: string[] = [];
  // The file as the killed process left it (log not checkpointed, no clean close).
  const raw = new Database(path);
  const integrity = raw.pragma('integrity_check', { simple: true });
  raw.close();
  if (integrity !== 'ok') found.push(`integrity_check: ${String(integrity)}`);

  const store = createSqliteStore({ path });
  const perBatch = new Map<number, number>();
  for (const c of await store.queryStateChanges({ check: 'kill' })) {
    const batch = Number(c.asset.slice(1));
    perBatch.set(batch, (perBatch.get(batch) ?? 0) + 1);
  }
  for (const batch of acked)
    if (perBatch.get(batch) !== batchSize)
      found.push(`acknowledged batch ${batch} has ${perBatch.get(batch) ?? 0} of ${batchSize} records`);
  for (const [batch, count] of perBatch) if (count !== batchSize) found.push(`batch ${batch} is torn: ${count} of ${batchSize} records`);
  const present = [...perBatch.keys()].sort((a, b) => a - b);
  if (present.some((batch, i) => batch !== i)) found.push(`batches present are not a prefix: ${present.join(',')}`);
  // At most one batch more than acknowledged: the one killed between its commit and its print.
  if (present.length > acked.length + 1) found.push(`${present.length} batches present, ${acked.length} acknowledged`);
  // Writes acknowledged before the last printed batch, in the other two tables.
  const last = acked.at(-1) ?? 0;
  const incidents = (await store.queryIncidents({ check: 'kill' })).length;
  if (incidents < last) found.push(`${incidents} incidents, at least ${last} were acknowledged`);
  const attempt = (await store.loadCheckStates()).find((s) => s.asset === 'writer')?.attempt ?? 0;
  if (attempt < last) found.push(`check state at attempt ${attempt}, at least ${last} was acknowledged`);
  await store.close();
  return found;
}

describe('SIGKILL mid-stream', () => {
  it('keeps every acknowledged batch with synchronous: full (the default), and the file stays sound', async () => {
    const path = temp();
    const acked = await runAndKill(path, 'full', 100, 60);
    expect(acked.length).toBeGreaterThanOrEqual(60);
    expect(acked).toEqual(acked.map((_, i) => i));
    expect(await problems(path, acked, 100)).toEqual([]);
  });

  it('keeps every acknowledged single-record commit with synchronous: normal (a process crash, not a power loss)', async () => {
    const path = temp();
    const acked = await runAndKill(path, 'normal', 1, 300);
    expect(acked.length).toBeGreaterThanOrEqual(300);
    expect(await problems(path, acked, 1)).toEqual([]);
  });

  it('catches a writer that acknowledges before its commit (negative control)', async () => {
    const path = temp();
    const acked = await runAndKill(path, 'full', 100, 1, true);
    expect(acked).toEqual([0]);
    expect(await problems(path, acked, 100)).toEqual(['acknowledged batch 0 has 0 of 100 records']);
  });
});

describe('SIGKILL while appending audit records', () => {
  /** Audit records the reopened store has, by sequence number, and whether the file is sound. */
  async function reopen(path: string): Promise<{ integrity: unknown; seqs: number[] }> {
    const raw = new Database(path);
    const integrity = raw.pragma('integrity_check', { simple: true });
    raw.close();
    const store = createSqliteStore({ path });
    const seqs = (await store.queryAudit({ rule: 'restart-nginx' })).map((r) => Number(r.id.slice(4)));
    await store.close();
    return { integrity, seqs };
  }

  it.each([
    ['one record per commit', 1, 200],
    ['25 records per commit', 25, 2_000],
  ])('every acknowledged audit record is there when the store reopens (%s, synchronous: full)', async (_name, batch, killAfter) => {
    const path = temp();
    const acked = await runAndKill(path, 'full', batch, killAfter, false, AUDIT_WRITER);
    expect(acked.length).toBeGreaterThanOrEqual(killAfter);
    const { integrity, seqs } = await reopen(path);
    expect(integrity).toBe('ok');
    const present = new Set(seqs);
    expect(acked.filter((seq) => !present.has(seq))).toEqual([]);
    // What is there is a prefix in append order; beyond the acknowledged, at most the batch killed between commit and print.
    expect(seqs).toEqual(seqs.map((_, i) => i));
    expect(seqs.length - acked.length).toBeLessThanOrEqual(batch);
    expect((seqs.length - acked.length) % batch).toBe(0);
  });
});
