/**
 * Child process of the SIGKILL durability test: appends state changes to the store in batches,
 * forever, and prints a batch's number on stdout only after its `appendStateChanges` resolved
 * (stdout to a pipe is synchronous on Linux, so a number the parent reads was acknowledged).
 * Every batch also upserts the writer's check state and an incident, so all three tables are
 * being written when the kill lands.
 *
 * With a fourth argument `early`, it lies: prints each number first and commits a minute later —
 * the negative control showing the parent's check catches an acknowledgement without a commit.
 *
 * Usage: node --conditions=@warden/source --import tsx append-writer.ts <path> <full|normal> <batchSize> [early]
 */
import { createSqliteStore } from '../../src/sqlite-store.js';

const [path, synchronous, size, mode] = process.argv.slice(2);
if (path === undefined || (synchronous !== 'full' && synchronous !== 'normal'))
  throw new Error('usage: append-writer <path> <full|normal> <batchSize>');
const batchSize = Number(size);
const store = createSqliteStore({ path, synchronous });
const T0 = Date.UTC(2024, 0, 1);

for (let batch = 0; ; batch++) {
  const records = Array.from({ length: batchSize }, (_, i) => ({
    check: 'kill',
    asset: `b${batch}`,
    at: T0 + batch * batchSize + i,
    status: i % 2 === 0 ? ('critical' as const) : ('ok' as const),
    previous: i % 2 === 0 ? ('ok' as const) : ('critical' as const),
    stateType: 'hard' as const,
  }));
  if (mode === 'early') {
    process.stdout.write(`${batch}\n`);
    await new Promise((resolve) => setTimeout(resolve, 60_000));
  }
  await store.appendStateChanges(records);
  if (mode !== 'early') process.stdout.write(`${batch}\n`);
  await store.saveCheckStates([{ check: 'kill', asset: 'writer', status: 'ok', stateType: 'hard', attempt: batch + 1 }]);
  await store.saveIncidents([
    {
      id: `inc-${batch}`,
      check: 'kill',
      asset: `b${batch}`,
      problemId: `kill@b${batch}`,
      state: 'open',
      severity: 'critical',
      summary: `batch ${batch}`,
      openedAt: T0 + batch,
      updatedAt: T0 + batch,
      flapping: false,
      notified: false,
      timeline: [{ at: T0 + batch, kind: 'opened', status: 'critical' }],
    },
  ]);
}
