// bench/snmp: the plugin against Net-SNMP's own tools and Debian's prometheus-snmp-exporter, in
// one run, interleaved round by round (agents' tables change during a run). Run it with
//   npm run bench -- snmp            (starts a private snmpd; see scripts/bench.sh)
// or, with an snmpd already running,
//   WARDEN_SNMPD_PORT=<port> npx tsx --conditions=@warden/source bench/snmp/index.ts [rounds] [agents] [manyAgents]
// or only part (b), which needs no snmpd of its own (the fleet is started here):
//   npx tsx --conditions=@warden/source bench/snmp/index.ts --only=b [rounds] [agents]
//
// (a) full walk of snmpd: SnmpDevice.walk vs `snmpbulkwalk -Cr25` (wall and client CPU), first in
//     rounds of its own, then again in each round right after (b);
// (b) snmp.interfaces in a real Warden over `agents` snmpd instances vs the exporter's if_mib
//     module scraping the same agents (all targets at once on both sides), with bare net-snmp
//     sessions reading the same tables with no mapping as the floor (bench/snmp/bare.ts);
// (c) OIDs per second per core: OIDs read per CPU-second of the polling process, from (a) and (b);
// (d) file descriptors (UDP sockets) open while polling `manyAgents` agents;
// (e) event-loop delay p99 of this process while (b) and (d) poll, with an idle process as control.
// Agents, loopback only: for (b), `agents` real snmpd instances (scripts/system/peers/
// snmpd-fleet.sh: system group + IF-MIB, this machine's interfaces) — the C agent is fast
// enough that the clients, not the agents, set the pace; for (d), `manyAgents` simulated
// net-snmp agents in ONE child process (bench/snmp/agents.ts), each on its own UDP port, all
// serving one shared MIB of 8 interfaces whose counters grow.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { createWarden } from '@warden/core';
import { snmp } from '@warden/plugin-snmp';
import { bareNetSnmp } from './bare.js';
import { EXPORTER, startExporter } from './exporter.js';

