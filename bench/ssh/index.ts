// bench/ssh: Warden's SSH pool against the OpenSSH client, in one run against the same sshd.
//   npm run bench -- ssh        (or: npx tsx --conditions=@warden/source bench/ssh/index.ts [rounds])
// Starts its own sshd instances (scripts/system/peers/sshd.sh: 4 daemons × 13 loopback ports
// standing for 52 hosts), runs every measurement once per round — Warden and OpenSSH side by
// side, which one goes first alternating between rounds — prints medians over the rounds and
// the ratios, and stops the daemons by pid.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Asset, HookContext } from '@warden/core';
import { silentLogger, systemClock } from '@warden/core';
import { linuxCollector } from '../../packages/plugin-ssh/src/collectors/linux.js';
import { LINUX_SCRIPT } from '../../packages/plugin-ssh/src/collectors/linux-report.js';
import { createSshSessions } from '../../packages/plugin-ssh/src/transport/session.js';
import { quoteArgv } from '../../packages/plugin-ssh/src/transport/shell-quote.js';

const run = promisify(execFile);
const ROUNDS = Number(process.argv[2] ?? 7);
const SEQUENTIAL = 200;
const FRESH = 20;
const COLLECTIONS = 20;
const HOSTS = 50;
const loadBefore = loadavg();

