import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { scrubbingLogger } from '../../src/internal/logger.js';
import { createRedactor } from '../../src/secrets/redactor.js';
import { createCaptureLogger } from '../../src/testing/capture-logger.js';

const PASSWORD = 'scrub-me-please-5521';

function pinoToMemory() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}

describe('scrubbingLogger', () => {
  it('removes revealed values from messages, fields, errors and child bindings before pino writes them', async () => {
    const redactor = createRedactor();
    await redactor.reveal(PASSWORD);
    const out = pinoToMemory();
    const logger = scrubbingLogger(out.logger, redactor);
    logger.info(`plain message with ${PASSWORD}`);
    logger.warn({ err: new Error(`login failed: bad password ${PASSWORD}`), attempt: 2 }, `retrying ${PASSWORD}`);
    logger.child?.({ plugin: 'ssh', target: `monitor:${PASSWORD}@web-1` }).error({ output: [`line ${PASSWORD}`] }, 'done');

    const text = out.lines.join('\n');
    expect(text).not.toContain(PASSWORD);
    const [plain, warned, child] = out.lines.map((line) => JSON.parse(line));
    expect(plain.msg).toBe('plain message with [redacted]');
    expect(warned).toMatchObject({ level: 40, msg: 'retrying [redacted]', attempt: 2, err: { type: 'Error' } });
    expect(warned.err.message).toBe('login failed: bad password [redacted]');
    expect(warned.err.stack).toContain('login failed: bad password [redacted]');
    expect(child).toMatchObject({ plugin: 'ssh', target: 'monitor:[redacted]@web-1', output: ['line [redacted]'], msg: 'done' });
  });

  it('passes records through unchanged while nothing is revealed, and works with loggers that have no child()', () => {
    const records = createCaptureLogger();
    const { child: _omit, ...plain } = records;
    const logger = scrubbingLogger(plain, createRedactor());
    const fields = { port: 22 };
    logger.debug(fields, 'connecting');
    logger.child?.({ asset: 'web-1' }).info('up');
    expect(records.records).toEqual([
      { level: 'debug', msg: 'connecting', fields: { port: 22 } },
      { level: 'info', msg: 'up', fields: { asset: 'web-1' } },
    ]);
  });
});
