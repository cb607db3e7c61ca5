// bench/ssh: Warden's SSH pool against the OpenSSH client, in one run against one private sshd.
//   npx tsx --conditions=@warden/source bench/ssh/index.ts [rounds]
// Starts its own sshd (scripts/system/peers/sshd.sh, 50 extra ports standing for 50 hosts),
// measures, prints medians over the rounds and ratios, and stops the sshd by its pid.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Asset, HookContext } from '@warden/core';
import { silentLogger, systemClock } from '@warden/core';
import { linuxCollector } from '../../packages/plugin-ssh/src/collectors/linux.js';
import { createSshSessions } from '../../packages/plugin-ssh/src/transport/session.js';

const run = promisify(execFile);
const ROUNDS = Number(process.argv[2] ?? 5);
const SEQUENTIAL = 200;
const FRESH = 20;
const HOSTS = 50;

const state = mkdtempSync(join(tmpdir(), 'warden-bench-ssh-'));
// OpenSSH listens on at most 16 sockets per daemon: 4 daemons × 13 ports stand for 50+ hosts.
const DAEMONS = 4;
const daemons = Array.from({ length: DAEMONS }, (_, i) => {
  const name = `bench-sshd-${i + 1}`;
  execFileSync('bash', ['scripts/system/peers/sshd.sh', name], {
    env: { ...process.env, WARDEN_SYSTEM_STATE: state, SSHD_EXTRA_PORTS: '12' },
    stdio: 'inherit',
  });
  const env = new Map(
    readFileSync(join(state, `${name}.env`), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split('=') as [string, string]),
  );
  const prefix = name.toUpperCase().replace(/-/g, '_');
  const get = (k: string) => env.get(`${prefix}_${k}`) ?? '';
  return {
    pid: Number(readFileSync(join(state, `${name}.pid`), 'utf8')),
    ports: get('PORTS').split(',').map(Number),
    user: get('USER'),
    keyPath: get('CLIENT_KEY'),
    knownHosts: get('KNOWN_HOSTS'),
  };
});
const main = daemons[0]!;
const port = main.ports[0] as number;
const user = main.user;
const keyPath = main.keyPath;
const knownHosts = main.knownHosts;
const privateKey = readFileSync(keyPath, 'utf8');
const allKnownHosts = join(state, 'known_hosts.all');
writeFileSync(allKnownHosts, daemons.map((d) => readFileSync(d.knownHosts, 'utf8')).join(''));
const fleetTargets = daemons.flatMap((d) => d.ports.map((p) => ({ port: p, key: readFileSync(d.keyPath, 'utf8') }))).slice(0, HOSTS);

const ctx: HookContext = {
  signal: new AbortController().signal,
  logger: silentLogger,
  clock: systemClock,
  secrets: { reveal: async (s) => (typeof s === 'string' ? s : s.reveal()), scrub: (t) => t },
  emit: () => {},
};
const asset = (p = port, id = 'bench', key = privateKey): Asset =>
  ({ id, kind: 'host', address: '127.0.0.1', ssh: { port: p, username: user, privateKey: key } }) as Asset;
const sshArgs = (extra: string[]) => [
  '-i',
  keyPath,
  '-p',
  String(port),
  '-o',
  'BatchMode=yes',
  '-o',
  `UserKnownHostsFile=${knownHosts}`,
  '-o',
  'StrictHostKeyChecking=yes',
  '-o',
  'LogLevel=ERROR',
  ...extra,
  `${user}@127.0.0.1`,
  'true',
];
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const time = async (fn: () => Promise<unknown>) => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};

const results: Record<string, number[]> = {};
const add = (name: string, ms: number) => {
  results[name] ??= [];
  results[name].push(ms);
};

