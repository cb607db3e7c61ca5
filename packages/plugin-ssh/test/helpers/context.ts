// A HookContext for tests: real secrets reveal/scrub, a recording logger, an abort signal, an
// in-memory plugin store, and maintenance answered by a predicate (none by default).
import { type HookContext, systemClock } from '@warden/core';

/** What a test context may be given. */
export interface TestContextOptions {
  /** The abort signal. */
  signal?: AbortSignal;
  /** Which assets are in a whole-asset maintenance window now. @defaultValue none */
  inMaintenance?: (assetId: string) => boolean;
}

/**
 * Builds a hook context.
 *
 * @param options - signal and maintenance (an AbortSignal alone is accepted too)
 * @returns the context and what the logger received
 */
export function testContext(options: TestContextOptions | AbortSignal = {}): HookContext & { logs: unknown[][] } {
  const { signal = new AbortController().signal, inMaintenance = () => false } =
    options instanceof AbortSignal ? { signal: options } : options;
  const revealed: string[] = [];
  const logs: unknown[][] = [];
  const kv = new Map<string, unknown>();
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
    assets: { get: () => undefined, list: () => [], byAddress: () => undefined },
    maintenance: {
      isActive: (asset) => inMaintenance(asset),
      windows: () => [],
      schedule: () => {
        throw new Error('testContext: maintenance.schedule is not supported');
      },
    },
    store: {
      get: async <T>(key: string) => kv.get(key) as T | undefined,
      set: async (key, value) => {
        kv.set(key, value);
      },
      delete: async (key) => {
        kv.delete(key);
      },
    },
    submit: async () => {},
  };
}
