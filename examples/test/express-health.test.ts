import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from './run-example.js';

// Runs examples/express-health as a user would (a child process on a free port) and calls its
// endpoints with fetch.

const children: ChildProcess[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    // The example was started in its own process group (npx → tsx → node): stop exactly that group.
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
  }
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** Starts the example; resolves with its base URL once it prints its listening line. */
function start(args: string[]): Promise<string> {
  const child = spawn('npx', ['tsx', '--conditions=@warden/source', 'examples/express-health/index.ts', '--port', '0', ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`the example exited (${code}) before listening: ${err}`)));
  });
}

/** A TCP server standing in for the app's database. */
async function database(): Promise<number> {
  const server = createServer((socket) => socket.end());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

describe('examples/express-health', () => {
  it('serves the app, /healthz, /readyz and /metrics while its database answers', async () => {
    const base = await start(['--database', `127.0.0.1:${await database()}`]);
    expect(await (await fetch(base)).text()).toBe('hello from the app\n');
    const live = await fetch(`${base}/healthz`);
    expect(live.status).toBe(200);
    expect(live.headers.get('cache-control')).toBe('no-store');
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', checks: [{ check: 'database-port', asset: 'database', status: 'ok' }] });
    const metrics = await fetch(`${base}/metrics?asset=self`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await metrics.text()).toMatch(/^system_memory_usage_bytes\{asset="self",state="used"\} \d+$/m);
    const om = await fetch(`${base}/metrics`, { headers: { accept: 'application/openmetrics-text' } });
    expect((await om.text()).endsWith('# EOF\n')).toBe(true);
  }, 60_000);

  it('is not ready, but still live, when its database refuses connections', async () => {
    const port = await database();
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const base = await start(['--database', `127.0.0.1:${port}`]);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'fail', reasons: [expect.stringContaining('database-port on database: critical')] });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  }, 60_000);
});
