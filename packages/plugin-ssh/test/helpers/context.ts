// A HookContext for tests: real secrets reveal/scrub, a recording logger, an abort signal.
import { type HookContext, systemClock } from '@warden/core';

/**
 * Builds a hook context.
 *
 * @param signal - the abort signal
 * @returns the context and what the logger received
 */
export function testContext(signal: AbortSignal = new AbortController().signal): HookContext & { logs: unknown[][] } {
  const revealed: string[] = [];
  const logs: unknown[][] = [];
  const log = (...args: unknown[]) => {
    logs.push(args);
  };
  return {
    logs,
    signal,
    logger: { debug: log, info: log, warn: log, error: log } as HookContext['logger'],
    clock: systemClock,
    secrets: {
      async reveal(s) {
        const v = typeof s === 'string' ? s : await s.reveal();
        revealed.push(v);
        return v;
      },
      scrub(text) {
        return revealed.reduce((t, v) => t.split(v).join('[redacted]'), text);
      },
    },
    emit() {},
  };
}
