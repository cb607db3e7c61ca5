// Full walk of one agent: the plugin's transport vs `snmpbulkwalk -Cr25`, interleaved round by
// round (the agent's tables change size during a run). Needs a running agent:
//   WARDEN_SNMPD_PORT=<port> npx tsx --conditions=@warden/source bench/snmp/index.ts [rounds]
import { execFileSync } from 'node:child_process';
import { SnmpDevice } from '../../packages/plugin-snmp/src/transport/device.js';
import { SocketHub } from '../../packages/plugin-snmp/src/transport/shared-socket.js';

const port = Number(process.env.WARDEN_SNMPD_PORT);
if (!port) throw new Error('set WARDEN_SNMPD_PORT (start scripts/system/peers/snmpd.sh)');
const rounds = Number(process.argv[2] ?? 7);
const hub = new SocketHub(1);
const device = new SnmpDevice(
  {
    label: 'bench',
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
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const rows: { ours: number[]; oursCpu: number[]; tool: number[]; toolCpu: number[]; oursN: number[]; toolN: number[] } = {
  ours: [],
  oursCpu: [],
  tool: [],
  toolCpu: [],
  oursN: [],
  toolN: [],
};
for (let r = 0; r < rounds; r++) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await device.walk('1.3', { deadline: Date.now() + 60_000, now: () => Date.now() });
  rows.ours.push(performance.now() - t0);
  const cpu = process.cpuUsage(cpu0);
  rows.oursCpu.push((cpu.user + cpu.system) / 1000);
  rows.oursN.push(result.varbinds.length);
  const t1 = performance.now();
  const out = execFileSync(
    'bash',
    ['-c', `TIMEFORMAT='%U %S'; { time snmpbulkwalk -v2c -c public -On -Cr25 127.0.0.1:${port} .1.3 > /tmp/bench-snmp-walk.txt; } 2>&1`],
    { encoding: 'utf8' },
  );
  rows.tool.push(performance.now() - t1);
  const [user, sys] = out.trim().split(/\s+/).map(Number);
  rows.toolCpu.push(((user ?? 0) + (sys ?? 0)) * 1000);
  rows.toolN.push(Number(execFileSync('wc', ['-l', '/tmp/bench-snmp-walk.txt'], { encoding: 'utf8' }).split(' ')[0]));
}
device.close();
hub.close();
const ours = median(rows.ours);
const tool = median(rows.tool);
console.log(`full walk of snmpd on 127.0.0.1:${port}, ${rounds} interleaved rounds (medians)`);
console.table([
  {
    client: '@warden/plugin-snmp',
    varbinds: median(rows.oursN),
    'wall ms': ours.toFixed(1),
    'cpu ms': median(rows.oursCpu).toFixed(1),
    'OIDs/s': Math.round(median(rows.oursN) / (ours / 1000)),
  },
  {
    client: 'snmpbulkwalk -Cr25',
    varbinds: median(rows.toolN),
    'wall ms': tool.toFixed(1),
    'cpu ms': median(rows.toolCpu).toFixed(1),
    'OIDs/s': Math.round(median(rows.toolN) / (tool / 1000)),
  },
]);
console.log(
  `ratio wall ${(ours / tool).toFixed(2)}x, cpu ${(median(rows.oursCpu) / median(rows.toolCpu)).toFixed(2)}x (ours / snmpbulkwalk)`,
);
