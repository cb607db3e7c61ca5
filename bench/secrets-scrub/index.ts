/**
 * Redactor scrub benchmark: scrubbing a 64 KiB block of log text with N remembered secrets,
 * through `createRedactor().scrub` (one combined regular expression) next to the obvious
 * peer, a loop of `text.replaceAll(value, '[redacted]')` over every value.
 *
 * Run: npx tsx --conditions=@warden/source bench/secrets-scrub/index.ts
 */
import { randomBytes } from 'node:crypto';
import { createRedactor } from '../../packages/core/src/secrets/redactor.js';

const ROUNDS = 7;
const SIZES = [10, 100, 1000];
const TEXT_BYTES = 64 * 1024;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function logText(secrets: readonly string[]): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < TEXT_BYTES; i++) {
    // One line in 20 carries a secret, as error output might.
    const extra = i % 20 === 0 ? ` auth=${secrets[i % secrets.length]}` : '';
    const line = `2025-01-01T00:00:${String(i % 60).padStart(2, '0')}Z web-${i % 7} GET /api/items/${i} 200 ${i * 13}ms${extra}`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

/** Milliseconds per call, median over ROUNDS rounds of `reps` calls. */
function time(fn: () => string, reps: number): number {
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) fn();
    rounds.push(Number(process.hrtime.bigint() - start) / 1e6 / reps);
  }
  return median(rounds);
}

const rows: string[][] = [];
for (const n of SIZES) {
  const secrets = Array.from({ length: n }, () => randomBytes(12).toString('hex'));
  const text = logText(secrets);
  const redactor = createRedactor({ maxValues: n * 3 });
  for (const s of secrets) await redactor.reveal(s);
  const naive = (): string => {
    let out = text;
    for (const s of secrets) out = out.replaceAll(s, '[redacted]');
    return out;
  };
  if (redactor.scrub(text) !== naive()) throw new Error('the two scrubbers disagree');
  const reps = n >= 1000 ? 20 : 100;
  const ours = time(() => redactor.scrub(text), reps);
  const peer = time(naive, reps);
  rows.push([String(n), `${(text.length / 1024).toFixed(0)} KiB`, ours.toFixed(3), peer.toFixed(3), (peer / ours).toFixed(2)]);
}

const header = ['secrets', 'text', 'redactor ms/scrub', 'replaceAll loop ms/scrub', 'speed-up ×'];
console.log(`Node ${process.version}, ${ROUNDS} rounds, medians`);
console.log(header.join(' | '));
for (const row of rows) console.log(row.join(' | '));
