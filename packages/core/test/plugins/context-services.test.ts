import { afterEach, describe, expect, it } from 'vitest';
import { definePlugin, type StartContext } from '../../src/plugins/define-plugin.js';
import type { HookContext } from '../../src/plugins/types.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { createTestHookContext } from '../../src/testing/hook-context.js';
import { createTestWarden, type TestWarden } from '../../src/testing/test-warden.js';
import { normalizeAddress } from '../../src/warden/plugin-services.js';

const MIN = 60_000;
const started: TestWarden[] = [];
afterEach(async () => {
  for (const warden of started.splice(0)) await warden.stop();
});

/** A plugin that hands its start context and its last probe context to the test. */
function spy() {
  const seen: { start?: StartContext; probe?: HookContext } = {};
  const plugin = definePlugin({
    name: 'spy',
    version: '1.0.0',
    setup(ctx) {
      ctx.onStart((start) => {
        seen.start = start;
      });
      ctx.probe({
        name: 'look',
        run(_asset, _params, probe) {
          seen.probe = probe;
          return { status: 'ok', summary: 'looked' };
        },
      });
    },
  });
  return { seen, plugin: plugin() };
}

function warden(options: Parameters<typeof createTestWarden>[0] = {}) {
  const { seen, plugin } = spy();
  const w = createTestWarden({ ...options, plugins: [plugin] });
  started.push(w);
  w.assets.add({ id: 'sw-1', kind: 'switch', address: '10.0.0.1' });
  w.assets.add({ id: 'ups-1', kind: 'ups', address: 'FE80::1' });
  w.assets.add({ id: 'web-1', kind: 'host', address: '10.0.0.9', dependsOn: ['sw-1'] });
  return { w, seen };
}

describe('plugin context: assets', () => {
  it('looks assets up by id, selector and source address (IPv4-mapped IPv6 and case normalised)', async () => {
    const { w, seen } = warden();
    await w.start();
    const ctx = seen.start as StartContext;
    expect(ctx.assets.get('sw-1')?.kind).toBe('switch');
    expect(ctx.assets.get('nope')).toBeUndefined();
    expect(ctx.assets.list('kind in (switch,ups)').map((a) => a.id)).toEqual(['sw-1', 'ups-1']);
    expect(ctx.assets.byAddress('::ffff:10.0.0.1')?.id).toBe('sw-1');
    expect(ctx.assets.byAddress('fe80::1')?.id).toBe('ups-1');
    expect(ctx.assets.byAddress('[fe80::1]')?.id).toBe('ups-1');
    expect(ctx.assets.byAddress('10.0.0.2')).toBeUndefined();
    // Live: an asset added after start is found.
    w.assets.add({ id: 'sw-2', kind: 'switch', address: '10.0.0.2' });
    expect(ctx.assets.byAddress('10.0.0.2')?.id).toBe('sw-2');
  });

  it('normalises addresses without mangling host names or plain IPv6', () => {
    expect(normalizeAddress('::FFFF:192.0.2.1')).toBe('192.0.2.1');
    expect(normalizeAddress('::ffff:abcd')).toBe('::ffff:abcd');
    expect(normalizeAddress('Switch-1.Example')).toBe('switch-1.example');
  });
});

describe('plugin context: submit and emit from a start hook, after start', () => {
  it("a start hook's context submits to passive checks and emits the plugin's events for as long as the Warden runs", async () => {
    const { w, seen } = warden();
    w.check({ id: 'link', assets: 'kind=switch', passive: true, freshness: '1h' });
    const events: unknown[] = [];
    w.on('spy:trap' as never, (payload: unknown) => void events.push(payload));
    await w.start();
    const ctx = seen.start as StartContext;
    await w.clock.advance(5 * MIN);
    await ctx.submit('link', 'sw-1', { status: 'critical', summary: 'linkDown ifIndex 3' });
    expect(w.state('link', 'sw-1')).toMatchObject({ status: 'critical', result: { summary: 'linkDown ifIndex 3' } });
    ctx.emit('spy:trap', { from: '10.0.0.1' });
    expect(events).toEqual([{ from: '10.0.0.1' }]);
    await expect(ctx.submit('link', 'nope', { status: 'ok', summary: 'x' })).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
  });
});