const state = mkdtempSync(join(tmpdir(), 'warden-bench-ssh-'));
// OpenSSH listens on at most 16 sockets per daemon: 4 daemons × 13 ports stand for 50+ hosts.
const DAEMONS = 4;
const daemons = Array.from({ length: DAEMONS }, (_, i) => {
  const name = `bench-sshd-${i + 1}`;
  execFileSync('bash', ['scripts/system/peers/sshd.sh', name], {
    env: { ...process.env, WARDEN_SYSTEM_STATE: state, SSHD_EXTRA_PORTS: '12' },
    stdio: ['ignore', 'ignore', 'inherit'],
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
const { user, keyPath, knownHosts } = main;
const privateKey = readFileSync(keyPath, 'utf8');
const allKnownHosts = join(state, 'known_hosts.all');
writeFileSync(allKnownHosts, daemons.map((d) => readFileSync(d.knownHosts, 'utf8')).join(''));
const fleetTargets = daemons.flatMap((d) => d.ports.map((p) => ({ port: p, key: readFileSync(d.keyPath, 'utf8') }))).slice(0, HOSTS);

const ctx = {
  signal: new AbortController().signal,
  logger: silentLogger,
  clock: systemClock,
  secrets: {
    reveal: async (s: unknown) => (typeof s === 'string' ? s : (s as { reveal(): Promise<string> }).reveal()),
    scrub: (t: string) => t,
  },
  emit: () => {},
  assets: { get: () => undefined, list: () => [], byAddress: () => undefined },
  maintenance: { isActive: () => false, windows: () => [], schedule: () => ({ id: '', remove() {} }) },
  store: { get: async () => undefined, set: async () => {}, delete: async () => {} },
  submit: async () => {},
} as unknown as HookContext;
const asset = (p = port, id = 'bench', key = privateKey): Asset =>
  ({ id, kind: 'host', address: '127.0.0.1', ssh: { port: p, username: user, privateKey: key } }) as Asset;
const ssh = (extra: string[], command: string) =>
  run('ssh', [
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
    command,
  ]);
const control = join(state, 'cm-%C');
const master = ['-o', 'ControlMaster=auto', '-o', `ControlPath=${control}`, '-o', 'ControlPersist=600'];
const fresh = ['-o', 'KexAlgorithms=curve25519-sha256', '-o', 'ControlMaster=no', '-o', 'ControlPath=none'];
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const perCall = async (n: number, fn: () => Promise<unknown>) => {
  const t = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return (performance.now() - t) / n;
};
const once = async (fn: () => Promise<unknown>) => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};

const results = new Map<string, number[]>();
const add = (name: string, ms: number) => {
  const list = results.get(name) ?? [];
  list.push(ms);
  results.set(name, list);
};
/** Runs the pair in alternating order, so neither side always gets the warmer machine. */
const pair = async (round: number, a: () => Promise<void>, b: () => Promise<void>) => {
  if (round % 2) {
    await a();
    await b();
  } else {
    await b();
    await a();
  }
};

const K = {
  poolKept: 'pool: `true` on a kept connection',
  cmKept: 'OpenSSH ControlMaster: `ssh -S … true`',
  poolFresh: 'pool: fresh connection + `true`',
  sshFresh: 'OpenSSH `ssh -o KexAlgorithms=curve25519-sha256 … true`',
  poolLinux: '`ssh.linux` collection (pool, kept connection, parsed)',
  cmLinux: 'its script through OpenSSH ControlMaster (not parsed)',
  cold: `\`ssh.linux\` on ${HOSTS} hosts at once, cold (connect + collect)`,
  warm: `\`ssh.linux\` on ${HOSTS} hosts at once, warm (kept connections)`,
};

try {
  const pool = createSshSessions({ knownHosts });
  await pool.exec(asset(), ['true'], ctx);
  await ssh(master, 'true');
  const linux = linuxCollector(pool);
  const cctx = { ...ctx, params: {} };
  await linux.collect(asset(), cctx, {});
  const linuxLine = quoteArgv(['sh', '-c', LINUX_SCRIPT]);
  for (let round = 1; round <= ROUNDS; round++) {
    // 1. Sequential commands on a kept connection.
    await pair(
      round,
      async () => add(K.poolKept, await perCall(SEQUENTIAL, () => pool.exec(asset(), ['true'], ctx))),
      async () => add(K.cmKept, await perCall(SEQUENTIAL, () => ssh(master, 'true'))),
    );
    // 2. A fresh connection (key exchange, host key check, authentication) and one command.
    await pair(
      round,
      async () =>
        add(
          K.poolFresh,
          await perCall(FRESH, async () => {
            const s = createSshSessions({ knownHosts });
            await s.exec(asset(), ['true'], ctx);
            await s.dispose();
          }),
        ),
      async () => add(K.sshFresh, await perCall(FRESH, () => ssh(fresh, 'true'))),
    );
    // 3. ssh.linux on a kept connection, and the same script through ControlMaster.
    await pair(
      round,
      async () => add(K.poolLinux, await perCall(COLLECTIONS, () => linux.collect(asset(), cctx, {}))),
      async () => add(K.cmLinux, await perCall(COLLECTIONS, () => ssh(master, linuxLine))),
    );
    // 4. 50 hosts (one connection each) collected concurrently: cold, then warm.
    const many = createSshSessions({ knownHosts: allKnownHosts });
    const fleet = linuxCollector(many);
    const assets = fleetTargets.map((t, i) => asset(t.port, `host-${i}`, t.key));
    // One context (and abort signal) per collection, as the engine gives each run.
    const each = () => ({ ...cctx, signal: new AbortController().signal });
    add(K.cold, await once(() => Promise.all(assets.map((a) => fleet.collect(a, each(), {})))));
    add(K.warm, await once(() => Promise.all(assets.map((a) => fleet.collect(a, each(), {})))));
    await many.dispose();
    process.stderr.write(`round ${round}/${ROUNDS} done\n`);
  }
  await pool.dispose();
  await ssh([...master, '-O', 'exit'], 'true').catch(() => undefined);
} finally {
  for (const d of daemons) process.kill(d.pid);
}

const m = new Map([...results].map(([k, v]) => [k, median(v)]));
const ratio = (a: string, b: string) => ((m.get(a) ?? Number.NaN) / (m.get(b) ?? Number.NaN)).toFixed(2);
const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
const version = spawnSync('ssh', ['-V'], { encoding: 'utf8' }).stderr.trim();
console.log(`\nbench/ssh — ${version}; ${HOSTS} hosts = ${DAEMONS} sshd × 13 ports; medians over ${ROUNDS} rounds`);
console.log(`load average before: ${load(loadBefore)}, after: ${load(loadavg())}\n`);
console.log('| measurement | median ms | min | max |');
console.log('|---|---:|---:|---:|');
for (const [k, v] of results)
  console.log(`| ${k} | ${(m.get(k) ?? 0).toFixed(2)} | ${Math.min(...v).toFixed(2)} | ${Math.max(...v).toFixed(2)} |`);
console.log('\n| comparison | ratio | goal |');
console.log('|---|---:|---:|');
console.log(`| kept connection, per command: pool / ControlMaster | ${ratio(K.poolKept, K.cmKept)} | ≤ 0.5 |`);
console.log(`| fresh connection + command: pool / ssh curve25519 | ${ratio(K.poolFresh, K.sshFresh)} | ≤ 0.5 |`);
console.log(`| ssh.linux: pool / the script through ControlMaster | ${ratio(K.poolLinux, K.cmLinux)} | |`);
