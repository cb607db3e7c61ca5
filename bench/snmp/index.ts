// bench/snmp: the plugin against Net-SNMP's own tools and Debian's prometheus-snmp-exporter, in
// one run, interleaved round by round (agents' tables change during a run). Run it with
//   npm run bench -- snmp            (starts a private snmpd; see scripts/bench.sh)
// or, with an snmpd already running,
//   WARDEN_SNMPD_PORT=<port> npx tsx --conditions=@warden/source bench/snmp/index.ts [rounds] [agents] [manyAgents]
//
// (a) full walk of snmpd: SnmpDevice.walk vs `snmpbulkwalk -Cr25` (wall and client CPU);
// (b) snmp.interfaces in a real Warden over `agents` simulated agents vs the exporter's if_mib
//     module scraping the same agents (all targets at once on both sides);
// (c) OIDs per second per core: varbinds walked per CPU-second of this process, from (a) and (b);
// (d) file descriptors (sockets) open while polling `manyAgents` agents;
// (e) event-loop delay p99 of this process while (b) and (d) poll.
// Simulated agents: net-snmp agents in ONE child process (bench/snmp/agents.ts), each its own
// UDP port on 127.0.0.1, all serving one shared MIB of 8 interfaces whose counters grow.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { createWarden } from '@warden/core';
import { snmp } from '@warden/plugin-snmp';
import { EXPORTER, startExporter } from './exporter.js';

const snmpdPort = Number(process.env.WARDEN_SNMPD_PORT);
if (!snmpdPort) throw new Error('set WARDEN_SNMPD_PORT (npm run bench -- snmp starts scripts/system/peers/snmpd.sh)');
const rounds = Number(process.argv[2] ?? 5);
const agentCount = Number(process.argv[3] ?? 200);
const manyCount = Number(process.argv[4] ?? 1000);
const WARMUP = 2;

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

/** Open file descriptors of this process, and how many are sockets. */
function descriptors(): { all: number; sockets: number } {
  let all = 0;
  let sockets = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    all++;
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:')) sockets++;
    } catch {
      // closed while we looked
    }
  }
  return { all, sockets };
}

async function startAgents(count: number): Promise<{ ports: number[]; child: ChildProcess }> {
  const child = spawn(process.execPath, [...process.execArgv, join(import.meta.dirname, 'agents.ts'), String(count), '8'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`agents exited with ${code}`)));
  });
  return { ports: (JSON.parse(line) as { ports: number[] }).ports, child };
}

console.log(
  `bench/snmp: ${rounds} rounds (+${WARMUP} warm-up), ${agentCount} agents for (b), ${manyCount} for (d); load average ${load()}`,
);
const { ports, child: agentsChild } = await startAgents(Math.max(agentCount, manyCount));
const stateDir = mkdtempSync(join(tmpdir(), 'warden-bench-snmp-'));
const exporter = await startExporter(stateDir);

