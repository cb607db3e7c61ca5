// A Warden run as a Nagios plugin: checks once, prints one Monitoring Plugins status line (with
// performance data and long output) and exits 0 OK, 1 WARNING, 2 CRITICAL or 3 UNKNOWN. Nagios,
// Icinga, NRPE, Sensu or a cron job can run it as they run check_tcp.
//
//   npx tsx --conditions=@warden/source examples/nagios-script/index.ts [--tcp HOST:PORT]... [-- PLUGIN ARG...]
//
// With no arguments it runs check_dummy from the Monitoring Plugins when it is installed, else
// a TCP check of 127.0.0.1:22.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type CheckStatus, createWarden, formatNagios, type Sample } from '@warden/core';

const CHECK_DUMMY = '/usr/lib/nagios/plugins/check_dummy';

const { values, positionals } = parseArgs({
  options: { tcp: { type: 'string', multiple: true, default: [] } },
  allowPositionals: true,
});

// Read the arguments before anything runs: bad usage is UNKNOWN, as the Monitoring Plugins
// guidelines ask.
const plugin = positionals.length > 0 ? positionals : existsSync(CHECK_DUMMY) ? [CHECK_DUMMY, '0', 'check_dummy is installed'] : [];
const targets: Array<{ host: string; port: number }> = [];
for (const target of new Set(values.tcp.length > 0 || plugin.length > 0 ? values.tcp : ['127.0.0.1:22'])) {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(target); // host:port, [::1]:22
  const port = Number(match?.[2]);
  if (!match?.[1] || !(port >= 1 && port <= 65_535)) {
    process.stdout.write(formatNagios({ status: 'unknown', summary: `--tcp ${target}: expected HOST:PORT` }).output);
    process.exit(3);
  }
  targets.push({ host: match[1], port });
}

await using warden = createWarden();
warden.assets.add({ id: 'self', kind: 'host', address: '127.0.0.1' });

// A Monitoring Plugin, run with an argument vector (never a shell): each element reaches the
// plugin as one argument.
if (plugin.length > 0) {
  warden.check({ id: 'plugin', assets: { ids: ['self'] }, probe: 'nagios', params: { command: plugin, timeout: '30s' } });
}

// TCP ports: one asset per host, one check per port applied to every host given that port.
const hostsByPort = new Map<number, string[]>();
for (const { host, port } of targets) {
  if (!warden.assets.get(host)) warden.assets.add({ id: host, kind: 'host', address: host });
  hostsByPort.set(port, [...(hostsByPort.get(port) ?? []), host]);
}
for (const [port, hosts] of hostsByPort) {
  warden.check({ id: `tcp-${port}`, assets: { ids: hosts }, probe: 'tcp', params: { port, warn: '>1', crit: '>5', timeout: '10s' } });
}

// Samples measured by the checks become performance data.
const samples: Sample[] = [];
warden.on('check:result', ({ check, asset, result }) => {
  for (const sample of result.samples ?? []) {
    // A plugin's perfdata keeps its own label; Warden's samples are labelled by check and asset.
    const label = sample.labels?.label ?? `${check}@${asset}`;
    samples.push({ ...sample, labels: { label } });
  }
});

const report = await warden.runOnce();
const problems = report.results.filter((r) => r.status !== 'ok');
const [only] = report.results;
const summary =
  report.results.length === 0
    ? report.summary.replace(/^UNKNOWN: /, '')
    : report.results.length === 1 && only
      ? lineOf(only)
      : `${report.results.length} checks, ${problems.length === 0 ? 'all OK' : problems.map(lineOf).join('; ')}`;
const details = report.results.map((r) => `[${r.status.toUpperCase()}] ${lineOf(r)}`).join('\n');

const { output, exitCode } = formatNagios({ status: report.worst, summary, details, samples });
process.stdout.write(output);
process.exitCode = exitCode;

function lineOf(result: { check: string; asset: string; status: CheckStatus; summary: string }): string {
  return `${result.check} on ${result.asset}: ${result.summary}`;
}
