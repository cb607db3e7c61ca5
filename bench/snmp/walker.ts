// The walking client of bench/snmp (a), run as its own long-lived process like snmpbulkwalk
// is, so the Warden of (b) and (d) in the bench process does not weigh on its CPU time. It first
// walks WARMUP_PORT's agent WARMUP times (V8 compiles the hot path as a long-running poller has
// it), prints `ready`, then each line on stdin walks `.1.3` of PORT's agent once and answers one
// JSON line { wall, cpu, n, complete }. Lines `eld` / `eld-end` measure its own event-loop delay
// in between (a control for the bench's event-loop figures: the walker is idle then).
//   npx tsx --conditions=@warden/source bench/snmp/walker.ts PORT [WARMUP_PORT WARMUP]
import { type IntervalHistogram, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { getHeapSpaceStatistics } from 'node:v8';
import { SnmpDevice } from '../../packages/plugin-snmp/src/transport/device.js';
import { SocketHub } from '../../packages/plugin-snmp/src/transport/shared-socket.js';

const port = Number(process.argv[2]);
const hub = new SocketHub(1);
const device = new SnmpDevice(
  {
    label: 'snmpd',
    host: '127.0.0.1',
    port,
    version: '2c',
    community: 'public',
    timeoutMs: 2000,
    retries: 1,
    maxRepetitions: 25,
    bulk: true,
    concurrency: 1,
  },
  hub,
);
const warmupPort = Number(process.argv[3] ?? 0);
if (warmupPort > 0) {
  const warm = new SnmpDevice({ ...device.settings, label: 'warm-up', port: warmupPort }, hub);
  for (let i = 0; i < Number(process.argv[4] ?? 100); i++) await warm.walk('1.3', { deadline: Date.now() + 60_000, now: Date.now });
  warm.close();
}
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
let control: IntervalHistogram | undefined;
for await (const line of lines) {
  // A control for (e): an idle Node process's own event-loop delay while the bench polls.
  if (line === 'eld') {
    control = monitorEventLoopDelay({ resolution: 5 });
    control.enable();
    process.stdout.write('{}\n');
    continue;
  }
  if (line === 'eld-end') {
    control?.disable();
    process.stdout.write(`${JSON.stringify({ p99: (control?.percentile(99) ?? 0) / 1e6, max: (control?.max ?? 0) / 1e6 })}\n`);
    continue;
  }
  // What V8's garbage collector did during the walk (its pauses are in the CPU figure).
  const gcs: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcs.push(entry.duration);
  });
  observer.observe({ entryTypes: ['gc'] });
  const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await device.walk('1.3', { deadline: Date.now() + 60_000, now: Date.now });
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await new Promise((resolve) => setImmediate(resolve)); // the observer is told on a later turn
  observer.disconnect();
  process.stdout.write(
    `${JSON.stringify({ wall, cpu: (cpu.user + cpu.system) / 1000, n: result.varbinds.length, complete: result.complete, gcs: gcs.length, gcMs: gcs.reduce((a, b) => a + b, 0), newSpace })}\n`,
  );
}
device.close();
hub.close();
