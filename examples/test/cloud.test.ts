import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExample } from './run-example.js';

// A health endpoint the example is pointed at through HEALTH_URL, answering what the test says.
let server: Server;
let port: number;
let status = 200;
beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(status, { 'content-type': 'application/json' }).end('{"status":"ok"}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('examples/cloud', () => {
  it('checks its own local health endpoint when given none, and exits 0', async () => {
    const { code, stdout, stderr } = await runExample('cloud');
    expect(stdout, stderr).toMatch(/OK\s+api-health api: HTTP OK: GET http:\/\/127\.0\.0\.1:\d+\/health → 200 OK/);
    expect(code).toBe(0);
  });

  it('reports a failing endpoint as critical with exit code 2', async () => {
    status = 503;
    const { code, stdout, stderr } = await runExample('cloud', [], { HEALTH_URL: `http://127.0.0.1:${port}/health` });
    expect(stdout, stderr).toMatch(/CRITICAL\s+api-health api: HTTP CRITICAL/);
    expect(code).toBe(2);
  });
});
