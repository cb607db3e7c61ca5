import { type Asset, type Clock, silentLogger } from '@warden/core';
import { createTestHookContext, type TestHookContext } from '@warden/core/testing';

/**
 * A real hook context of the cloud plugin outside a Warden (its own maintenance calendar and
 * in-memory store), with emitted events recorded as `events`.
 */
export function hookContext(
  options: { signal?: AbortSignal; clock?: Clock; assets?: Asset[] } = {},
): TestHookContext & { events: unknown[] } {
  const ctx = createTestHookContext({ plugin: 'cloud', logger: silentLogger, ...options });
  return Object.assign(ctx, { events: ctx.emitted });
}
