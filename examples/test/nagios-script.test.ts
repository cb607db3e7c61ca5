import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExample } from './run-example.js';

const plugin = ['--', '/bin/sh', fileURLToPath(new URL('./fixtures/check_queue.sh', import.meta.url))];
let server: Server;
let open: number;
let closed: number;

beforeAll(async () => {
  const listen = (s: Server) =>
    new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as { port: number }).port)));
  server = createServer((socket) => socket.end());
  open = await listen(server);
  // A port that was free a moment ago and is closed now: connections to it are refused.
  const spare = createServer();
  closed = await listen(spare);
  await new Promise((resolve) => spare.close(resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('examples/nagios-script', () => {
  it('prints one Nagios status line with perfdata and long output, and exits with the worst status', async () => {
    const { code, stdout, stderr } = await runExample('nagios-script', [`--tcp=127.0.0.1:${open}`, ...plugin, '7']);
    const [first, ...rest] = stdout.trimEnd().split('\n');
    expect(first, stderr).toMatch(/^WARNING: 2 checks, plugin on self: QUEUE WARNING - 7 jobs queued \| /);
    expect(first).toContain('queued=7');
    expect(first).toMatch(new RegExp(`tcp-${open}@127\\.0\\.0\\.1=[0-9.]+s`));
    expect(rest).toEqual([
      '[WARNING] plugin on self: QUEUE WARNING - 7 jobs queued',
      expect.stringMatching(new RegExp(`^\\[OK\\] tcp-${open} on 127\\.0\\.0\\.1: 127\\.0\\.0\\.1:${open} accepted the connection`)),
    ]);
    expect(code).toBe(1);
  });

  it('is OK (exit 0) when everything is, and CRITICAL (exit 2) when a port refuses', async () => {
    const ok = await runExample('nagios-script', [`--tcp=127.0.0.1:${open}`, ...plugin, '1']);
    expect(ok.stdout).toMatch(/^OK: 2 checks, all OK \| /);
    expect(ok.code).toBe(0);

    const refused = await runExample('nagios-script', [`--tcp=127.0.0.1:${closed}`, ...plugin, '1']);
    expect(refused.stdout).toMatch(
      new RegExp(`^CRITICAL: 2 checks, tcp-${closed} on 127\\.0\\.0\\.1: connection refused by 127\\.0\\.0\\.1:${closed}`),
    );
    expect(refused.code).toBe(2);
  });

  it('is UNKNOWN (exit 3) for bad usage and for a plugin that does not exist', async () => {
    const usage = await runExample('nagios-script', ['--tcp=nowhere']);
    expect(usage.stdout).toBe('UNKNOWN: --tcp nowhere: expected HOST:PORT\n');
    expect(usage.code).toBe(3);

    const missing = await runExample('nagios-script', ['--', '/nonexistent/check_nothing']);
    expect(missing.stdout).toMatch(/^UNKNOWN: plugin on self: .*check_nothing/);
    expect(missing.code).toBe(3);
  });
});