describe('plugin context: maintenance', () => {
  it('answers whether an asset is in maintenance, with the windows covering it', async () => {
    const { w, seen } = warden();
    const from = w.clock.now() + 10 * MIN;
    w.maintenance({ id: 'patch', assets: 'kind=switch', from, to: from + 30 * MIN, includeChildren: true, reason: 'firmware' });
    w.maintenance({ id: 'disk-only', assets: { ids: ['web-1'] }, checks: ['disk'], from: w.clock.now(), to: from });
    w.check({ id: 'look', probe: 'spy.look' as never, assets: '*', every: '1m' });
    await w.start();
    await w.clock.advance(MIN);
    const ctx = seen.probe as HookContext;
    expect(ctx.maintenance.isActive('web-1')).toBe(false); // only the disk check is in maintenance
    expect(ctx.maintenance.isActive('web-1', { check: 'disk' })).toBe(true);
    expect(ctx.maintenance.windows('web-1').map((m) => m.id)).toEqual(['disk-only']);
    expect(ctx.maintenance.isActive('sw-1', { at: from + MIN })).toBe(true);
    await w.clock.advance(10 * MIN);
    expect(ctx.maintenance.isActive('sw-1')).toBe(true);
    expect(ctx.maintenance.isActive('web-1')).toBe(true); // a child of sw-1
    expect(ctx.maintenance.windows('sw-1')).toEqual([
      expect.objectContaining({ id: 'patch', reason: 'firmware', from, to: from + 30 * MIN }),
    ]);
  });

  it('schedules a window under the plugin name; the same window again changes nothing, a moved one replaces it', async () => {
    const { w, seen } = warden();
    const edges: string[] = [];
    w.on('maintenance:started', (e) => void edges.push(`started ${e.id} ${e.assets}`));
    w.on('maintenance:ended', (e) => void edges.push(`ended ${e.id}`));
    await w.start();
    const ctx = seen.start as StartContext;
    const now = w.clock.now();
    const spec = { id: 'i-123:system-reboot', assets: { ids: ['web-1'] }, from: now, to: now + HOUR_MS, reason: 'system-reboot' };
    const handle = ctx.maintenance.schedule(spec);
    expect(handle.id).toBe('spy:i-123:system-reboot');
    expect(ctx.maintenance.schedule({ ...spec }).id).toBe('spy:i-123:system-reboot');
    expect(edges).toEqual(['started spy:i-123:system-reboot web-1']);
    ctx.maintenance.schedule({ ...spec, to: now + 2 * HOUR_MS });
    expect(edges).toEqual([
      'started spy:i-123:system-reboot web-1',
      'ended spy:i-123:system-reboot',
      'started spy:i-123:system-reboot web-1',
    ]);
    expect(ctx.maintenance.windows('web-1').map((m) => m.to - m.from)).toEqual([2 * HOUR_MS]);
    expect(() => ctx.maintenance.schedule({ ...spec, to: now - 1 })).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }));
    expect(ctx.maintenance.isActive('web-1')).toBe(true); // the bad spec left the window in place
    ctx.maintenance.schedule({ ...spec, to: now + 2 * HOUR_MS }).remove();
    expect(ctx.maintenance.isActive('web-1')).toBe(false);
    expect(edges.at(-1)).toBe('ended spy:i-123:system-reboot');
  });
});

const HOUR_MS = 60 * MIN;

describe('plugin context: store', () => {
  it("keeps a plugin's values in the Warden's store, per plugin, across Wardens sharing the store", async () => {
    const store = createMemoryStore();
    const first = warden({ store });
    await first.w.start();
    await first.seen.start?.store.set('bulk:sw-1', { maxRepetitions: 12 });
    expect(await store.getPluginState('spy', 'bulk:sw-1')).toEqual({ maxRepetitions: 12 });
    expect(await store.getPluginState('other', 'bulk:sw-1')).toBeUndefined();
    await first.w.stop();

    const second = warden({ store: { ...store, close: async () => undefined } });
    await second.w.start();
    const ctx = second.seen.start as StartContext;
    expect(await ctx.store.get('bulk:sw-1')).toEqual({ maxRepetitions: 12 });
    await ctx.store.delete('bulk:sw-1');
    expect(await ctx.store.get('bulk:sw-1')).toBeUndefined();
  });
});

describe('createTestHookContext', () => {
  it('gives unit tests the same services, recording emits and submits', async () => {
    const ctx = createTestHookContext({ plugin: 'acme', assets: [{ id: 'pdu-1', kind: 'pdu', address: '192.0.2.7' }] });
    expect(ctx.assets.byAddress('192.0.2.7')?.id).toBe('pdu-1');
    ctx.emit('acme:alarm', { outlet: 3 });
    await ctx.submit('power', 'pdu-1', { status: 'critical', summary: 'outlet 3 off' });
    expect(ctx.emitted).toEqual([{ event: 'acme:alarm', payload: { outlet: 3 } }]);
    expect(ctx.submitted).toEqual([{ check: 'power', asset: 'pdu-1', result: { status: 'critical', summary: 'outlet 3 off' } }]);
    const now = Date.now();
    ctx.calendar.add({ id: 'm', assets: '*', from: now - 1000, to: now + 60_000 });
    expect(ctx.maintenance.isActive('pdu-1')).toBe(true);
    await ctx.store.set('k', [1, 2]);
    expect(await ctx.store.get('k')).toEqual([1, 2]);
  });
});
