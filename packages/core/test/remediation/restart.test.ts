import { afterEach, describe, expect, it } from 'vitest';
import type { CheckStatus } from '../../src/checks/types.js';
import type { AuditRecord } from '../../src/remediation/types.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { StateStore } from '../../src/store/types.js';
import { createTestWarden, type TestWarden } from '../../src/testing/test-warden.js';
import { type ActionCalls, shimPlugin } from './fixtures.js';

const made: TestWarden[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((w) => w.stop()));
});

const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;

/** A Warden on `store` (which outlives it, as a durable store would) with the restart rule on `http`. */
function boot(store: StateStore, status: { http: CheckStatus }) {
  const calls: ActionCalls = { told: [], abortedHangs: 0 };
  const warden = createTestWarden({ plugins: [shimPlugin(calls)], remediation: { enabled: true }, store, start: T0 + 10 * MINUTE });
  made.push(warden);
  warden.assets.add({ id: 'web-1', kind: 'host' });
  warden.check({ id: 'http', assets: '*', every: '1m', attempts: 1, run: () => ({ status: status.http, summary: status.http }) });
  warden.remediate({
    id: 'restart',
    on: { check: 'http', status: ['critical'] },
    action: 'shim.restart',
    params: { service: 'nginx' },
    policy: { cooldown: '30m' },
  });
  return { warden, calls };
}

const started = (run: string, asset: string, at: number): AuditRecord => ({
  id: `s-${run}`,
  at,
  kind: 'started',
  rule: 'restart',
  action: 'shim.restart',
  asset,
  run,
});

