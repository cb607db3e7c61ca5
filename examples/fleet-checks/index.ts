// Fleet checks: a simulated morning of a small fleet (router → switch → web servers and a
// database), showing soft/hard states, dependencies, an aggregate, a maintenance window, a
// passive dead-man's switch and the availability report. Runs on a manual clock in milliseconds.
//
//   npx tsx --conditions=@warden/source examples/fleet-checks/index.ts
import { runFleet } from './fleet.js';

const { timeline, report } = await runFleet();
console.log('What happened (UTC):');
for (const line of timeline) console.log(`  ${line}`);

console.log('\nAvailability 08:00–12:00 (maintenance excluded):');
console.log(`  ${'asset'.padEnd(9)} ${'check'.padEnd(7)} ${'avail'.padStart(8)}  incidents  MTTR`);
for (const row of report.rows) {
  if (row.availability === undefined) continue;
  const mttr = row.mttrMs === undefined ? '-' : `${Math.round(row.mttrMs / 60_000)} min`;
  console.log(
    `  ${row.asset.padEnd(9)} ${row.check.padEnd(7)} ${`${row.availability.toFixed(2)} %`.padStart(8)}  ${String(row.incidents).padStart(9)}  ${mttr}`,
  );
}
