// The code of docs/getting-started.md, run as a reader would run it: each ```ts block that
// starts with `// <file>.ts` is written to a scratch project and run with tsx.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runScript } from './run-example.js';

// Under node_modules, so that `@warden/core` resolves to the workspace and git ignores it.
const SCRATCH = join(ROOT, 'node_modules/.cache/warden-getting-started');
const doc = readFileSync(join(ROOT, 'docs/getting-started.md'), 'utf8');
const blocks = new Map([...doc.matchAll(/```ts\n\/\/ (\S+\.ts)\n([\s\S]*?)```/g)].map((m) => [m[1] as string, m[0].slice(6, -3)]));

/** Writes a doc block with its SSH port (22) replaced by `port`; returns its path. */
const write = (file: string, port: number): string => {
  const code = blocks.get(file);
  if (!code) throw new Error(`docs/getting-started.md has no \`\`\`ts block starting with // ${file}`);
  expect(code).toContain('port: 22');
  const path = join(SCRATCH, `${port}-${file}`);
  writeFileSync(path, code.replaceAll('port: 22', `port: ${port}`));
  return path;
};

let server: Server;
let open: number;
let closed: number;
beforeAll(async () => {
  mkdirSync(SCRATCH, { recursive: true });
  writeFileSync(join(SCRATCH, 'package.json'), '{ "type": "module" }\n'); // as `npm pkg set type=module`
  const listen = (s: Server) =>
    new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as { port: number }).port)));
  server = createServer((socket) => socket.end());
  open = await listen(server);
  const spare = createServer();
  closed = await listen(spare);
  await new Promise((resolve) => spare.close(resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('docs/getting-started.md', () => {
  it('health.ts prints what the page shows: the check, the summary, memory, and exit code 0', async () => {
    const { code, stdout, stderr } = await runScript(write('health.ts', open));
    expect(stdout, stderr).toMatch(
      new RegExp(
        `^ok {7}ssh on self: 127\\.0\\.0\\.1:${open} accepted the connection in [0-9.]+ (ms|µs)\\nOK: 1 check \\(1 ok\\)\\nmemory used: \\d+\\.\\d %\\n$`,
      ),
    );
    expect(code).toBe(0);
  });

  it('health.ts with nothing on the port: critical, connection refused, exit code 2', async () => {
    const { code, stdout, stderr } = await runScript(write('health.ts', closed));
    expect(stdout, stderr).toContain(`critical ssh on self: connection refused by 127.0.0.1:${closed}\nCRITICAL: 1 check (1 critical)\n`);
    expect(code).toBe(2);
  });

  it('health.ts runs on its own, as the page says', async () => {
    const { code, stdout } = await runScript(write('health.ts', open));
    expect({ code, stdout: stdout.split('\n')[1] }).toEqual({ code: 0, stdout: 'OK: 1 check (1 ok)' });
  });

  it('monitor.ts compiles and starts: every block on the page is one the tests know about', () => {
    expect([...blocks.keys()]).toEqual(['health.ts', 'monitor.ts']);
  });
});
