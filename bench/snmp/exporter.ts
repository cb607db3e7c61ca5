// Debian's prometheus-snmp-exporter (0.21) for bench/snmp: an if_mib module over the same IF-MIB
// columns snmp.interfaces reads, written in 0.21's format (numeric OIDs, auth inside the module;
// JSON is valid YAML), started on a free loopback port and scraped over HTTP.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const EXPORTER = '/usr/bin/prometheus-snmp-exporter';

const IF_ENTRY = '1.3.6.1.2.1.2.2.1';
const IFX_ENTRY = '1.3.6.1.2.1.31.1.1.1';
// [column, name, type]: what snmp.interfaces turns into samples, plus the name columns.
const COLUMNS: Array<[string, string, 'gauge' | 'counter' | 'DisplayString']> = [
  [`${IF_ENTRY}.2`, 'ifDescr', 'DisplayString'],
  [`${IF_ENTRY}.5`, 'ifSpeed', 'gauge'],
  [`${IF_ENTRY}.7`, 'ifAdminStatus', 'gauge'],
  [`${IF_ENTRY}.8`, 'ifOperStatus', 'gauge'],
  [`${IF_ENTRY}.10`, 'ifInOctets', 'counter'],
  [`${IF_ENTRY}.11`, 'ifInUcastPkts', 'counter'],
  [`${IF_ENTRY}.13`, 'ifInDiscards', 'counter'],
  [`${IF_ENTRY}.14`, 'ifInErrors', 'counter'],
  [`${IF_ENTRY}.16`, 'ifOutOctets', 'counter'],
  [`${IF_ENTRY}.17`, 'ifOutUcastPkts', 'counter'],
  [`${IF_ENTRY}.19`, 'ifOutDiscards', 'counter'],
  [`${IF_ENTRY}.20`, 'ifOutErrors', 'counter'],
  [`${IFX_ENTRY}.1`, 'ifName', 'DisplayString'],
  [`${IFX_ENTRY}.6`, 'ifHCInOctets', 'counter'],
  [`${IFX_ENTRY}.7`, 'ifHCInUcastPkts', 'counter'],
  [`${IFX_ENTRY}.8`, 'ifHCInMulticastPkts', 'counter'],
  [`${IFX_ENTRY}.9`, 'ifHCInBroadcastPkts', 'counter'],
  [`${IFX_ENTRY}.10`, 'ifHCOutOctets', 'counter'],
  [`${IFX_ENTRY}.11`, 'ifHCOutUcastPkts', 'counter'],
  [`${IFX_ENTRY}.12`, 'ifHCOutMulticastPkts', 'counter'],
  [`${IFX_ENTRY}.13`, 'ifHCOutBroadcastPkts', 'counter'],
  [`${IFX_ENTRY}.15`, 'ifHighSpeed', 'gauge'],
  [`${IFX_ENTRY}.19`, 'ifCounterDiscontinuityTime', 'gauge'],
];

/** The snmp.yml: one module `if_mib`, v2c community public, GETBULK 25 like the plugin. */
export function ifMibConfig(): string {
  const lookup = (labelname: string, oid: string) => ({ labels: ['ifIndex'], labelname, oid, type: 'DisplayString' });
  const metrics = COLUMNS.map(([oid, name, type]) => ({
    name,
    oid,
    type,
    help: name,
    indexes: [{ labelname: 'ifIndex', type: 'gauge' }],
    lookups: [lookup('ifName', `${IFX_ENTRY}.1`), lookup('ifDescr', `${IF_ENTRY}.2`)],
  }));
  const module = {
    walk: [IF_ENTRY, IFX_ENTRY],
    get: ['1.3.6.1.2.1.1.3.0'],
    metrics: [{ name: 'sysUpTime', oid: '1.3.6.1.2.1.1.3', type: 'gauge', help: 'sysUpTime' }, ...metrics],
    version: 2,
    max_repetitions: 25,
    retries: 1,
    timeout: '2s',
    auth: { community: 'public' },
  };
  return JSON.stringify({ if_mib: module }, null, 1);
}

async function freeTcpPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A running exporter. */
export interface Exporter {
  /** Scrapes one agent; resolves with the number of metric lines. */
  scrape(agentPort: number): Promise<number>;
  /** CPU seconds the exporter process has used so far (user + system, from /proc). */
  cpuSeconds(): number;
  stop(): void;
}

/** Starts the exporter with the if_mib module in `dir`, on a free loopback port. */
export async function startExporter(dir: string): Promise<Exporter> {
  const config = join(dir, 'snmp.yml');
  writeFileSync(config, ifMibConfig());
  const port = await freeTcpPort();
  const child: ChildProcess = spawn(EXPORTER, [`--config.file=${config}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=error'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      await fetch(`${base}/`);
      break;
    } catch (err) {
      if (i > 100) throw new Error(`prometheus-snmp-exporter did not listen on ${base}`, { cause: err });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const ticks = 100; // USER_HZ on Linux
  return {
    async scrape(agentPort) {
      const res = await fetch(`${base}/snmp?module=if_mib&target=127.0.0.1:${agentPort}`);
      const text = await res.text();
      if (!res.ok) throw new Error(`exporter ${res.status}: ${text.slice(0, 200)}`);
      let lines = 0;
      for (const line of text.split('\n')) if (line.startsWith('if') || line.startsWith('sysUpTime')) lines++;
      return lines;
    },
    cpuSeconds() {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) / ticks;
    },
    stop() {
      child.kill();
    },
  };
}
