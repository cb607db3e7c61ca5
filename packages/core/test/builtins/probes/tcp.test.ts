import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Asset } from '../../../src/assets/types.js';
import { createTcpProbe, type TcpParamsInput, tcpParamsSchema } from '../../../src/builtins/probes/tcp.js';
import type { CheckResult } from '../../../src/checks/types.js';
import { createContext, createFakeClock } from './helpers.js';

const probe = createTcpProbe();
const local: Asset = { id: 'lo', kind: 'host', address: '127.0.0.1' };
const servers: Server[] = [];

async function listen(onConnection: (socket: Socket) => void = () => {}): Promise<{ server: Server; port: number; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
    onConnection(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  servers.push(server);
  return { server, port: (server.address() as { port: number }).port, sockets };
}

async function freePort(): Promise<number> {
  const { server, port } = await listen();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const run = (input: TcpParamsInput, asset: Asset = local, ctx = createContext(createFakeClock())): Promise<CheckResult> =>
  Promise.resolve(probe.run(asset, tcpParamsSchema.parse(input), ctx));

afterEach(async () => {
  for (const server of servers.splice(0)) server.close();
});

describe('tcp probe', () => {
  it('connects to {address}:port and reports the connect time in seconds', async () => {
    const { port } = await listen();
    const result = await run({ port });
    expect(result.status).toBe('ok');
    expect(result.summary).toMatch(new RegExp(`^127\\.0\\.0\\.1:${port} accepted the connection in `));
    expect(result.samples).toHaveLength(1);
    expect(result.samples?.[0]).toMatchObject({
      name: 'tcp.connect.duration',
      unit: 's',
      labels: { host: '127.0.0.1', port: String(port) },
    });
    expect(result.samples?.[0]?.value).toBeGreaterThan(0);
    expect(result.samples?.[0]?.value).toBeLessThan(5);
  });

  it('falls back to the asset id when the asset has no address, and takes an explicit host', async () => {
    const { port } = await listen();
    expect((await run({ port }, { id: '127.0.0.1', kind: 'host' })).status).toBe('ok');
    expect((await run({ port, host: '127.0.0.1' }, { id: 'elsewhere', kind: 'host', address: '192.0.2.1' })).status).toBe('ok');
  });

  it('sends text and is ok when the response contains the expected text', async () => {
    let received = '';
    const { port } = await listen((socket) => {
      socket.on('data', (chunk) => {
        received += chunk.toString();
        if (received.includes('\n')) socket.write('+PONG\r\n');
      });
    });
    const result = await run({ port, send: 'PING\r\n', expect: '+PONG' });
    expect(result.status).toBe('ok');
    expect(result.summary).toContain('response contains "+PONG"');
    expect(received).toBe('PING\r\n');
  });

  it('is warning when the response does not contain the expected text (check_tcp default)', async () => {
    const { port } = await listen((socket) => socket.end('HTTP/1.0 400 Bad Request\r\n'));
    const result = await run({ port, expect: 'SSH-' });
    expect(result).toMatchObject({ status: 'warning', code: 'ERR_PROTOCOL' });
    expect(result.summary).toContain('"HTTP/1.0 400 Bad Request" does not contain "SSH-"');
  });

  it('is critical naming host:port when the connection is refused', async () => {
    const port = await freePort();
    const result = await run({ port });
    expect(result).toEqual({ status: 'critical', summary: `connection refused by 127.0.0.1:${port}`, code: 'ERR_UNREACHABLE' });
  });

  it('is critical with ERR_TIMEOUT when the expected text does not come in time, and closes the socket', async () => {
    const { port, sockets } = await listen();
    const clock = createFakeClock();
    const pending = run({ port, expect: 'SSH-', timeout: '3s' }, local, createContext(clock));
    while (sockets.length === 0) await new Promise((resolve) => setImmediate(resolve));
    expect(clock.pending()).toEqual([3000]);
    const closed = once(sockets[0] as Socket, 'close');
    clock.fireNext();
    const result = await pending;
    expect(result).toMatchObject({
      status: 'critical',
      code: 'ERR_TIMEOUT',
      summary: `no response containing "SSH-" from 127.0.0.1:${port} within 3s`,
    });
    await closed;
    expect(clock.pending()).toEqual([]);
  });

  it('is unknown with ERR_ABORTED when the signal aborts, before or during the run', async () => {
    const { port, sockets } = await listen();
    const controller = new AbortController();
    const pending = run({ port, expect: 'never' }, local, createContext(createFakeClock(), controller.signal));
    while (sockets.length === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    expect(await pending).toMatchObject({ status: 'unknown', code: 'ERR_ABORTED' });
    expect(await run({ port }, local, createContext(createFakeClock(), controller.signal))).toMatchObject({
      status: 'unknown',
      code: 'ERR_ABORTED',
    });
  });

  it('judges the connect time with warn and crit thresholds', async () => {
    const { port } = await listen();
    // Any connect time is ≥ 0, so '>=0' always alerts; '<0' never does.
    expect(await run({ port, warn: '>=0', crit: '<0' })).toMatchObject({
      status: 'warning',
      summary: expect.stringContaining('(warning threshold >=0 s)'),
    });
    expect((await run({ port, warn: '>=0', crit: '>=0' })).status).toBe('critical');
    // '@~:-1' alerts only at or below -1: never for a connect time.
    expect((await run({ port, warn: '@~:-1' })).status).toBe('ok');
  });
});

describe('tcp params', () => {
  it('applies the default timeout and parses thresholds once', () => {
    const params = tcpParamsSchema.parse({ port: 22, warn: '>0.5' });
    expect(params.timeout).toBe(10_000);
    expect(params.warn?.test(0.6)).toBe(true);
    expect(String(params.warn)).toBe('>0.5');
  });

  it('refuses unknown keys, bad ports, thresholds and durations with their paths', () => {
    const issues = (input: unknown) => tcpParamsSchema.safeParse(input).error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(issues({ port: 22, hots: 'x' })).toEqual(['']);
    expect(issues({ port: 0 })).toEqual(['port']);
    expect(issues({ port: 70000 })).toEqual(['port']);
    expect(issues({ port: 22, warn: '20:10' })).toEqual(['warn']);
    expect(issues({ port: 22, timeout: '10 parsecs' })).toEqual(['timeout']);
    expect(issues({ port: 22, timeout: 0 })).toEqual(['timeout']);
    expect(tcpParamsSchema.safeParse({ port: 22, warn: '>>1' }).error?.issues[0]?.message).toContain('">>1"');
  });
});
