import type { Logger } from '../internal/logger.js';

/** One record a {@link CaptureLogger} kept. */
export interface LogRecord {
  /** The level. */
  level: 'debug' | 'info' | 'warn' | 'error';
  /** The message. */
  msg: string | undefined;
  /** The bound and passed fields. */
  fields: Record<string, unknown>;
}

/** A logger that keeps every record in memory, for tests. */
export interface CaptureLogger extends Logger {
  /** Every record so far. */
  readonly records: LogRecord[];
}

/**
 * Creates a logger that keeps records in memory (pino-compatible call forms).
 *
 * @param bindings - fields added to every record
 * @param records - shared record list (used by children)
 * @returns the capturing logger
 */
export function createCaptureLogger(bindings: Record<string, unknown> = {}, records: LogRecord[] = []): CaptureLogger {
  const log =
    (level: LogRecord['level']) =>
    (objOrMsg: object | string, msg?: string): void => {
      if (typeof objOrMsg === 'string') records.push({ level, msg: objOrMsg, fields: { ...bindings } });
      else records.push({ level, msg, fields: { ...bindings, ...(objOrMsg as Record<string, unknown>) } });
    };
  return {
    records,
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (more) => createCaptureLogger({ ...bindings, ...more }, records),
  };
}