// (a) one device, the transport alone (no Warden around it) in its own warm process, like snmpbulkwalk.
const walker = spawn(process.execPath, [...process.execArgv, join(import.meta.dirname, 'walker.ts'), String(snmpdPort)], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const walkerLines = createInterface({ input: walker.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
const walkOurs = async () => {
  walker.stdin?.write('walk\n');
  const { value } = await walkerLines.next();
  return JSON.parse(value as string) as { wall: number; cpu: number; n: number };
};
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
const warden = createWarden({
  plugins: [snmp({ sockets: 1 })],
  concurrency: { global: 1024, perPlugin: 1024, perAsset: 4 },
  selfMetricsEvery: 0,
});
ports.forEach((port, k) => {
  warden.assets.add({
    id: `agent-${k}`,
    kind: 'network-device',
    address: '127.0.0.1',
    labels: { group: k < agentCount ? 'b' : 'd' },
    snmp: { version: '2c', port, community: 'public' },
  });
});
warden.collect({ collector: 'snmp.interfaces', assets: 'kind=network-device', every: '1h' });
let samples = 0;
let failures = 0;
warden.on('collect:completed', (e) => {
  samples += e.samples;
});
warden.on('collect:error', () => {
  failures++;
});
const pollOurs = async (selector: string) => {
  samples = 0;
  failures = 0;
  // A fresh histogram per poll: it sees only this poll's event-loop delays (5 ms resolution).
  const eld = monitorEventLoopDelay({ resolution: 5 });
  eld.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await warden.runOnce({ assets: selector });
  const wall = performance.now() - t0;
  const cpu = cpuMs(cpu0);
  eld.disable();
  return { wall, cpu, samples, failures, p99: eld.percentile(99) / 1e6, max: eld.max / 1e6 };
};
const pollExporter = async () => {
  const cpu0 = exporter.cpuSeconds();
  const t0 = performance.now();
  const lines = await Promise.all(ports.slice(0, agentCount).map((port) => exporter.scrape(port)));
  return { wall: performance.now() - t0, cpu: (exporter.cpuSeconds() - cpu0) * 1000, lines: lines.reduce((a, b) => a + b, 0) };
};

const a = { ours: [] as ReturnType<typeof walkTool>[], tool: [] as ReturnType<typeof walkTool>[] };
const b = { ours: [] as Awaited<ReturnType<typeof pollOurs>>[], exporter: [] as Awaited<ReturnType<typeof pollExporter>>[] };
for (let r = 0; r < WARMUP + rounds; r++) {
  const keep = r >= WARMUP;
  // Alternate who goes first, so neither always meets a warmer agent.
  const order = r % 2 === 0 ? ['ours', 'peer'] : ['peer', 'ours'];
  for (const who of order) {
    if (who === 'ours') {
      const x = await walkOurs();
      if (keep) a.ours.push(x);
    } else {
      const x = walkTool();
      if (keep) a.tool.push(x);
    }
  }
  for (const who of order) {
    if (who === 'ours') {
      const x = await pollOurs('group=b');
      if (keep) b.ours.push(x);
    } else {
      const x = await pollExporter();
      if (keep) b.exporter.push(x);
    }
  }
  console.log(`round ${r + 1}${keep ? '' : ' (warm-up)'} done; load average ${load()}`);
}

// (d) + (e): all agents at once, sampling descriptors while it polls.
const before = descriptors();
let peak = before;
const sampler = setInterval(() => {
  const now = descriptors();
  if (now.all > peak.all) peak = now;
}, 20);
const many = await pollOurs('kind=network-device');
clearInterval(sampler);

await warden.stop();
walker.stdin?.end();
exporter.stop();
agentsChild.stdin?.end();
rmSync(stateDir, { recursive: true, force: true });

const pick = <T>(xs: T[], f: (x: T) => number) => median(xs.map(f));
console.log(`\n(a) full walk of snmpd 127.0.0.1:${snmpdPort}, medians of ${rounds} rounds`);
console.table([
  {
    client: '@warden/plugin-snmp SnmpDevice.walk (warm process)',
    varbinds: pick(a.ours, (x) => x.n),
    'wall ms': fmt(pick(a.ours, (x) => x.wall)),
    'client cpu ms': fmt(pick(a.ours, (x) => x.cpu)),
  },
  {
    client: 'snmpbulkwalk -v2c -Cr25 -On',
    varbinds: pick(a.tool, (x) => x.n),
    'wall ms': fmt(pick(a.tool, (x) => x.wall)),
    'client cpu ms': fmt(pick(a.tool, (x) => x.cpu)),
  },
]);
const wallRatio = pick(a.ours, (x) => x.wall) / pick(a.tool, (x) => x.wall);
const cpuRatio = pick(a.ours, (x) => x.cpu) / pick(a.tool, (x) => x.cpu);
console.log(`ratio ours/snmpbulkwalk: wall ${fmt(wallRatio, 2)}x (goal <= 1.1), client cpu ${fmt(cpuRatio, 2)}x (goal <= 1.5)`);

console.log(`\n(b) snmp.interfaces over ${agentCount} agents (all at once), medians of ${rounds} rounds`);
console.table([
  {
    poller: 'Warden runOnce, snmp.interfaces',
    'wall ms': fmt(pick(b.ours, (x) => x.wall)),
    'cpu ms': fmt(pick(b.ours, (x) => x.cpu)),
    output: `${pick(b.ours, (x) => x.samples)} samples`,
    failed: Math.max(...b.ours.map((x) => x.failures)),
  },
  {
    poller: `${EXPORTER} 0.21 if_mib`,
    'wall ms': fmt(pick(b.exporter, (x) => x.wall)),
    'cpu ms': fmt(pick(b.exporter, (x) => x.cpu)),
    output: `${pick(b.exporter, (x) => x.lines)} series`,
    failed: 0,
  },
]);
console.log(
  `ratio ours/exporter: wall ${fmt(pick(b.ours, (x) => x.wall) / pick(b.exporter, (x) => x.wall), 2)}x (goal <= 0.5), cpu ${fmt(
    pick(b.ours, (x) => x.cpu) / pick(b.exporter, (x) => x.cpu),
    2,
  )}x (exporter cpu excludes this process's HTTP client)`,
);

// Per agent: sysUpTime + 15 ifTable and 11 ifXTable columns of 8 interfaces (+1 past the end per table).
const perAgent = 1 + 8 * (15 + 11);
const walkRate = pick(a.ours, (x) => x.n) / (pick(a.ours, (x) => x.cpu) / 1000);
const pollRate = (agentCount * perAgent) / (pick(b.ours, (x) => x.cpu) / 1000);
console.log(
  `\n(c) OIDs per CPU-second of this process: ${Math.round(walkRate)} walking snmpd (a), ${Math.round(pollRate)} with mapping and storage in Warden (b) (goal >= 10000)`,
);
console.log(
  `(d) ${manyCount} agents polled at once in ${fmt(many.wall, 0)} ms (${many.failures} failed, ${many.samples} samples): ` +
    `file descriptors ${before.all} before, peak ${peak.all} while polling (sockets ${before.sockets} → ${peak.sockets})`,
);
console.log(
  `(e) event-loop delay p99 per poll (monitorEventLoopDelay, 5 ms resolution): ${agentCount} agents median ${fmt(pick(b.ours, (x) => x.p99))} ms, ` +
    `worst ${fmt(Math.max(...b.ours.map((x) => x.p99)))} ms (max single delay ${fmt(Math.max(...b.ours.map((x) => x.max)))} ms); ` +
    `${manyCount} agents p99 ${fmt(many.p99)} ms, max ${fmt(many.max)} ms (goal p99 < 20 ms)`,
);
console.log(`load average at the end: ${load()}`);
