import { pino } from 'pino';
import { describe, expectTypeOf, it } from 'vitest';
import type { Logger } from '../../src/internal/logger.js';
import type { WardenOptions } from '../../src/warden/options.js';

describe('Logger and pino', () => {
  it('a pino instance, and a pino child, are Loggers as they are', () => {
    const logger = pino();
    expectTypeOf(logger).toExtend<Logger>();
    expectTypeOf(logger.child({ component: 'warden' })).toExtend<Logger>();
    expectTypeOf({ logger }).toExtend<WardenOptions>();
  });

  it('something without the four levels is not a Logger', () => {
    expectTypeOf({ info: (msg: string) => void msg }).not.toExtend<Logger>();
  });
});
