import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Asset } from '../../src/assets/types.js';
import { createNagiosProbe, nagiosParamsSchema } from '../../src/builtins/probes/nagios.js';
import { createPingProbe, pingParamsSchema } from '../../src/builtins/probes/ping.js';
import { createTcpProbe, tcpParamsSchema } from '../../src/builtins/probes/tcp.js';
import { expandMacros } from '../../src/checks/macros.js';
import { parseNagiosOutput } from '../../src/checks/nagios-output.js';
import type { CheckResult } from '../../src/checks/types.js';
import { type Clock, systemClock } from '../../src/internal/clock.js';
import { silentLogger } from '../../src/internal/logger.js';
import type { HookContext } from '../../src/plugins/types.js';
import { createTestHookContext } from '../../src/testing/hook-context.js';

// The built-in probes against the real Monitoring Plugins, fping and iputils ping (Debian
// packages monitoring-plugins-basic, monitoring-plugins-standard, fping, iputils-ping).
// Each plugin also runs directly, and the probe's result must agree with it.

const PLUGINS = '/usr/lib/nagios/plugins';
const asset: Asset = { id: 'self', kind: 'host', address: '127.0.0.1' };
const ctx = (clock: Clock = systemClock): HookContext => ({
  ...createTestHookContext({ clock }),
  signal: new AbortController().signal,
  logger: silentLogger,
  clock,
  secrets: { reveal: async (s) => String(s), scrub: (text) => text },
  emit: () => {},
});
const probe = createNagiosProbe();
const viaProbe = async (command: string[]): Promise<CheckResult> =>
  probe.run(asset, expandMacros(nagiosParamsSchema.parse({ command, timeout: '30s' }), asset), ctx());
// Asynchronous on purpose: the local TCP server lives in this process and must keep answering.
const direct = (command: string[]): Promise<CheckResult> =>
  new Promise((resolve) => {
    const [program, ...args] = command as [string, ...string[]];
    const env = { PATH: process.env.PATH ?? '', LC_ALL: 'C' };
    const child = execFile(`${PLUGINS}/${program}`, args, { encoding: 'utf8', env }, (_error, stdout) => {
      resolve(parseNagiosOutput(stdout, child.exitCode, { signal: child.signalCode, labels: { plugin: program } }));
    });
  });
const labelsOf = (result: CheckResult) => result.samples?.map((s) => [s.labels?.label, s.unit, s.labels?.plugin]);

let server: Server;
let port: number;

beforeAll(async () => {
  expect(existsSync(`${PLUGINS}/check_dummy`), `${PLUGINS} must hold the Monitoring Plugins`).toBe(true);
  server = createServer((socket) => socket.end('SSH-2.0-warden-test\r\n'));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as { port: number }).port;
});
afterAll(() => {
  server.close();
});

