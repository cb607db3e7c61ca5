import { type Clock, createRedactor, type HookContext, silentLogger, systemClock } from '@warden/core';

/** A hook context for calling hooks directly, with its emitted events recorded. */
export function hookContext(options: { signal?: AbortSignal; clock?: Clock } = {}): HookContext & { events: unknown[] } {
  const events: unknown[] = [];
  return {
    signal: options.signal ?? new AbortController().signal,
    logger: silentLogger,
    clock: options.clock ?? systemClock,
    secrets: createRedactor(),
    emit: (event, payload) => void events.push({ event, payload }),
    events,
  };
}
