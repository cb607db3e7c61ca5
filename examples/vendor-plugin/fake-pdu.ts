// A tiny stand-in for an ACME PDU's HTTP API, for tests and the demo. Not part of the plugin.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Outlet, PduStatus } from './src/api.js';

/** A running fake PDU. */
export interface FakePdu {
  /** The port it listens on (127.0.0.1). */
  readonly port: number;
  /** The outlets it reports; change them to change what the next request sees. */
  readonly outlets: Outlet[];
  /** The only bearer token it accepts; may be changed at any time. */
  token: string;
  /** Requests served so far. */
  readonly requests: number;
  /** Makes every answer wait this long (to exercise timeouts and aborts). */
  delayMs: number;
  /** Stops the server and closes its connections. */
  close(): Promise<void>;
}

/**
 * Starts a fake PDU on a free loopback port.
 *
 * @param token - the bearer token it accepts (see {@link FakePdu.token})
 * @returns the running fake
 */
export async function startFakePdu(token: string): Promise<FakePdu> {
  const outlets: Outlet[] = [
    { id: 1, name: 'web-1 PSU A', state: 'on', current: 0.42, power: 96.5, energy: 1520.25 },
    { id: 2, name: 'web-1 PSU B', state: 'on', current: 0.4, power: 92, energy: 1498 },
    { id: 3, name: 'db-1 PSU A', state: 'on', current: 1.1, power: 253.1, energy: 4020.5 },
    { id: 4, name: 'spare', state: 'off', current: 0, power: 0, energy: 0 },
  ];
  let requests = 0;
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    requests++;
    const answer = () => {
      if (req.headers.authorization !== `Bearer ${fake.token}`) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid token"}');
      } else if (req.method !== 'GET' || req.url !== '/api/v1/status') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      } else {
        const status: PduStatus & { uptime: number } = {
          model: 'ACME PDU-8',
          serial: 'AC8-004211',
          firmware: '2.4.1',
          uptime: 86_400, // a field the plugin does not know: it must be ignored
          inlet: { voltage: 230.4, current: outlets.reduce((sum, o) => sum + o.current, 0) },
          outlets,
        };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(status));
      }
    };
    if (fake.delayMs <= 0) return answer();
    const timer = setTimeout(() => {
      timers.delete(timer);
      answer();
    }, fake.delayMs);
    timers.add(timer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const fake: FakePdu = {
    port: (server.address() as AddressInfo).port,
    outlets,
    token,
    get requests() {
      return requests;
    },
    delayMs: 0,
    close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