// scripts/bench.sh runs this bench compiled (scripts/build-bench.ts → .tmp/bench/snmp/*.js); it
// also runs from source under tsx. The processes it spawns are its compiled or source siblings.
const compiled = import.meta.url.endsWith('.js');
const sibling = (name: string): string => join(import.meta.dirname, `${name}.${compiled ? 'js' : 'ts'}`);
const repoRoot = join(import.meta.dirname, compiled ? '../../..' : '../..');
const args = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const onlyB = process.argv.includes('--only=b');
const snmpdPort = Number(process.env.WARDEN_SNMPD_PORT);
if (!snmpdPort && !onlyB) throw new Error('set WARDEN_SNMPD_PORT (npm run bench -- snmp starts scripts/system/peers/snmpd.sh)');
const rounds = Number(args[0] ?? 5);
const agentCount = Number(args[1] ?? 200);
const manyCount = onlyB ? 0 : Number(args[2] ?? 1000);
const WARMUP = 3;
const MANY_POLLS = 3;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const cpuMs = (since: NodeJS.CpuUsage): number => {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1000;
};
const fmt = (x: number, digits = 1): string => x.toFixed(digits);
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** Open file descriptors of this process, and how many of them are UDP sockets. */
function descriptors(): { all: number; udp: number } {
  const udpInodes = new Set<string>();
  for (const table of ['/proc/net/udp', '/proc/net/udp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const inode = line.trim().split(/\s+/)[9];
      if (inode) udpInodes.add(inode);
    }
  }
  let all = 0;
  let udp = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    all++;
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`))?.[1];
      if (inode && udpInodes.has(inode)) udp++;
    } catch {
      // closed while we looked
    }
  }
  return { all, udp };
}

/** Starts `count` snmpd instances through the peer script; returns their ports and a stopper. */
function startSnmpdFleet(count: number, dir: string): { ports: number[]; kill(): number[]; stop(): Promise<void> } {
  execFileSync('bash', [join(repoRoot, 'scripts/system/peers/snmpd-fleet.sh'), String(count)], {
    env: { ...process.env, WARDEN_SYSTEM_STATE: dir },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const env = readFileSync(join(dir, 'snmpd-fleet.env'), 'utf8');
  const ports = (/WARDEN_SNMPD_FLEET_PORTS=([\d,]+)/.exec(env)?.[1] ?? '').split(',').map(Number);
  const pids = readdirSync(dir)
    .filter((file) => /^snmpd-fleet-\d+\.pid$/.test(file))
    .map((file) => Number(readFileSync(join(dir, file), 'utf8').trim()));
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const kill = (): number[] => {
    const left = pids.filter(alive);
    for (const pid of left) process.kill(pid);
    return left;
  };
  return {
    ports,
    kill,
    // snmpd saves its state as it exits: wait for that before the state directory goes.
    async stop() {
      let left = kill();
      for (let i = 0; i < 200 && left.length > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        left = left.filter(alive);
      }
    },
  };
}

async function startAgents(count: number): Promise<{ ports: number[]; child: ChildProcess }> {
  const child = spawn(process.execPath, [...process.execArgv, sibling('agents'), String(count), '8'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`agents exited with ${code}`)));
  });
  return { ports: (JSON.parse(line) as { ports: number[] }).ports, child };
}

console.log(
  `bench/snmp: ${rounds} rounds (+${WARMUP} warm-up), ${agentCount} snmpd instances for (b), ${manyCount} simulated agents for (d); load average ${load()}`,
);
const stateDir = mkdtempSync(join(tmpdir(), 'warden-bench-snmp-'));
const fleet = startSnmpdFleet(agentCount, stateDir);
process.on('exit', () => fleet.kill());
const { ports: simPorts, child: agentsChild } = onlyB ? { ports: [] as number[], child: undefined } : await startAgents(manyCount);
const exporter = await startExporter(stateDir);
// What one agent holds for (b): sysUpTime, ifTable and ifXTable, as snmpbulkwalk counts them (the
// exporter reads all of it; snmp.interfaces reads only the columns it maps: the floor row's count).
const countWalk = (oid: string) =>
  Number(
    execFileSync('bash', ['-c', `snmpbulkwalk -v2c -c public -On -Cr25 127.0.0.1:${fleet.ports[0]} ${oid} | wc -l`], { encoding: 'utf8' }),
  );
const perAgent = 1 + countWalk('1.3.6.1.2.1.2.2.1') + countWalk('1.3.6.1.2.1.31.1.1.1');

// (a) one device, the transport alone (no Warden around it) in its own warm process, like snmpbulkwalk.
// It first walks the same snmpd WALKER_WARMUP times, as a poller that has been running a while has
// walked its devices: V8 compiles the hot path for the values this agent sends. (Warming it on a
// simulated agent, whose answers hold a few value types only, left code that snmpd's varied
// answers deoptimised in every timed walk: 1.2× snmpbulkwalk's CPU instead of 0.87× in a
// side-by-side run.)
const WALKER_WARMUP = 30;
// With --only=b it only serves as the idle control process of (e), warmed on nothing.
const walker = spawn(
  process.execPath,
  [...process.execArgv, sibling('walker'), String(snmpdPort), String(onlyB ? 0 : snmpdPort), String(WALKER_WARMUP)],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
const walkerLines = createInterface({ input: walker.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
if ((await walkerLines.next()).value !== 'ready') throw new Error('the walker did not start');
const ask = async <T>(line: string): Promise<T> => {
  walker.stdin?.write(`${line}\n`);
  const { value } = await walkerLines.next();
  return JSON.parse(value as string) as T;
};
const walkOurs = () => ask<{ wall: number; cpu: number; n: number; gcMs: number }>('walk');
const walkTool = () => {
  const t0 = performance.now();
  const out = execFileSync(
    'bash',
    ['-c', `TIMEFORMAT='%U %S'; { time snmpbulkwalk -v2c -c public -On -Cr25 127.0.0.1:${snmpdPort} .1.3 | wc -l; } 2>&1`],
    { encoding: 'utf8' },
  );
  const wall = performance.now() - t0;
  const [n, user, sys] = out.trim().split(/\s+/).map(Number);
  return { wall, cpu: ((user ?? 0) + (sys ?? 0)) * 1000, n: n ?? 0 };
};

// (b) snmp.interfaces in a Warden: assets group=b (the first agentCount) and group=d (all).
let samples = 0;
let failures = 0;
const simAsset = (port: number, k: number) => ({
  id: `sim-${k}`,
  kind: 'network-device',
  address: '127.0.0.1',
  labels: { group: 'd' },
  // One process answers for all of them: give it time.
  snmp: { version: '2c' as const, port, community: 'public', timeout: '5s', deadline: '120s' },
});
const counted = (w: ReturnType<typeof createWarden>) => {
  w.collect({ collector: 'snmp.interfaces', assets: 'kind=network-device', every: '1h' });
  w.on('collect:completed', (e) => {
    samples += e.samples;
  });
  w.on('collect:error', () => {
    failures++;
  });
  return w;
};
const warden = createWarden({
  plugins: [snmp({ sockets: 1 })],
  concurrency: { global: 1024, perPlugin: 1024, perAsset: 4 },
  selfMetricsEvery: 0,
});
fleet.ports.forEach((port, k) => {
  warden.assets.add({
    id: `snmpd-${k}`,
    kind: 'network-device',
    address: '127.0.0.1',
    labels: { group: 'b' },
    snmp: { version: '2c', port, community: 'public' },
  });
});
for (const [k, port] of simPorts.entries()) warden.assets.add(simAsset(port, k));
counted(warden);
// (e) again with Warden's default concurrency limits (64 in all, 32 per plugin) instead of all
// 1,000 collections in flight at once.
const paced = createWarden({ plugins: [snmp({ sockets: 1 })], selfMetricsEvery: 0 });
for (const [k, port] of simPorts.entries()) paced.assets.add(simAsset(port, k));
counted(paced);
const pollOurs = async (selector: string, w = warden) => {
  samples = 0;
  failures = 0;
  // A fresh histogram per poll: it sees only this poll's event-loop delays (5 ms resolution);
  // the idle walker process measures its own meanwhile, as a control for the machine's share.
  await ask('eld');
  const eld = monitorEventLoopDelay({ resolution: 5 });
  eld.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await w.runOnce({ assets: selector });
  const wall = performance.now() - t0;
  const cpu = cpuMs(cpu0);
  eld.disable();
  const idleProcess = await ask<{ p99: number; max: number }>('eld-end');
  return { wall, cpu, samples, failures, p99: eld.percentile(99) / 1e6, max: eld.max / 1e6, controlP99: idleProcess.p99 };
};
const pollExporter = async () => {
  const cpu0 = exporter.cpuSeconds();
  const t0 = performance.now();
  const lines = await Promise.all(fleet.ports.map((port) => exporter.scrape(port)));
  return { wall: performance.now() - t0, cpu: (exporter.cpuSeconds() - cpu0) * 1000, lines: lines.reduce((a, b) => a + b, 0) };
};
const bareTables = bareNetSnmp(fleet.ports, 'tables');
const bareColumns = bareNetSnmp(fleet.ports, 'columns');
const pollBare = async (bare: typeof bareTables) => {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { varbinds, failures } = await bare.poll();
  return { wall: performance.now() - t0, cpu: cpuMs(cpu0), varbinds, failures };
};

// The floor: event-loop delay of this process doing nothing, under the same machine load.
const idle = monitorEventLoopDelay({ resolution: 5 });
idle.enable();
await new Promise((resolve) => setTimeout(resolve, 2000));
idle.disable();

const a = { ours: [] as Awaited<ReturnType<typeof walkOurs>>[], tool: [] as ReturnType<typeof walkTool>[] };
// (a) twice: first in rounds of its own (nothing else runs between the walks), then again in the
// rounds below, each walk right after (b) has loaded both cores with 200 snmpd, the exporter and a
// Warden. The walker is a JIT-compiled process that has sat idle through that load, and it pays
// for it in CPU more than snmpbulkwalk, a small C program started afresh, does.
const quiet = { ours: [] as Awaited<ReturnType<typeof walkOurs>>[], tool: [] as ReturnType<typeof walkTool>[] };
const walkBoth = async (r: number, into: typeof quiet, keep: boolean): Promise<void> => {
  // Alternate who goes first, so neither always meets a warmer agent.
  for (const who of r % 2 === 0 ? ['ours', 'peer'] : ['peer', 'ours']) {
    if (who === 'ours') {
      const x = await walkOurs();
      if (keep) into.ours.push(x);
    } else {
      const x = walkTool();
      if (keep) into.tool.push(x);
    }
  }
};
for (let r = 0; r < (onlyB ? 0 : WARMUP + rounds); r++) await walkBoth(r, quiet, r >= WARMUP);
const b = {
  ours: [] as Awaited<ReturnType<typeof pollOurs>>[],
  bareColumns: [] as Awaited<ReturnType<typeof pollBare>>[],
  bareTables: [] as Awaited<ReturnType<typeof pollBare>>[],
  exporter: [] as Awaited<ReturnType<typeof pollExporter>>[],
};
for (let r = 0; r < WARMUP + rounds; r++) {
  const keep = r >= WARMUP;
  if (!onlyB) await walkBoth(r, a, keep);
  // (b) has four rows: rotate who goes first.
  const rowsB = ['ours', 'bareColumns', 'bareTables', 'peer'];
  for (let k = 0; k < rowsB.length; k++) {
    const who = rowsB[(r + k) % rowsB.length];
    if (who === 'ours') {
      const x = await pollOurs('group=b');
      if (keep) b.ours.push(x);
    } else if (who === 'bareColumns' || who === 'bareTables') {
      const x = await pollBare(who === 'bareColumns' ? bareColumns : bareTables);
      if (keep) b[who].push(x);
    } else {
      const x = await pollExporter();
      if (keep) b.exporter.push(x);
    }
  }
  console.log(`round ${r + 1}${keep ? '' : ' (warm-up)'} done; load average ${load()}`);
}

// The bare clients' 400 sockets must not count in (d).
bareColumns.close();
bareTables.close();
await new Promise((resolve) => setTimeout(resolve, 200)); // sockets close on a later turn

// (d) + (e): all agents at once, sampling descriptors while it polls.
const before = descriptors();
let peak = before;
const sampler = setInterval(() => {
  const now = descriptors();
  if (now.all > peak.all) peak = now;
}, 20);
// Three polls of all of them: (e) reports the median p99 (one poll is one sample of a noisy figure).
const manyPolls: Awaited<ReturnType<typeof pollOurs>>[] = [];
for (let k = 0; k < (onlyB ? 0 : MANY_POLLS); k++) manyPolls.push(await pollOurs('group=d'));
const many = manyPolls[0];
clearInterval(sampler);
const pacedPolls: Awaited<ReturnType<typeof pollOurs>>[] = [];
for (let k = 0; k < (onlyB ? 0 : MANY_POLLS); k++) pacedPolls.push(await pollOurs('group=d', paced));

await warden.stop();
await paced.stop();
walker.stdin?.end();
exporter.stop();
agentsChild?.stdin?.end();
await fleet.stop();
rmSync(stateDir, { recursive: true, force: true, maxRetries: 5 });

const pick = <T>(xs: T[], f: (x: T) => number) => median(xs.map(f));
if (!onlyB) {
  const reportWalks = (title: string, walks: typeof quiet): void => {
    console.log(`\n(a) full walk of snmpd 127.0.0.1:${snmpdPort}, ${title}, medians of ${rounds} rounds`);
    console.table([
      {
        client: `@warden/plugin-snmp SnmpDevice.walk (process warmed by ${WALKER_WARMUP} walks of it)`,
        varbinds: pick(walks.ours, (x) => x.n),
        'wall ms': fmt(pick(walks.ours, (x) => x.wall)),
        'client cpu ms': fmt(pick(walks.ours, (x) => x.cpu)),
        'of which GC ms': fmt(pick(walks.ours, (x) => x.gcMs)),
      },
      {
        client: 'snmpbulkwalk -v2c -Cr25 -On',
        varbinds: pick(walks.tool, (x) => x.n),
        'wall ms': fmt(pick(walks.tool, (x) => x.wall)),
        'client cpu ms': fmt(pick(walks.tool, (x) => x.cpu)),
      },
    ]);
    const perRound = (xs: Array<{ cpu: number }>) => xs.map((x) => fmt(x.cpu, 0)).join(', ');
    console.log(`client cpu ms per round: ours ${perRound(walks.ours)}; snmpbulkwalk ${perRound(walks.tool)}`);
    const wallRatio = pick(walks.ours, (x) => x.wall) / pick(walks.tool, (x) => x.wall);
    const cpuRatio = pick(walks.ours, (x) => x.cpu) / pick(walks.tool, (x) => x.cpu);
    console.log(`ratio ours/snmpbulkwalk: wall ${fmt(wallRatio, 2)}x (goal <= 1.1), client cpu ${fmt(cpuRatio, 2)}x (goal <= 1.5)`);
  };
  reportWalks('in rounds of their own', quiet);
  reportWalks("each right after (b)'s polls", a);
}

const perAgentRead = pick(b.bareColumns, (x) => x.varbinds) / agentCount;
console.log(
  `\n(b) snmp.interfaces over ${agentCount} snmpd instances (all at once; ${perAgent} OIDs each, of which snmp.interfaces reads ${perAgentRead}), medians of ${rounds} rounds`,
);
console.table([
  {
    poller: 'Warden runOnce, snmp.interfaces',
    'wall ms': fmt(pick(b.ours, (x) => x.wall)),
    'cpu ms': fmt(pick(b.ours, (x) => x.cpu)),
    output: `${pick(b.ours, (x) => x.samples)} samples`,
    failed: Math.max(...b.ours.map((x) => x.failures)),
  },
  ...(
    [
      ['bareColumns', 'bare net-snmp, same requests as ours, no mapping (floor)'],
      ['bareTables', "bare net-snmp, the exporter's requests (whole tables)"],
    ] as const
  ).map(([row, poller]) => ({
    poller,
    'wall ms': fmt(pick(b[row], (x) => x.wall)),
    'cpu ms': fmt(pick(b[row], (x) => x.cpu)),
    output: `${pick(b[row], (x) => x.varbinds)} varbinds`,
    failed: Math.max(...b[row].map((x) => x.failures)),
  })),
  {
    poller: `${EXPORTER} 0.21 if_mib`,
    'wall ms': fmt(pick(b.exporter, (x) => x.wall)),
    'cpu ms': fmt(pick(b.exporter, (x) => x.cpu)),
    output: `${pick(b.exporter, (x) => x.lines)} series`,
    failed: 0,
  },
]);
const bWall = (xs: Array<{ wall: number }>) => pick(xs, (x) => x.wall);
console.log(
  `ratio to the exporter's wall: floor ${fmt(bWall(b.bareColumns) / bWall(b.exporter), 2)}x, bare whole tables ${fmt(
    bWall(b.bareTables) / bWall(b.exporter),
    2,
  )}x; ours/floor: wall ${fmt(bWall(b.ours) / bWall(b.bareColumns), 2)}x, cpu ${fmt(
    pick(b.ours, (x) => x.cpu) / pick(b.bareColumns, (x) => x.cpu),
    2,
  )}x`,
);
console.log(
  `ratio ours/exporter: wall ${fmt(pick(b.ours, (x) => x.wall) / pick(b.exporter, (x) => x.wall), 2)}x (goal <= 0.5), cpu ${fmt(
    pick(b.ours, (x) => x.cpu) / pick(b.exporter, (x) => x.cpu),
    2,
  )}x (exporter cpu excludes this process's HTTP client)`,
);