describe('nagios probe with the real Monitoring Plugins', () => {
  it('check_dummy: each exit code becomes its status, by name lookup in the plugin directory', async () => {
    for (const [code, status] of [
      ['0', 'ok'],
      ['1', 'warning'],
      ['2', 'critical'],
      ['3', 'unknown'],
    ] as const) {
      const result = await viaProbe(['check_dummy', code, `dummy ${status}`]);
      expect(result).toEqual(await direct(['check_dummy', code, `dummy ${status}`]));
      expect(result.status).toBe(status);
      expect(result.summary).toContain(`dummy ${status}`);
    }
  });

  it('check_tcp against a local server: status, summary and the time perfdata', async () => {
    const command = ['check_tcp', '-H', '{address}', '-p', String(port), '-e', 'SSH-2.0'];
    const result = await viaProbe(command);
    const reference = await direct(['check_tcp', '-H', '127.0.0.1', '-p', String(port), '-e', 'SSH-2.0']);
    expect(result.status).toBe('ok');
    expect(result.status).toBe(reference.status);
    expect(result.summary).toMatch(new RegExp(`^TCP OK - [\\d.]+ second response time on 127\\.0\\.0\\.1 port ${port}`));
    expect(labelsOf(result)).toEqual([['time', 's', 'check_tcp']]);
    expect(labelsOf(result)).toEqual(labelsOf(reference));
    expect(result.samples?.[0]?.value).toBeLessThan(1);
    const mismatch = await viaProbe(['check_tcp', '-H', '127.0.0.1', '-p', String(port), '-e', 'HTTP/1.1']);
    expect(mismatch.status).toBe('warning');
  });

  it('check_disk -w 20% -c 10% -p /: the same status and labels, bytes within 1%', async () => {
    const command = ['check_disk', '-w', '20%', '-c', '10%', '-p', '/'];
    const result = await viaProbe(command);
    const reference = await direct(command);
    expect(result.status).toBe(reference.status);
    expect(labelsOf(result)).toEqual(labelsOf(reference));
    expect(labelsOf(result)?.[0]?.[0]).toBe('/');
    const used = result.samples?.[0]?.value as number;
    expect(Math.abs(used - (reference.samples?.[0]?.value as number))).toBeLessThanOrEqual(used * 0.01 + 1e6);
  });

  it('check_procs: the same status, the procs perfdata within a small drift', async () => {
    const result = await viaProbe(['check_procs']);
    const reference = await direct(['check_procs']);
    expect(result.status).toBe(reference.status);
    expect(result.summary).toMatch(/^PROCS OK: \d+ processes/);
    expect(labelsOf(result)).toEqual([['procs', '1', 'check_procs']]);
    expect(Math.abs((result.samples?.[0]?.value as number) - (reference.samples?.[0]?.value as number))).toBeLessThanOrEqual(20);
  });

  it('check_load with thresholds: three load items', async () => {
    const result = await viaProbe(['check_load', '-w', '1000,1000,1000', '-c', '2000,2000,2000']);
    expect(result.status).toBe('ok');
    expect(result.samples?.map((s) => s.labels?.label)).toEqual(['load1', 'load5', 'load15']);
  });

  it('a plugin sleeping past its timeout is killed and reported unknown', async () => {
    const started = Date.now();
    const result = await probe.run(asset, nagiosParamsSchema.parse({ command: ['/bin/sleep', '600'], timeout: '500ms' }), ctx());
    expect(result).toMatchObject({ status: 'unknown', code: 'ERR_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('ping probe with the real tools', () => {
  it('fping on 127.0.0.1', async () => {
    const result = await createPingProbe().run(asset, pingParamsSchema.parse({ count: 3 }), ctx());
    expect(result.status).toBe('ok');
    expect(result.summary).toMatch(/^127\.0\.0\.1: 0% packet loss, rtt avg [\d.]+ ms \(3\/3 replies\)$/);
    expect(result.samples?.map((s) => s.name)).toEqual(['ping.rtt', 'ping.packet_loss']);
  });

  it('iputils ping on 127.0.0.1 when fping is not used', async () => {
    const result = await createPingProbe({ fping: false }).run(asset, pingParamsSchema.parse({ count: 3, crit: { loss: 50 } }), ctx());
    expect(result.status).toBe('ok');
    expect(result.samples?.[1]).toEqual({ name: 'ping.packet_loss', value: 0, unit: '1', labels: { host: '127.0.0.1' } });
  });
});

describe('tcp probe agrees with check_tcp', () => {
  it('ok with the expected banner; refused on a closed port', async () => {
    const result = await createTcpProbe().run(asset, tcpParamsSchema.parse({ port, expect: 'SSH-2.0' }), ctx());
    expect(result.status).toBe((await direct(['check_tcp', '-H', '127.0.0.1', '-p', String(port), '-e', 'SSH-2.0'])).status);
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const closedPort = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await createTcpProbe().run(asset, tcpParamsSchema.parse({ port: closedPort }), ctx());
    expect(refused.status).toBe('critical');
    expect(refused.status).toBe((await direct(['check_tcp', '-H', '127.0.0.1', '-p', String(closedPort)])).status);
  });
});
