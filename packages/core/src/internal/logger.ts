/** A log method: `(msg)` or `(obj, msg?)`, as pino accepts them. */
export interface LogFn {
  (msg: string): void;
  (obj: object, msg?: string): void;
}

/**
 * A pino-compatible logger. Pass a pino instance (or anything with these methods);
 * Warden is silent by default.
 */
export interface Logger {
  /** Detailed diagnostics. */
  debug: LogFn;
  /** Normal operation worth recording. */
  info: LogFn;
  /** Something is wrong but Warden carries on. */
  warn: LogFn;
  /** Something failed. */
  error: LogFn;
  /** A logger that adds `bindings` to every record (pino's `child`). Optional. */
  child?(bindings: Record<string, unknown>): Logger;
}

const noop = (): void => {};

/** A logger that discards everything: Warden's default. */
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop, child: () => silentLogger };

/**
 * A child logger with `bindings`, using the logger's own `child` when it has one.
 *
 * @param logger - the parent
 * @param bindings - fields added to every record
 * @returns the child logger
 */
export function childLogger(logger: Logger, bindings: Record<string, unknown>): Logger {
  if (typeof logger.child === 'function') return logger.child(bindings);
  const wrap =
    (fn: LogFn): LogFn =>
    (objOrMsg: object | string, msg?: string) =>
      typeof objOrMsg === 'string' ? fn({ ...bindings }, objOrMsg) : fn({ ...bindings, ...objOrMsg }, msg);
  return {
    debug: wrap(logger.debug.bind(logger)),
    info: wrap(logger.info.bind(logger)),
    warn: wrap(logger.warn.bind(logger)),
    error: wrap(logger.error.bind(logger)),
    child: (more) => childLogger(logger, { ...bindings, ...more }),
  };
}

/** What {@link scrubbingLogger} needs from a redactor. */
export interface LogScrubber {
  /** Replaces every revealed secret value in `text`. */
  scrub(text: string): string;
  /** A copy of `value` with every string inside scrubbed (errors keep their prototype). */
  scrubDeep<T>(value: T): T;
}

/**
 * A logger that scrubs every revealed secret value from each record (message, fields, an
 * `err`'s message and stack, child bindings) before the wrapped logger sees it, so a plugin
 * that logs a third-party error quoting a password does not leak it. Errors stay errors, so
 * pino's `err` serializer still applies.
 *
 * @param logger - the logger to write to (pino, or anything pino-compatible)
 * @param scrubber - the Warden's redactor
 * @returns the scrubbing logger
 */
export function scrubbingLogger(logger: Logger, scrubber: LogScrubber): Logger {
  const wrap =
    (fn: LogFn): LogFn =>
    (objOrMsg: object | string, msg?: string) => {
      if (typeof objOrMsg === 'string') fn(scrubber.scrub(objOrMsg));
      else if (msg === undefined) fn(scrubber.scrubDeep(objOrMsg));
      else fn(scrubber.scrubDeep(objOrMsg), scrubber.scrub(msg));
    };
  return {
    debug: wrap(logger.debug.bind(logger)),
    info: wrap(logger.info.bind(logger)),
    warn: wrap(logger.warn.bind(logger)),
    error: wrap(logger.error.bind(logger)),
    child: (bindings) => scrubbingLogger(childLogger(logger, scrubber.scrubDeep(bindings)), scrubber),
  };
}
