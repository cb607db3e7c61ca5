// The web service: a node:http server on a free 127.0.0.1 port whose /health answers 200 while
// it is healthy and 503 once it has failed.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The running service (`await using` closes it). */
export interface ShopPeer extends AsyncDisposable {
  /** TCP port on 127.0.0.1. */
  port: number;
  /** Whether /health answers 200. */
  healthy: boolean;
  /** Closes the server and its kept-alive connections. */
  close(): Promise<void>;
}

/** @returns the running service, healthy */
export async function startShop(): Promise<ShopPeer> {
  const server = createServer((req, res) => {
    if (req.url !== '/health') res.writeHead(404).end('not found\n');
    else if (peer.healthy) res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}\n');
    else res.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"error","reason":"worker pool exhausted"}\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  const peer: ShopPeer = { port: (server.address() as AddressInfo).port, healthy: true, close, [Symbol.asyncDispose]: close };
  return peer;
}
