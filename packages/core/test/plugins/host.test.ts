import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WardenEmitter } from '../../src/events/emitter.js';
import type { WardenErrorEvent } from '../../src/events/types.js';
import { silentLogger } from '../../src/internal/logger.js';
import { definePlugin } from '../../src/plugins/define-plugin.js';
import { PluginHost } from '../../src/plugins/host.js';
import { createTestHookContext } from '../../src/testing/hook-context.js';
import { thrown } from '../helpers/thrown.js';

const startContext = (plugin: string, signal: AbortSignal) => ({ ...createTestHookContext({ plugin }), signal });

const newHost = () => {
  const emitter = new WardenEmitter();
  return { host: new PluginHost({ logger: silentLogger, emitter }), emitter };
};

const acme = definePlugin({
  name: 'acme',
  version: '1.2.0',
  core: '^0.1.0',
  options: z.strictObject({ token: z.string().min(1), retries: z.number().int().min(0).default(2) }),
  assetConfig: z.strictObject({ port: z.number() }),
  setup(ctx, options) {
    ctx.collector({ name: 'outlets', collect: () => [{ name: 'acme.outlet.power', value: options.retries }] });
    ctx.probe({ name: 'outlet', run: () => ({ status: 'ok', summary: 'on' }) });
  },
});

describe('definePlugin', () => {
  it('validates options at the factory call, listing every issue with its path', () => {
    const err = thrown(() => acme({ token: '', retries: -1, extra: 1 } as never));
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.message).toContain('options for plugin "acme"');
    expect(err.message).toMatch(/token: /);
    expect(err.message).toMatch(/retries: /);
    expect(err.message).toMatch(/extra/);
  });

  it('refuses a bad plugin name', () => {
    expect(() => definePlugin({ name: 'Bad Name', version: '1.0.0', setup() {} })).toThrow(/invalid plugin name/);
  });
});

describe('PluginHost', () => {
  it('prefixes names with the plugin and exposes the connection schema', () => {
    const { host } = newHost();
    host.install([acme({ token: 't' })]);
    expect(host.resolve('collector', 'acme.outlets', 'test').plugin).toBe('acme');
    expect(host.resolve('probe', 'acme.outlet', 'test').name).toBe('acme.outlet');
    expect(host.connectionSchemas.has('acme')).toBe(true);
  });

  it('an unknown name lists the known ones', () => {
    const { host } = newHost();
    host.install([acme({ token: 't' })]);
    expect(() => host.resolve('collector', 'acme.outlet', 'collect spec')).toThrow(
      /unknown collector "acme.outlet"; known collectors: acme.outlets/,
    );
  });

  it('refuses an incompatible core range with ERR_PLUGIN_INCOMPATIBLE', () => {
    const { host } = newHost();
    const future = definePlugin({ name: 'future', version: '3.0.0', core: '^2.0.0', setup() {} });
    const err = thrown(() => host.install([future()]));
    expect(err.code).toBe('ERR_PLUGIN_INCOMPATIBLE');
    expect(err.message).toContain('needs @warden/core ^2.0.0');
  });

  it('installs nothing when any plugin in the batch fails (no half registration)', () => {
    const { host } = newHost();
    const broken = definePlugin({
      name: 'broken',
      version: '1.0.0',
      setup(ctx) {
        ctx.probe({ name: 'x', run: () => ({ status: 'ok', summary: '' }) });
        throw new Error('boom in setup');
      },
    });
    const err = thrown(() => host.install([acme({ token: 't' }), broken()]));
    expect(err.code).toBe('ERR_PLUGIN');
    expect(err).toMatchObject({ plugin: 'broken', hook: 'setup' });
    expect(host.list('collector')).toEqual([]);
    expect(host.list('probe')).toEqual([]);
    expect(host.pluginNames).toEqual([]);
  });

  it('refuses duplicate plugins and duplicate hook names', () => {
    const { host } = newHost();
    expect(thrown(() => host.install([acme({ token: 'a' }), acme({ token: 'b' })])).code).toBe('ERR_DUPLICATE');
    const twice = definePlugin({
      name: 'twice',
      version: '1.0.0',
      setup(ctx) {
        ctx.probe({ name: 'p', run: () => ({ status: 'ok', summary: '' }) });
        ctx.probe({ name: 'p', run: () => ({ status: 'ok', summary: '' }) });
      },
    });
    expect(thrown(() => host.install([twice()])).message).toContain('registers probe "twice.p" twice');
  });

  it('refuses an async setup', () => {
    const { host } = newHost();
    const asyncSetup = definePlugin({ name: 'slow', version: '1.0.0', setup: (async () => {}) as never });
    expect(thrown(() => host.install([asyncSetup()])).message).toContain('move async work into ctx.onStart()');
  });

  it('times out a hanging onStart with ERR_PLUGIN_TIMEOUT and aborts its signal', async () => {
    const { host } = newHost();
    let aborted = false;
    const hang = definePlugin({
      name: 'hang',
      version: '1.0.0',
      startTimeoutMs: 20,
      setup(ctx) {
        ctx.onStart(
          ({ signal }) =>
            new Promise<void>(() => {
              signal.addEventListener('abort', () => {
                aborted = true;
              });
            }),
        );
      },
    });
    host.install([hang()]);
    await expect(host.start(startContext)).rejects.toMatchObject({ code: 'ERR_PLUGIN_TIMEOUT', plugin: 'hang', hook: 'onStart' });
    expect(aborted).toBe(true);
  });

  it('disposes once, in reverse order, reporting a failing hook without stopping the rest', async () => {
    const { host, emitter } = newHost();
    const order: string[] = [];
    const errors: WardenErrorEvent[] = [];
    emitter.on('warden:error', (e) => void errors.push(e));
    const a = definePlugin({ name: 'a', version: '1.0.0', setup: (ctx) => ctx.onDispose(() => void order.push('a')) });
    const b = definePlugin({
      name: 'b',
      version: '1.0.0',
      setup: (ctx) =>
        ctx.onDispose(() => {
          order.push('b');
          throw new Error('close failed');
        }),
    });
    host.install([a(), b()]);
    await Promise.all([host.dispose(), host.dispose()]);
    await host.dispose();
    expect(order).toEqual(['b', 'a']);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.error).toMatchObject({ plugin: 'b', hook: 'onDispose' });
  });
});
