import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Warden } from '../warden/types.js';
import { hasBearer } from './auth.js';
import { healthHandler } from './health.js';
import { metricsHandler } from './metrics.js';
import { parseServeOptions } from './options.js';
import { rejectUnlessRead, sendJson } from './respond.js';
import { handleSubmit } from './submit.js';
import type { NodeHandler, ServeOptions, WardenServer } from './types.js';

/**
 * Serves a Warden over HTTP — the implementation of `warden.serve()`: `GET /health/live`,
 * `GET /health/ready`, `GET /metrics`, `GET /incidents` (open incidents as JSON, `?asset=` and `?check=` filters) and
 * `POST /submit` (passive results and heartbeats). Listens only on `host` (loopback by
 * default); with `token`, every request needs `Authorization: Bearer <token>`.
 *
 * @param warden - the Warden to serve
 * @param options - port, host, token, handler options
 * @param servers - the Warden's set of open servers: the server adds itself and leaves on close
 * @returns once listening: the port and `close()`
 * @throws WardenError `ERR_CONFIG_INVALID` for invalid options; the listen error (e.g. `EADDRINUSE`)
 */
export async function serveWarden(warden: Warden, options: ServeOptions, servers?: Set<WardenServer>): Promise<WardenServer> {
  const o = parseServeOptions(options);
  const routes: Record<string, NodeHandler> = {
    '/health/live': healthHandler(warden, { ...o.health, kind: 'live' }),
    '/health/ready': healthHandler(warden, { ...o.health, kind: 'ready' }),
    '/metrics': metricsHandler(warden, o.metrics ?? {}),
    '/incidents': (req, res) => {
      if (rejectUnlessRead(req, res)) return;
      const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
      const filter: { open: true; asset?: string; check?: string } = { open: true };
      const asset = params.get('asset');
      const check = params.get('check');
      if (asset) filter.asset = asset;
      if (check) filter.check = check;
      sendJson(req, res, 200, warden.incidents.list(filter));
    },
  };
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (o.token !== undefined && !hasBearer(req, o.token)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      sendJson(req, res, 401, { error: 'ERR_UNAUTHORIZED', message: 'send Authorization: Bearer <token>' });
      return;
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/submit') {
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        sendJson(req, res, 405, { error: 'ERR_METHOD', message: 'use POST /submit' });
        return;
      }
      handleSubmit(warden, req, res).catch((err: unknown) => fail(req, res, err));
      return;
    }
    const route = routes[path];
    if (route === undefined) {
      sendJson(req, res, 404, {
        error: 'ERR_NOT_FOUND',
        message: `no route ${path}; try ${[...Object.keys(routes), '/submit'].join(', ')}`,
      });
      return;
    }
    try {
      route(req, res);
    } catch (err) {
      fail(req, res, err);
    }
  };
  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let closing: Promise<void> | undefined;
  const handleOut: WardenServer = {
    port: (server.address() as AddressInfo).port,
    host: o.host,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        servers?.delete(handleOut);
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
  servers?.add(handleOut);
  return handleOut;
}

function fail(req: IncomingMessage, res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(req, res, 500, { error: 'ERR_INTERNAL', message: err instanceof Error ? err.message : String(err) });
}
