import { afterEach, describe, expect, it } from 'vitest';
import type { CheckStatus } from '../../src/checks/types.js';
import { healthHandler, liveness } from '../../src/http/health.js';
import type { ResolvedHealthOptions } from '../../src/http/options.js';
import type { HealthBody, WardenEngineInfo } from '../../src/http/types.js';
import { createTestWarden } from '../../src/testing/test-warden.js';
import type { Warden } from '../../src/warden/types.js';
import { type Listening, listenNode } from './helpers.js';

const open: Array<Listening | Warden> = [];
afterEach(async () => {
  for (const item of open.splice(0)) await ('url' in item ? item.close() : item.stop());
});

/** A started warden with a readiness check `db` and an ordinary check `disk`, both driven by variables. */
async function setup() {
  const warden = createTestWarden();
  open.push(warden);
  const status: { db: CheckStatus; disk: CheckStatus } = { db: 'ok', disk: 'ok' };
  warden.assets.add({ id: 'app', kind: 'service' });
  warden.check({ id: 'db', assets: { ids: ['app'] }, readiness: true, run: () => ({ status: status.db, summary: `db ${status.db}` }) });
  warden.check({ id: 'disk', assets: { ids: ['app'] }, run: () => ({ status: status.disk, summary: `disk ${status.disk}` }) });
  const live = await listenNode(healthHandler(warden, { kind: 'live' }));
  const ready = await listenNode(healthHandler(warden, { kind: 'ready' }));
  const strict = await listenNode(healthHandler(warden, { kind: 'ready', warningIsReady: false }));
  open.push(live, ready, strict);
  return { warden, status, live, ready, strict };
}

async function get(url: string): Promise<{ code: number; body: HealthBody; headers: Headers }> {
  const res = await fetch(url);
  return { code: res.status, body: (await res.json()) as HealthBody, headers: res.headers };
}

