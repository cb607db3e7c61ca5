import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin } from '../../src/plugins/define-plugin.js';
import { zSecret } from '../../src/secrets/schema.js';
import { assertPluginConformance, checkPluginConformance } from '../../src/testing/conformance.js';

const assetConfig = z.strictObject({ password: zSecret() });

/** A well-behaved plugin: strict schemas, honours abort, reveals secrets only to use them. */
const good = definePlugin({
  name: 'good',
  version: '1.0.0',
  options: z.strictObject({ retries: z.number().int().default(1) }),
  assetConfig,
  setup(ctx) {
    ctx.collector({
      name: 'power',
      params: z.strictObject({}),
      collect: async (asset, hookCtx) => {
        const password = await hookCtx.secrets.reveal((asset as { good?: { password: string } }).good?.password ?? '');
        if (password.length === 0) throw new Error('no password');
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, 50);
          hookCtx.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(new Error('aborted'));
          });
        });
        return [{ name: 'good.outlet.power', value: 12, unit: 'W' }];
      },
    });
    ctx.probe({ name: 'up', params: z.strictObject({}), run: () => ({ status: 'ok', summary: 'up' }) });
  },
});

const asset = (canary: unknown) => ({ id: 'pdu-1', kind: 'pdu', good: { password: canary } }) as never;

const failedRules = async (factory: (o: never) => ReturnType<typeof good>, options: unknown = {}) =>
  (await checkPluginConformance({ factory, options: options as never, asset, abortBoundMs: 300 })).filter((f) => !f.ok).map((f) => f.rule);

describe('plugin conformance kit', () => {
  it('passes a well-behaved plugin', async () => {
    await expect(assertPluginConformance({ factory: good, options: {}, asset })).resolves.toBeUndefined();
  });

  it('fails options that accept unknown keys and hooks without a params schema', async () => {
    const loose = definePlugin({
      name: 'loose',
      version: '1.0.0',
      options: z.object({}),
      setup(ctx) {
        ctx.probe({ name: 'p', run: () => ({ status: 'ok', summary: '' }) });
      },
    });
    expect(await failedRules(loose as never)).toEqual(['options-strict', 'params-strict']);
  });

  it('fails a collector whose samples leak the secret or break the naming rules', async () => {
    const leaky = definePlugin({
      name: 'leaky',
      version: '1.0.0',
      options: z.strictObject({}),
      assetConfig,
      setup(ctx) {
        ctx.collector({
          name: 'c',
          params: z.strictObject({}),
          collect: async (a, hookCtx) => [
            {
              name: 'Leaky Power',
              value: 1,
              labels: { token: await hookCtx.secrets.reveal((a as unknown as { leaky: { password: string } }).leaky.password) },
            },
          ],
        });
      },
    });
    const rules = await checkPluginConformance({
      factory: leaky as never,
      options: {} as never,
      asset: (canary) => ({ id: 'x', kind: 'pdu', leaky: { password: canary } }) as never,
    });
    const failed = rules.filter((f) => !f.ok).map((f) => f.rule);
    expect(failed).toEqual(expect.arrayContaining(['samples-valid', 'metric-names', 'no-secret-in-output']));
  });

  it('fails a probe that ignores its abort signal', async () => {
    const stubborn = definePlugin({
      name: 'stubborn',
      version: '1.0.0',
      options: z.strictObject({}),
      setup(ctx) {
        ctx.probe({
          name: 'slow',
          params: z.strictObject({}),
          run: () => new Promise((resolve) => setTimeout(() => resolve({ status: 'ok', summary: 'late' }), 700)),
        });
      },
    });
    const findings = await checkPluginConformance({
      factory: stubborn as never,
      options: {} as never,
      asset: () => ({ id: 'x', kind: 'y' }) as never,
      abortBoundMs: 200,
    });
    expect(findings.find((f) => f.rule === 'abort-honoured')).toMatchObject({ ok: false, hook: 'stubborn.slow' });
  });

  it('fails a dispose hook that cannot run twice and a plugin that leaves a server open', async () => {
    const servers: Server[] = [];
    const sloppy = definePlugin({
      name: 'sloppy',
      version: '1.0.0',
      options: z.strictObject({}),
      setup(ctx) {
        let server: Server | undefined;
        ctx.onStart(async () => {
          server = createServer();
          servers.push(server);
          await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
        });
        let disposed = false;
        ctx.onDispose(() => {
          if (disposed) throw new Error('already disposed');
          disposed = true; // forgets to close the server
        });
      },
    });
    try {
      const failed = (await checkPluginConformance({ factory: sloppy as never, options: {} as never }))
        .filter((f) => !f.ok)
        .map((f) => f.rule);
      expect(failed).toEqual(['dispose-idempotent', 'no-leaked-handles']);
    } finally {
      for (const server of servers) server.close();
    }
  });

  it('assertPluginConformance lists every failure', async () => {
    const loose = definePlugin({
      name: 'loose2',
      version: '1.0.0',
      setup: (ctx) => ctx.probe({ name: 'p', run: () => ({ status: 'ok', summary: '' }) }),
    });
    await expect(assertPluginConformance({ factory: loose as never, options: undefined as never })).rejects.toThrow(
      /options-strict.*\n.*params-strict \[loose2.p\]/,
    );
  });
});