if (!onlyB && many) {
  const walkRate = pick(a.ours, (x) => x.n) / (pick(a.ours, (x) => x.cpu) / 1000); // the slower of the two (a) figures
  const pollRate = (agentCount * perAgentRead) / (pick(b.ours, (x) => x.cpu) / 1000);
  console.log(
    `\n(c) OIDs per CPU-second of this process: ${Math.round(walkRate)} walking snmpd (a), ${Math.round(pollRate)} with mapping and storage in Warden (b) (goal >= 10000)`,
  );
  console.log(
    `(d) ${manyCount} agents polled at once in ${fmt(
      pick(manyPolls, (x) => x.wall),
      0,
    )} ms (median of ${manyPolls.length} polls; ${Math.max(...manyPolls.map((x) => x.failures))} failed, ${many.samples} samples): ` +
      `file descriptors of this process ${before.all} before, peak ${peak.all} while polling; UDP sockets ${before.udp} before, peak ${peak.udp}`,
  );
  console.log(
    `(e) event-loop delay p99 per poll (monitorEventLoopDelay, 5 ms resolution): ${agentCount} agents median ${fmt(pick(b.ours, (x) => x.p99))} ms, ` +
      `worst ${fmt(Math.max(...b.ours.map((x) => x.p99)))} ms (max single delay ${fmt(Math.max(...b.ours.map((x) => x.max)))} ms); ` +
      `${manyCount} agents median p99 ${fmt(pick(manyPolls, (x) => x.p99))} ms (polls: ${manyPolls.map((x) => fmt(x.p99)).join(', ')}), ` +
      `max ${fmt(Math.max(...manyPolls.map((x) => x.max)))} ms (goal p99 < 20 ms). Controls: this process idle before ` +
      `the polls p99 ${fmt(idle.percentile(99) / 1e6)} ms; an idle Node process (the walker) during the same polls p99 ` +
      `${fmt(pick(b.ours, (x) => x.controlP99))} ms (${agentCount} agents), ${fmt(pick(manyPolls, (x) => x.controlP99))} ms (${manyCount} agents)`,
  );
  console.log(
    `(e) ${manyCount} agents with Warden's default concurrency (64 in all, 32 per plugin): median p99 ${fmt(pick(pacedPolls, (x) => x.p99))} ms ` +
      `(polls: ${pacedPolls.map((x) => fmt(x.p99)).join(', ')}), max ${fmt(Math.max(...pacedPolls.map((x) => x.max)))} ms, ` +
      `in ${fmt(
        pick(pacedPolls, (x) => x.wall),
        0,
      )} ms (${Math.max(...pacedPolls.map((x) => x.failures))} failed); control ${fmt(pick(pacedPolls, (x) => x.controlP99))} ms`,
  );
} else {
  console.log(
    `(e) event-loop delay p99 per poll of ${agentCount} agents: median ${fmt(pick(b.ours, (x) => x.p99))} ms, worst ${fmt(Math.max(...b.ours.map((x) => x.p99)))} ms`,
  );
}
console.log(`load average at the end: ${load()}`);