describe('remediation after a restart', () => {
  it('flags an action that started but never finished as in doubt, and does not retry it on that asset', async () => {
    const shared = createMemoryStore();
    const store: StateStore = { ...shared, close: async () => undefined };
    // The previous process committed its intent, then died before the outcome.
    await store.appendAudit([started('crashed', 'web-1', T0)]);
    const failed: string[] = [];
    const status = { http: 'ok' as CheckStatus };
    const { warden, calls } = boot(store, status);
    warden.on('remediation:failed', (e) => void failed.push(`${e.asset} ${e.message}`));
    await warden.start();
    const doubt = (await warden.audit.query({ rule: 'restart' })).filter((r) => r.kind === 'in-doubt');
    expect(doubt).toMatchObject([{ run: 'crashed', asset: 'web-1', action: 'shim.restart' }]);
    expect(failed).toEqual([expect.stringMatching(/^web-1 Warden stopped while this action ran/)]);

    // Still failing after the restart: the rule must not act again on its own.
    status.http = 'critical';
    await warden.clock.advance(MINUTE);
    expect(calls.told).toEqual([]);
    const last = (await warden.audit.query({ rule: 'restart' })).at(-1);
    expect(last).toMatchObject({ kind: 'skipped', reason: expect.stringContaining('in doubt') });

    // Once the check is OK the doubt is cleared (a person fixed it); the next episode acts (cooldown permitting).
    status.http = 'ok';
    await warden.clock.advance(MINUTE);
    await warden.clock.advance(30 * MINUTE);
    status.http = 'critical';
    await warden.clock.advance(MINUTE);
    expect(calls.told).toEqual(['restart web-1 {"service":"nginx"}']);
  });

  it('flags a run in doubt once, not again at the next restart', async () => {
    const shared = createMemoryStore();
    const store: StateStore = { ...shared, close: async () => undefined };
    await store.appendAudit([started('crashed', 'web-1', T0)]);
    await boot(store, { http: 'ok' }).warden.start();
    await made[0]?.stop();
    await boot(store, { http: 'ok' }).warden.start();
    expect((await shared.queryAudit()).filter((r) => r.kind === 'in-doubt')).toHaveLength(1);
  });

  it('carries the cooldown on from the audit log: an action finished before the restart still counts', async () => {
    const shared = createMemoryStore();
    const store: StateStore = { ...shared, close: async () => undefined };
    await store.appendAudit([started('done', 'web-1', T0), { ...started('done', 'web-1', T0), id: 'f-done', kind: 'finished', ok: true }]);
    const status = { http: 'ok' as CheckStatus };
    const { warden, calls } = boot(store, status);
    await warden.start();
    await warden.clock.advance(MINUTE);
    status.http = 'critical';
    await warden.clock.advance(MINUTE); // 12 minutes after the last action: cooldown is 30
    expect(calls.told).toEqual([]);
    expect((await warden.audit.query({ rule: 'restart' })).at(-1)).toMatchObject({
      kind: 'skipped',
      reason: expect.stringMatching(/^in cooldown/),
    });
    expect((await warden.audit.query()).some((r) => r.kind === 'in-doubt')).toBe(false);
  });

  it('carries the attempt count of a problem episode still open at the restart', async () => {
    const shared = createMemoryStore();
    const store: StateStore = { ...shared, close: async () => undefined };
    await store.saveCheckStates([{ check: 'http', asset: 'web-1', status: 'critical', stateType: 'hard', attempt: 1, lastChangeAt: T0 }]);
    await store.appendStateChanges([{ check: 'http', asset: 'web-1', at: T0, status: 'critical', previous: 'ok', stateType: 'hard' }]);
    await store.appendAudit([
      started('done', 'web-1', T0 + 1),
      { ...started('done', 'web-1', T0 + 1), id: 'f-done', kind: 'finished', ok: true },
    ]);
    const calls: ActionCalls = { told: [], abortedHangs: 0 };
    const warden = createTestWarden({ plugins: [shimPlugin(calls)], remediation: { enabled: true }, store, start: T0 + 10 * MINUTE });
    made.push(warden);
    let status: CheckStatus = 'critical';
    warden.assets.add({ id: 'web-1', kind: 'host' });
    warden.check({ id: 'http', assets: '*', every: '1m', attempts: 1, run: () => ({ status, summary: status }) });
    warden.remediate({
      id: 'restart',
      on: { check: 'http', status: ['critical', 'warning'] },
      action: 'shim.restart',
      params: { service: 'nginx' },
      policy: { maxAttempts: 1, cooldown: 0 },
    });
    await warden.start();
    status = 'warning'; // a transition inside the same episode
    await warden.clock.advance(MINUTE);
    expect(calls.told).toEqual([]);
    expect((await warden.audit.query({ rule: 'restart' })).at(-1)).toMatchObject({
      kind: 'skipped',
      reason: 'maxAttempts (1) reached for this problem episode',
    });
  });

  it('carries the global hourly count on: actions of other rules (not manual acts) started before the restart use up rateLimit.global', async () => {
    const shared = createMemoryStore();
    const store: StateStore = { ...shared, close: async () => undefined };
    const other = (id: string, rule: string, at: number): AuditRecord => ({ ...started(id, 'web-9', at), id, rule });
    // Ten minutes before the restart, another rule acted twice; a person acted by hand five times.
    await store.appendAudit([
      other('o1', 'reboot-db', T0),
      other('o2', 'reboot-db', T0 + 1),
      ...[1, 2, 3, 4, 5].map((n) => other(`m${n}`, 'act', T0 + n)),
    ]);
    const calls: ActionCalls = { told: [], abortedHangs: 0 };
    const warden = createTestWarden({ plugins: [shimPlugin(calls)], remediation: { enabled: true }, store, start: T0 + 10 * MINUTE });
    made.push(warden);
    let status: CheckStatus = 'ok';
    for (const id of ['web-1', 'web-2']) warden.assets.add({ id, kind: 'host' });
    warden.check({ id: 'http', assets: '*', every: '1m', attempts: 1, run: () => ({ status, summary: status }) });
    warden.remediate({
      id: 'restart',
      on: { check: 'http', status: ['critical'] },
      action: 'shim.restart',
      params: { service: 'nginx' },
      policy: { rateLimit: { global: 3 } },
    });
    await warden.start();
    await warden.clock.advance(MINUTE);
    status = 'critical';
    await warden.clock.advance(MINUTE);
    expect(calls.told).toHaveLength(1);
    expect((await warden.audit.query({ rule: 'restart' })).filter((r) => r.kind === 'skipped').map((r) => r.reason)).toEqual([
      'rate limit: 3 automatic actions (every rule and change) in the last hour (global 3)',
    ]);
  });
});
