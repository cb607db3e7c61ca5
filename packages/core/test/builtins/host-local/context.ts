import type { Clock } from '../../../src/internal/clock.js';
import type { Logger } from '../../../src/internal/logger.js';
import type { CollectContext } from '../../../src/plugins/types.js';
import { createRedactor } from '../../../src/secrets/redactor.js';
import { createTestHookContext } from '../../../src/testing/hook-context.js';

/** A log record captured by {@link recordingLogger}. */
export interface LogRecord {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object | undefined;
  msg: string | undefined;
}

/** A logger that keeps every record. */
export function recordingLogger(records: LogRecord[]): Logger {
  const at =
    (level: LogRecord['level']) =>
    (objOrMsg: object | string, msg?: string): void => {
      if (typeof objOrMsg === 'string') records.push({ level, obj: undefined, msg: objOrMsg });
      else records.push({ level, obj: objOrMsg, msg });
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A clock whose timers fire only when the test says so. */
export interface HeldClock extends Clock {
  /** Fires every pending timer now. */
  fireAll(): void;
  /** How many timers are pending. */
  readonly pending: number;
}

/** Creates a {@link HeldClock} at a fixed time. */
export function heldClock(now = 1_700_000_000_000): HeldClock {
  const timers = new Set<() => void>();
  return {
    now: () => now,
    setTimer(fn) {
      timers.add(fn);
      return { cancel: () => timers.delete(fn) };
    },
    fireAll() {
      const due = [...timers];
      timers.clear();
      for (const fn of due) fn();
    },
    get pending() {
      return timers.size;
    },
  };
}

/** A collect context for tests. */
export function collectContext(options: { signal?: AbortSignal; logs?: LogRecord[]; clock?: Clock } = {}): CollectContext {
  const clock = options.clock ?? heldClock();
  return {
    ...createTestHookContext({ plugin: 'host', clock }),
    signal: options.signal ?? new AbortController().signal,
    logger: recordingLogger(options.logs ?? []),
    clock,
    secrets: createRedactor(),
    emit: () => {},
    params: undefined,
  };
}