try {
  const control = join(state, 'cm-%C');
  for (let round = 1; round <= ROUNDS; round++) {
    // 1. 200 sequential commands on a kept connection.
    const pool = createSshSessions({ knownHosts });
    await pool.exec(asset(), ['true'], ctx);
    add(
      'pool: command on kept connection',
      (await time(async () => {
        for (let i = 0; i < SEQUENTIAL; i++) await pool.exec(asset(), ['true'], ctx);
      })) / SEQUENTIAL,
    );
    add(
      'pool: command, no process-group wrapper',
      (await time(async () => {
        for (let i = 0; i < SEQUENTIAL; i++) await pool.exec(asset(), ['true'], ctx, { processGroup: false });
      })) / SEQUENTIAL,
    );
    await run('ssh', sshArgs(['-o', 'ControlMaster=auto', '-o', `ControlPath=${control}`, '-o', 'ControlPersist=60']));
    add(
      'openssh: ControlMaster command',
      (await time(async () => {
        for (let i = 0; i < SEQUENTIAL; i++)
          await run('ssh', sshArgs(['-o', 'ControlMaster=auto', '-o', `ControlPath=${control}`, '-o', 'ControlPersist=60']));
      })) / SEQUENTIAL,
    );
    await run('ssh', [...sshArgs(['-o', `ControlPath=${control}`, '-O', 'exit'])]).catch(() => undefined);

    // 2. Fresh connection + command.
    add(
      'pool: fresh connection + command',
      (await time(async () => {
        for (let i = 0; i < FRESH; i++) {
          const s = createSshSessions({ knownHosts });
          await s.exec(asset(), ['true'], ctx);
          await s.dispose();
        }
      })) / FRESH,
    );
    add(
      'openssh: fresh, KexAlgorithms=curve25519-sha256',
      (await time(async () => {
        for (let i = 0; i < FRESH; i++) await run('ssh', sshArgs(['-o', 'KexAlgorithms=curve25519-sha256', '-o', 'ControlMaster=no']));
      })) / FRESH,
    );

    // 3. ssh.linux collection latency on a kept connection.
    const linux = linuxCollector(pool);
    const cctx = { ...ctx, params: {} };
    await linux.collect(asset(), cctx, {});
    add(
      'ssh.linux collection (kept connection)',
      (await time(async () => {
        for (let i = 0; i < FRESH; i++) await linux.collect(asset(), cctx, {});
      })) / FRESH,
    );
    await pool.dispose();

    // 4. 50 hosts (one connection each) collected concurrently: cold, then warm.
    const many = createSshSessions({ knownHosts: allKnownHosts });
    const fleet = linuxCollector(many);
    const assets = fleetTargets.map((t, i) => asset(t.port, `host-${i}`, t.key));
    // One context (and abort signal) per collection, as the engine gives each run.
    const each = () => ({ ...cctx, signal: new AbortController().signal });
    add(`ssh.linux on ${HOSTS} hosts at once, cold`, await time(() => Promise.all(assets.map((a) => fleet.collect(a, each(), {})))));
    add(`ssh.linux on ${HOSTS} hosts at once, warm`, await time(() => Promise.all(assets.map((a) => fleet.collect(a, each(), {})))));
    await many.dispose();
    process.stderr.write(`round ${round}/${ROUNDS} done\n`);
  }
} finally {
  for (const d of daemons) process.kill(d.pid);
}

const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
const ratio = (a: string, b: string) => ((m[a] ?? Number.NaN) / (m[b] ?? Number.NaN)).toFixed(2);
const version = spawnSync('ssh', ['-V'], { encoding: 'utf8' }).stderr.trim();
console.log(`\nbench/ssh — ${version}, ${HOSTS} hosts = ${DAEMONS} sshd × 13 ports; medians over ${ROUNDS} rounds\n`);
console.log('| measurement | median ms |');
console.log('|---|---:|');
for (const [k, v] of Object.entries(m)) console.log(`| ${k} | ${v.toFixed(2)} |`);
console.log('\n| comparison | ratio (goal ≤ 0.5) |');
console.log('|---|---:|');
console.log(`| kept connection: pool / ControlMaster | ${ratio('pool: command on kept connection', 'openssh: ControlMaster command')} |`);
console.log(
  `| fresh connection: pool / ssh curve25519 | ${ratio('pool: fresh connection + command', 'openssh: fresh, KexAlgorithms=curve25519-sha256')} |`,
);
