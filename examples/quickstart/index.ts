// Warden quickstart: watch this machine and a small HTTP service, print what was found, and exit
// with the Nagios exit code of the run (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
//
//   npm run quickstart                 one pass, then exit
//   npm run quickstart -- --watch      one pass, then run on a schedule for a few seconds
//   npm run quickstart -- --unhealthy  the HTTP service answers 503, to see a CRITICAL run
//
// With the system suite's SNMP agent and SSH server around (WARDEN_SNMPD_PORT, SSHD_*; see
// peers.ts), it watches them too.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { createWarden, type RunReport, type Warden } from '@warden/core';
import { findPeers } from './peers.js';

const watch = process.argv.includes('--watch');
const unhealthy = process.argv.includes('--unhealthy');

// A service to watch: a tiny HTTP server on a free loopback port.
const service = createServer((req, res) => {
  if (req.url !== '/health') res.writeHead(404).end('not found\n');
  else if (unhealthy) res.writeHead(503).end('database unavailable\n');
  else res.writeHead(200).end('ok\n');
});
await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
const { port } = service.address() as AddressInfo;

// An SNMP agent and an SSH server to watch as well, when the environment names them.
const peers = await findPeers();
for (const line of peers.found) console.log(`found ${line}`);

// `await using`: the Warden is stopped when this module's top-level scope ends, even on a throw.
await using warden = createWarden({ plugins: peers.plugins });

// The inventory: this machine, and the service running on it.
warden.assets.add({ id: 'self', kind: 'host', name: hostname() });
warden.assets.add({ id: 'web', kind: 'service', address: '127.0.0.1', dependsOn: ['self'], labels: { role: 'web' } });

// Metrics of this machine (CPU, memory, filesystems, network), every 5 seconds.
warden.collect({ collector: 'host.local', assets: { ids: ['self'] }, every: '5s' });

// Is the port open? The built-in `tcp` probe; `{address}` defaults to the asset's address.
warden.check({ id: 'web-port', assets: 'role=web', probe: 'tcp', every: '5s', params: { port, warn: '>0.5', crit: '>2' } });

// Does it answer? A check is also just a function.
warden.check({
  id: 'web-health',
  assets: 'role=web',
  every: '5s',
  async run(asset, ctx) {
    try {
      const res = await fetch(`http://${asset.address}:${port}/health`, { signal: ctx.signal });
      await res.body?.cancel();
      return res.ok
        ? { status: 'ok', summary: `GET /health answered ${res.status}` }
        : { status: 'critical', summary: `GET /health answered ${res.status}` };
    } catch (err) {
      return { status: 'critical', summary: `GET /health failed: ${(err as Error).cause ?? (err as Error).message}` };
    }
  },
});

// A check on collected data: memory use of this machine, read from the metric store.
warden.check({
  id: 'memory',
  assets: { ids: ['self'] },
  every: '5s',
  run(asset) {
    const used = warden.metrics.latest('system.memory.utilization', { asset: asset.id });
    if (!used) return { status: 'unknown', summary: 'no memory reading yet' };
    const status = used.value > 0.95 ? 'critical' : used.value > 0.9 ? 'warning' : 'ok';
    return { status, summary: `memory ${percent(used.value)} used` };
  },
});

peers.watch(warden);

const report = await warden.runOnce();
printReport(report);
printMetrics(warden);
const peerReadings = peers.readings(warden);
if (peerReadings.length > 0) {
  console.log('\npeers:');
  printTable(['metric', 'value'], peerReadings);
}

if (watch) {
  console.log('\nwatching for 6 seconds (Ctrl-C to stop early)…');
  warden.on('check:result', ({ check, asset, result }) => console.log(`  ${check} on ${asset}: ${result.status} - ${result.summary}`));
  warden.on('collect:completed', ({ collector, asset, samples }) => console.log(`  ${collector} on ${asset}: ${samples} samples`));
  await warden.start();
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 6_000);
    process.once('SIGINT', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  await warden.stop();
  console.log('stopped');
}

await closeService();
process.exitCode = report.exitCode;

function printReport(report: RunReport): void {
  const rows = report.results.map((r) => [r.check, r.asset, r.status.toUpperCase(), `${r.durationMs.toFixed(0)} ms`, r.summary]);
  printTable(['check', 'asset', 'status', 'took', 'summary'], rows);
  console.log(`\n${report.summary} (exit code ${report.exitCode})`);
}

function printMetrics(warden: Warden): void {
  const self = { asset: 'self' };
  const memory = warden.metrics.latest('system.memory.utilization', self);
  const cpu = warden.metrics.latest('system.cpu.utilization', self);
  const load = warden.metrics.latest('system.cpu.load_average.1m', self);
  // One series per mount point: show the root filesystem, or the first one measured.
  const filesystems = warden.metrics.query('system.filesystem.utilization', self);
  const fs = filesystems.find((s) => s.labels.mountpoint === '/') ?? filesystems[0];
  const rows = [
    ['system.cpu.utilization', cpu ? percent(cpu.value) : 'n/a'],
    ['system.cpu.load_average.1m', load ? load.value.toFixed(2) : 'n/a'],
    ['system.memory.utilization', memory ? percent(memory.value) : 'n/a'],
    [`system.filesystem.utilization ${fs?.labels.mountpoint ?? ''}`.trim(), fs?.latest ? percent(fs.latest.value) : 'n/a'],
  ];
  console.log(`\nthis machine (${hostname()}):`);
  printTable(['metric', 'value'], rows);
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)} %`;
}

function closeService(): Promise<void> {
  service.closeAllConnections(); // fetch keeps connections alive; close them so the process can exit
  return new Promise((resolve) => service.close(() => resolve()));
}
