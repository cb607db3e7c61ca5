import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { memoryIo, spawnCli, tcpPorts, tempDir } from './helpers.js';

let ports: Awaited<ReturnType<typeof tcpPorts>>;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ports = await tcpPorts();
  ({ dir, cleanup } = await tempDir());
  await writeFile(
    `${dir}/warden.yaml`,
    `assets:
  - id: web-1
    kind: host
    address: 127.0.0.1
checks:
  - id: port
    assets: kind=host
    probe: tcp
    params: { port: ${ports.open} }
    every: 1s
    immediate: true
serve:
  port: 0
`,
  );
});
afterAll(async () => {
  await ports.close();
  await cleanup();
});

/** Waits (real time: these run a real engine) until `test` holds, polling every 20 ms. */
async function until(test: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('warden run', () => {
  it('logs state changes, serves /metrics and /health, and stops cleanly (exit 0) when its signal is aborted', async () => {
    const stop = new AbortController();
    const io = memoryIo(dir, { signal: stop.signal });
    const exit = main(['run'], io);
    await until(() => io.stdout.text.includes('port on web-1: PENDING -> OK (hard)'), 'the first state change');
    const lines = io.stdout.text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\S+Z warden running warden\.yaml: 1 assets, 1 checks; serving http:\/\/127\.0\.0\.1:(\d+) /);
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(lines[0] ?? '')?.[1]);
    expect(lines[1]).toMatch(new RegExp(`^\\S+Z port on web-1: PENDING -> OK \\(hard\\) 127\\.0\\.0\\.1:${ports.open} accepted`));

    const live = await fetch(`http://127.0.0.1:${port}/health/live`);
    expect(live.status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/^tcp_connect_duration_seconds\{[^}]*asset="web-1"/m);

    stop.abort();
    expect(await exit).toBe(0);
    expect(io.stderr.text).toBe('warden: stopped\n');
    await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
  });

  it('draws a live table on a terminal, and gives the screen back when stopped', async () => {
    const stop = new AbortController();
    const io = memoryIo(dir, { signal: stop.signal });
    io.stdout.isTTY = true;
    const exit = main(['run', '--port', '0'], io);
    await until(() => /OK\s+port\s+web-1\s+hard/.test(io.stdout.text), 'a row with the OK state');
    expect(io.stdout.text.startsWith('\x1b[?1049h')).toBe(true);
    expect(io.stdout.text).toMatch(/STATUS\s+CHECK\s+ASSET\s+STATE\s+SINCE\s+SUMMARY/);
    stop.abort();
    expect(await exit).toBe(0);
    expect(io.stdout.text.endsWith('\x1b[?25h\x1b[?1049l')).toBe(true);
  });

  it('as a process: SIGTERM stops it cleanly with exit code 0', { timeout: 60_000 }, async () => {
    const child = spawnCli(['run', '--config', 'warden.yaml'], { cwd: dir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await until(() => stdout.includes('PENDING -> OK'), 'the child to run its check', 50_000);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).toBe('warden: stopped\n');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses an invalid serve block at its line', async () => {
    const { dir: own, cleanup: done } = await tempDir({ 'warden.yaml': 'assets: []\nserve:\n  port: 9464\n  hots: 0.0.0.0\n' });
    try {
      const io = memoryIo(own, { signal: new AbortController().signal });
      const code = await main(['run'], io);
      expect(code).toBe(3);
      expect(io.stderr.text).toMatch(/warden\.yaml:4:9 serve\.hots: unknown key; did you mean "host"\?/);
    } finally {
      await done();
    }
  });

  it('reads a { env } serve token when serving (requests need it), and only then: check does not need it', async () => {
    const yaml = `assets:\n  - id: web-1\n    kind: host\n    address: 127.0.0.1\nchecks:\n  - id: port\n    assets: kind=host\n    probe: tcp\n    params: { port: ${ports.open} }\nserve:\n  port: 0\n  token: { env: WARDEN_CLI_TEST_TOKEN }\n`;
    const { dir: own, cleanup: done } = await tempDir({ 'warden.yaml': yaml });
    try {
      const check = memoryIo(own);
      expect(await main(['check'], check), check.stderr.text).toBe(0);

      const unset = memoryIo(own, { signal: new AbortController().signal });
      expect(await main(['run'], unset)).toBe(3);
      expect(unset.stderr.text).toMatch(/warden\.yaml:12:\d+ serve\.token: .*WARDEN_CLI_TEST_TOKEN is not set/);

      process.env.WARDEN_CLI_TEST_TOKEN = 'letmein';
      const stop = new AbortController();
      const io = memoryIo(own, { signal: stop.signal });
      const exit = main(['run'], io);
      await until(() => io.stdout.text.includes('serving http://'), 'the server');
      const url = `http://127.0.0.1:${/127\.0\.0\.1:(\d+)/.exec(io.stdout.text)?.[1]}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: 'Bearer letmein' } })).status).toBe(200);
      stop.abort();
      expect(await exit).toBe(0);
    } finally {
      delete process.env.WARDEN_CLI_TEST_TOKEN;
      await done();
    }
  });

  it('logs the state change and the incident when a service goes away', async () => {
    const flaky = await tcpPorts();
    const yaml = `assets:\n  - id: web-1\n    kind: host\n    address: 127.0.0.1\nchecks:\n  - id: port\n    assets: kind=host\n    probe: tcp\n    params: { port: ${flaky.open} }\n    every: 1s\n    immediate: true\n`;
    const { dir: own, cleanup: done } = await tempDir({ 'warden.yaml': yaml });
    const stop = new AbortController();
    const io = memoryIo(own, { signal: stop.signal });
    const exit = main(['run'], io);
    try {
      await until(() => io.stdout.text.includes('PENDING -> OK'), 'the first OK');
      await flaky.close(); // the service goes away: refused from the next run on
      await until(() => io.stdout.text.includes('incident opened'), 'the incident');
      expect(io.stdout.text).toMatch(/port on web-1: OK -> CRITICAL \(hard\) connection refused/);
      expect(io.stdout.text).toMatch(/incident opened: port on web-1 CRITICAL: connection refused by 127\.0\.0\.1:\d+/);
    } finally {
      stop.abort();
      expect(await exit).toBe(0);
      await done();
    }
  });
});
