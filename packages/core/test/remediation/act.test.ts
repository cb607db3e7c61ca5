import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { StateStore } from '../../src/store/types.js';
import { createTestWarden, type TestWarden } from '../../src/testing/test-warden.js';
import { type ActionCalls, act, LEAKED, shimPlugin } from './fixtures.js';

const made: TestWarden[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((w) => w.stop()));
});

function setup(store?: StateStore) {
  const calls: ActionCalls = { told: [], abortedHangs: 0 };
  const warden = createTestWarden({ plugins: [shimPlugin(calls)], ...(store ? { store } : {}) });
  made.push(warden);
  warden.assets.add({ id: 'web-1', kind: 'host', address: '10.0.0.5' });
  return { warden, calls };
}

describe('warden.act', () => {
  it('runs the action with macros expanded, returns its result and audits started then finished', async () => {
    const { warden, calls } = setup();
    const t0 = warden.clock.now();
    const result = await act(warden, 'shim.restart', 'web-1', { service: 'nginx', host: '{address}' }, { actor: 'ana' });
    expect(result).toMatchObject({ ok: true, output: 'nginx restarted', durationMs: 0 });
    expect(calls.told).toEqual(['restart web-1 {"service":"nginx","host":"10.0.0.5"}']);
    const audit = await warden.audit.query({ asset: 'web-1' });
    expect(audit.map((r) => r.kind)).toEqual(['started', 'finished']);
    expect(audit[0]).toMatchObject({
      at: t0,
      rule: 'act',
      action: 'shim.restart',
      asset: 'web-1',
      run: result.run,
      params: { service: 'nginx', host: '10.0.0.5' },
      reason: 'manual act by ana',
    });
    expect(audit[1]).toMatchObject({ run: result.run, ok: true, output: 'nginx restarted', durationMs: 0 });
    expect(new Set(audit.map((r) => r.id)).size).toBe(2);
  });

  it('is not gated by the global remediation switch: it acts with remediation off (the default)', async () => {
    const { warden, calls } = setup();
    await act(warden, 'shim.restart', 'web-1', { service: 'sshd' });
    expect(calls.told).toHaveLength(1);
  });

  it('refuses an unknown action (listing the known ones), an unknown asset and invalid params, and acts on none', async () => {
    const { warden, calls } = setup();
    await expect(act(warden, 'shim.reboot', 'web-1', { service: 'x' })).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      message: expect.stringMatching(/unknown action "shim.reboot"; known actions: exec.local, shim.garbage, .*shim.restart/),
    });
    await expect(act(warden, 'shim.restart', 'db-9', { service: 'x' })).rejects.toMatchObject({
      code: 'ERR_NOT_FOUND',
      message: expect.stringContaining('no asset "db-9"'),
    });
    await expect(act(warden, 'shim.restart', 'web-1', { service: '', extra: 1 })).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      message: expect.stringMatching(/params\.service[\s\S]*extra/),
    });
    await expect(act(warden, 'shim.restart', 'web-1', { service: '{labels.missing}' })).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
    });
    await expect(warden.act('exec.local', 'web-1', { command: 'reboot' } as never)).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' });
    expect(calls.told).toEqual([]);
    expect(await warden.audit.query()).toEqual([]);
  });

  it('contains an action that throws or returns garbage: ok false with ERR_PLUGIN, audited', async () => {
    const { warden } = setup();
    const thrown = await act(warden, 'shim.throws', 'web-1', {});
    expect(thrown).toMatchObject({ ok: false, code: 'ERR_PLUGIN', error: 'shim.throws threw: socket hang up' });
    const junk = await act(warden, 'shim.garbage', 'web-1', {});
    expect(junk).toMatchObject({ ok: false, code: 'ERR_PLUGIN', error: expect.stringContaining('not an ActionResult') });
    const finished = (await warden.audit.query()).filter((r) => r.kind === 'finished');
    expect(finished.map((r) => [r.action, r.ok, r.reason])).toEqual([
      ['shim.throws', false, 'shim.throws threw: socket hang up'],
      ['shim.garbage', false, expect.stringContaining('not an ActionResult')],
    ]);
  });

  it('times out an action that hangs: aborts its signal, returns ERR_TIMEOUT and audits the duration', async () => {
    const { warden, calls } = setup();
    const pending = act(warden, 'shim.hangs', 'web-1', {}, { timeout: '30s' });
    let settled = false;
    void pending.then(() => {
      settled = true;
    });
    await warden.clock.advance(29_999);
    expect(settled).toBe(false);
    expect((await warden.audit.query()).map((r) => r.kind)).toEqual(['started']);
    await warden.clock.advance(1);
    const result = await pending;
    expect(result).toMatchObject({ ok: false, code: 'ERR_TIMEOUT', durationMs: 30_000 });
    expect(calls.abortedHangs).toBe(1);
    expect((await warden.audit.query()).at(-1)).toMatchObject({ kind: 'finished', ok: false, durationMs: 30_000 });
  });

  it('scrubs revealed secrets from the result and the audit log', async () => {
    const { warden } = setup();
    const result = await act(warden, 'shim.leaky', 'web-1', {});
    expect(result.output).toBe('logged in with [redacted]');
    expect(result.error).toBe('auth [redacted] rejected');
    expect(JSON.stringify(await warden.audit.query())).not.toContain(LEAKED);
  });

  it('commits the intent record before the action starts, and does not act when it cannot', async () => {
    const inner = createMemoryStore();
    const seenAtStart: string[] = [];
    let failing = false;
    const store: StateStore = {
      ...inner,
      appendAudit: async (records) => {
        if (failing) throw new Error('disk full');
        await inner.appendAudit(records);
      },
    };
    const calls: ActionCalls = { told: [], abortedHangs: 0 };
    const warden = createTestWarden({ plugins: [shimPlugin(calls)], store });
    made.push(warden);
    warden.assets.add({ id: 'web-1', kind: 'host' });
    warden.on('warden:error', () => undefined);
    const original = calls.told.push.bind(calls.told);
    calls.told.push = (...items: string[]) => {
      void inner.queryAudit().then((records) => seenAtStart.push(records.map((r) => r.kind).join(',')));
      return original(...items);
    };
    await act(warden, 'shim.restart', 'web-1', { service: 'nginx' });
    await warden.clock.flush();
    expect(seenAtStart).toEqual(['started']);

    failing = true;
    await expect(act(warden, 'shim.restart', 'web-1', { service: 'nginx' })).rejects.toMatchObject({
      code: 'ERR_STORE',
      message: expect.stringContaining('was not started'),
    });
    expect(calls.told).toHaveLength(1);
  });

  it('filters the audit log by asset, rule and time, and refuses a bad filter', async () => {
    const { warden } = setup();
    warden.assets.add({ id: 'web-2', kind: 'host' });
    await act(warden, 'shim.restart', 'web-1', { service: 'a' });
    await warden.clock.advance(60_000);
    const mid = warden.clock.now();
    await act(warden, 'shim.restart', 'web-2', { service: 'b' });
    expect((await warden.audit.query({ asset: 'web-2' })).map((r) => r.kind)).toEqual(['started', 'finished']);
    expect(await warden.audit.query({ rule: 'nightly' })).toEqual([]);
    expect((await warden.audit.query({ from: new Date(mid).toISOString() })).map((r) => r.asset)).toEqual(['web-2', 'web-2']);
    expect((await warden.audit.query({ to: mid })).map((r) => r.asset)).toEqual(['web-1', 'web-1']);
    await expect(warden.audit.query({ from: 'yesterday' })).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' });
    await expect(warden.audit.query({ assets: 'web-1' } as never)).rejects.toThrow(/unknown key "assets"/);
  });

  it('rejects after stop()', async () => {
    const { warden } = setup();
    await warden.stop();
    await expect(act(warden, 'shim.restart', 'web-1', { service: 'x' })).rejects.toMatchObject({ code: 'ERR_STOPPED' });
  });
});
