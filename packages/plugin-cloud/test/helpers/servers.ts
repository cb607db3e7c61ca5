import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A request the test server received, body read. */
export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A handler that sees the read body. */
export type TestHandler = (req: Received, res: ServerResponse) => unknown;

/** A running loopback server. */
export interface TestServer {
  url: string;
  port: number;
  received: Received[];
  server: Server;
  close(): Promise<void>;
}

function wrap(handler: TestHandler, received: Received[]) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(r);
      Promise.resolve(handler(r, res)).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
  };
}

async function listen(server: Server, scheme: string, received: Received[]): Promise<TestServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    received,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/**
 * Starts a node:http server on 127.0.0.1 on a free port.
 */
export function startHttpServer(handler: TestHandler): Promise<TestServer> {
  const received: Received[] = [];
  return listen(createHttpServer(wrap(handler, received)), 'http', received);
}

/** PEM material for a test PKI. */
export interface TestPki {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

/**
 * Makes a throw-away CA, a server certificate for 127.0.0.1/localhost valid `days` days and a
 * client certificate, with openssl.
 */
export function makePki(days: number): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'warden-cloud-pki-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  try {
    run(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=warden test CA',
    );
    writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
    for (const name of ['server', 'client']) {
      run(
        'req',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.csr`,
        '-subj',
        `/CN=${name === 'server' ? 'localhost' : 'warden-client'}`,
      );
      run(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        `${name}.pem`,
        '-days',
        String(days),
        '-extfile',
        `${name}.ext`,
      );
    }
    const read = (f: string) => readFileSync(join(dir, f), 'utf8');
    return {
      ca: read('ca.pem'),
      serverCert: read('server.pem'),
      serverKey: read('server.key'),
      clientCert: read('client.pem'),
      clientKey: read('client.key'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Starts a node:https server with the PKI's server certificate; `requestCert` asks for a client
 * certificate (refused during the handshake only up to TLS 1.2: TLS 1.3 refuses it afterwards).
 */
export function startHttpsServer(
  pki: TestPki,
  handler: TestHandler,
  requestCert = false,
  maxVersion: 'TLSv1.2' | 'TLSv1.3' = 'TLSv1.3',
): Promise<TestServer> {
  const received: Received[] = [];
  const server = createHttpsServer(
    { cert: pki.serverCert, key: pki.serverKey, ca: pki.ca, requestCert, rejectUnauthorized: requestCert, maxVersion },
    wrap(handler, received),
  );
  return listen(server, 'https', received);
}

/**
 * A clock for retry tests: fixed `now`; every timer's delay is recorded and the timer fires on
 * the next macrotask, so backoff waits take no time. (Network deadlines run on real timers.)
 */
export function recordingClock(now = 1_700_000_000_000) {
  const delays: number[] = [];
  return {
    delays,
    now: () => now,
    setTimer(fn: () => void, delayMs: number) {
      delays.push(delayMs);
      const t = setImmediate(fn);
      return { cancel: () => clearImmediate(t) };
    },
  };
}
