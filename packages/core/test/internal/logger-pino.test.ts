import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin } from '../../src/plugins/define-plugin.js';
import { secret } from '../../src/secrets/secret.js';
import { createTestWarden, type TestWarden } from '../../src/testing/test-warden.js';

const PASSWORD = 'pino-test-password-8731';

/** A pino logger writing JSON lines into memory, as it would write them to a file. */
function pinoToMemory(level = 'debug') {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = pino({ level, base: { app: 'shop' } }, sink);
  return { logger, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>), text: () => lines.join('\n') };
}

/** A plugin that logs the way plugins do: fields and message, a secret object, an error. */
const chatty = definePlugin({
  name: 'chatty',
  version: '1.0.0',
  core: '^0.1.0',
  options: z.strictObject({}).optional(),
  assetConfig: z.strictObject({ password: z.unknown() }),
  setup(ctx) {
    ctx.logger.info('chatty plugin ready');
    ctx.collector({
      name: 'poll',
      params: z.strictObject({}),
      collect: async (asset, hookCtx) => {
        const password = (asset as { chatty?: { password?: unknown } }).chatty?.password;
        hookCtx.logger.debug({ password, port: 161 }, 'polling');
        const revealed = await hookCtx.secrets.reveal(password as never);
        // Not scrubbed by the plugin: Warden's hook logger scrubs every record.
        hookCtx.logger.warn({ err: new Error(`auth failed for ${revealed}`) }, 'retrying');
        return [{ name: 'chatty.polls', value: 1 }];
      },
    });
  },
});

const wardens: TestWarden[] = [];
afterEach(async () => {
  for (const warden of wardens.splice(0)) await warden.stop();
});

describe('a pino instance as Warden’s logger', () => {
  it('receives plugin log lines with pino’s own bindings plus plugin, hook and asset, and no secret value', async () => {
    const out = pinoToMemory();
    const warden = createTestWarden({ logger: out.logger, plugins: [chatty()] });
    wardens.push(warden);
    warden.assets.add({ id: 'ups-1', kind: 'ups', chatty: { password: secret.value(PASSWORD) } } as never);
    warden.collect({ collector: 'chatty.poll' as never, assets: { ids: ['ups-1'] }, every: '10s' });
    await warden.start();
    await warden.clock.advance(10_000);

    const records = out.records();
    const setup = records.find((r) => r.msg === 'chatty plugin ready');
    expect(setup).toMatchObject({ level: 30, app: 'shop', plugin: 'chatty' });

    const polling = records.find((r) => r.msg === 'polling');
    expect(polling).toMatchObject({ level: 20, app: 'shop', plugin: 'chatty', hook: 'chatty.poll', asset: 'ups-1', port: 161 });
    expect(polling?.password).toBe('[redacted]');

    const retrying = records.find((r) => r.msg === 'retrying');
    expect(retrying).toMatchObject({ level: 40, plugin: 'chatty', asset: 'ups-1', err: { type: 'Error' } });
    const err = retrying?.err as { message?: string; stack?: string } | undefined;
    expect(err?.message).toBe('auth failed for [redacted]');
    expect(err?.stack).toBeTypeOf('string'); // pino's err serializer ran

    expect(out.text()).not.toContain(PASSWORD);
  });

  it('honours pino’s level: debug lines are dropped at info', async () => {
    const out = pinoToMemory('info');
    const warden = createTestWarden({ logger: out.logger, plugins: [chatty()] });
    wardens.push(warden);
    warden.assets.add({ id: 'ups-1', kind: 'ups', chatty: { password: secret.value(PASSWORD) } } as never);
    warden.collect({ collector: 'chatty.poll' as never, assets: { ids: ['ups-1'] }, every: '10s' });
    await warden.start();
    await warden.clock.advance(10_000);
    const messages = out.records().map((r) => r.msg);
    expect(messages).toContain('retrying');
    expect(messages).not.toContain('polling');
  });

  it('carries the log notifier’s incident records with their fields', async () => {
    const out = pinoToMemory();
    const warden = createTestWarden({ logger: out.logger });
    wardens.push(warden);
    warden.assets.add({ id: 'web-1', kind: 'host' });
    warden.check({
      id: 'http',
      assets: { ids: ['web-1'] },
      every: '10s',
      run: () => ({ status: 'critical', summary: 'connection refused' }),
    });
    warden.notify({ notifier: 'log' });
    await warden.start();
    await warden.clock.advance(10_000);
    await warden.clock.advance(1_000);
    const opened = out.records().find((r) => r.notification === 'opened');
    expect(opened).toMatchObject({ level: 40, app: 'shop', incident: { check: 'http', asset: 'web-1' } });
    expect(opened?.msg).toContain('incident opened: http on web-1');
  });
});