describe('healthHandler', () => {
  it('liveness is 503 before start() and 200 once the engine runs', async () => {
    const { warden, live } = await setup();
    const before = await get(live.url);
    expect(before.code).toBe(503);
    expect(before.body.reasons).toEqual(['warden is not started']);
    await warden.start();
    const after = await get(live.url);
    expect(after.code).toBe(200);
    expect(after.body).toMatchObject({ status: 'ok', kind: 'live', engine: { status: 'running' } });
    expect(after.headers.get('cache-control')).toBe('no-store');
    expect(after.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('a failing monitored check fails readiness but never liveness', async () => {
    const { warden, status, live, ready } = await setup();
    await warden.start();
    status.db = 'critical';
    status.disk = 'critical';
    await warden.runOnce({ incidents: true });
    expect(warden.state('db', 'app')?.status).toBe('critical');
    expect((await get(live.url)).code).toBe(200);
    const r = await get(ready.url);
    expect(r.code).toBe(503);
    expect(r.body.status).toBe('fail');
    expect(r.body.reasons).toEqual(['db on app: critical (db critical)']);
    // only readiness checks are listed; `disk` is not one
    expect(r.body.checks.map((c) => c.check)).toEqual(['db']);
  });

  it('readiness follows the readiness checks: pending → 503, ok → 200, warning → degraded', async () => {
    const { warden, status, ready, strict } = await setup();
    const pending = await get(ready.url);
    expect(pending.code).toBe(503);
    expect(pending.body.checks[0]).toMatchObject({ check: 'db', asset: 'app', status: 'pending' });

    await warden.runOnce({ incidents: true });
    const ok = await get(ready.url);
    expect(ok.code).toBe(200);
    expect(ok.body.status).toBe('ok');
    expect(ok.body.checks[0]).toMatchObject({ status: 'ok', stateType: 'hard', summary: 'db ok', lastCheckAt: '2026-01-01T00:00:00.000Z' });

    status.db = 'warning';
    await warden.runOnce({ incidents: true });
    const warn = await get(ready.url);
    expect(warn.code).toBe(200);
    expect(warn.body.status).toBe('degraded');
    expect((await get(strict.url)).code).toBe(503);

    status.db = 'ok';
    await warden.runOnce({ incidents: true });
    expect((await get(ready.url)).code).toBe(200);
  });

  it('a soft problem (still retrying) keeps readiness until it is confirmed', async () => {
    const warden = createTestWarden();
    open.push(warden);
    let current: CheckStatus = 'ok';
    warden.assets.add({ id: 'app', kind: 'service' });
    warden.check({ id: 'db', assets: { ids: ['app'] }, readiness: true, attempts: 2, run: () => ({ status: current, summary: current }) });
    const ready = await listenNode(healthHandler(warden));
    open.push(ready);
    await warden.runOnce({ incidents: true });
    current = 'critical';
    await warden.runOnce({ incidents: true });
    expect(warden.state('db', 'app')?.stateType).toBe('soft');
    expect((await get(ready.url)).code).toBe(200);
    await warden.runOnce({ incidents: true });
    expect(warden.state('db', 'app')?.stateType).toBe('hard');
    expect((await get(ready.url)).code).toBe(503);
  });

  it('never runs a check: serving the probes leaves lastCheckAt untouched', async () => {
    let runs = 0;
    const warden = createTestWarden();
    open.push(warden);
    warden.assets.add({ id: 'app', kind: 'service' });
    warden.check({
      id: 'db',
      assets: { ids: ['app'] },
      readiness: true,
      run: () => {
        runs++;
        return { status: 'ok', summary: 'ok' };
      },
    });
    const ready = await listenNode(healthHandler(warden));
    open.push(ready);
    for (let i = 0; i < 3; i++) await get(ready.url);
    expect(runs).toBe(0);
  });

  it('answers 405 to a POST and HEAD without a body', async () => {
    const { live } = await setup();
    expect((await fetch(live.url, { method: 'POST' })).status).toBe(405);
    const head = await fetch(live.url, { method: 'HEAD' });
    expect(head.status).toBe(503);
    expect(await head.text()).toBe('');
  });

  it('rejects invalid options with ERR_CONFIG_INVALID naming the option', () => {
    const warden = createTestWarden();
    open.push(warden);
    expect(() => healthHandler(warden, { maxLag: '5parsecs' })).toThrow(/maxLag/);
    expect(() => healthHandler(warden, { kind: 'sideways' as 'live' })).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }));
  });
});

describe('liveness', () => {
  const options: ResolvedHealthOptions = {
    kind: 'live',
    maxLag: 1_000,
    maxEventLoopDelay: 500,
    liveBeforeStart: false,
    warningIsReady: true,
    pendingIsReady: false,
  };
  const summary = (p99: number) => ({ p50: p99 / 2, p99, max: p99, count: 10 });
  const engine = (overrides: Partial<WardenEngineInfo['scheduler']>, status: WardenEngineInfo['status'] = 'running') => ({
    engine: (): WardenEngineInfo => ({
      status,
      readinessChecks: [],
      scheduler: {
        state: 'running',
        jobs: 1,
        running: 0,
        queued: 0,
        lag: summary(10),
        duration: summary(5),
        counters: { runs: 0, ok: 0, failed: 0, overruns: 0, timeouts: 0, abandoned: 0, missed: 0, yields: 0 },
        eventLoopDelay: summary(20),
        ...overrides,
      },
    }),
  });

  it('fails when scheduler lag or event-loop delay exceed their limits', () => {
    expect(liveness(engine({}), options).status).toBe('ok');
    expect(liveness(engine({ lag: summary(1_500) }), options).reasons).toEqual(['scheduler lag p99 1500ms exceeds 1000ms']);
    expect(liveness(engine({ eventLoopDelay: summary(800) }), options).reasons).toEqual(['event-loop delay p99 800ms exceeds 500ms']);
  });

  it('fails once stopping, and when the scheduler is not running', () => {
    expect(liveness(engine({}, 'stopping'), options).reasons).toEqual(['warden is stopping']);
    expect(liveness(engine({ state: 'stopped' }), options).reasons).toEqual(['scheduler is stopped']);
    expect(liveness(engine({}, 'idle'), { ...options, liveBeforeStart: true }).status).toBe('ok');
  });
});
