// An existing express app that embeds Warden's health and metrics endpoints:
//
//   GET /          the app's own route
//   GET /healthz   liveness — Warden's own engine only (a failing dependency never restarts the app)
//   GET /readyz    readiness — the checks marked `readiness: true` (here: the database port answers)
//   GET /metrics   Prometheus text, or OpenMetrics when the scraper asks for it
//
//   npx tsx --conditions=@warden/source examples/express-health/index.ts [--port 3000] [--database 127.0.0.1:5432]
import { parseArgs } from 'node:util';
import { createWarden } from '@warden/core';
import { healthHandler, metricsHandler } from '@warden/core/http';
import express from 'express';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '3000' },
    host: { type: 'string', default: '127.0.0.1' },
    database: { type: 'string', default: '127.0.0.1:5432' },
  },
});
const [dbHost = '127.0.0.1', dbPort = '5432'] = values.database.split(/:(?=\d+$)/);

const warden = createWarden();
warden.assets.add({ id: 'self', kind: 'host', address: '127.0.0.1' });
warden.assets.add({ id: 'database', kind: 'service', address: dbHost });
// This machine's CPU, memory, disks and network, exported on /metrics.
warden.collect({ collector: 'host.local', assets: { ids: ['self'] }, every: '15s' });
// The app cannot serve without its database: this check decides readiness.
warden.check({
  id: 'database-port',
  assets: { ids: ['database'] },
  probe: 'tcp',
  params: { port: Number(dbPort) },
  every: '10s',
  readiness: true,
});

const app = express();
app.get('/', (_req, res) => {
  res.send('hello from the app\n');
});
app.get('/healthz', healthHandler(warden, { kind: 'live' }));
app.get('/readyz', healthHandler(warden, { kind: 'ready' }));
app.get('/metrics', metricsHandler(warden));

// One pass first, so /readyz answers from a real result rather than "pending"; then the schedule.
await warden.runOnce({ incidents: true });
await warden.start();
const server = app.listen(Number(values.port), values.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : values.port;
  console.log(`listening on http://${values.host}:${port}`);
});

const shutdown = () => {
  server.close();
  server.closeAllConnections();
  void warden.stop().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
