import type { LogFn, Logger } from '@warden/core';
import type { CliStream } from '../io.js';

/**
 * A pino-compatible logger writing warnings and errors as one line each (`warn plugin=snmp: …`);
 * debug and info are dropped.
 *
 * @param stream - where to write (stderr)
 * @returns the logger
 */
export function lineLogger(stream: CliStream): Logger {
  const drop: LogFn = () => {};
  const write =
    (level: string, bindings: Record<string, unknown>): LogFn =>
    (objOrMsg: object | string, msg?: string) => {
      const fields = typeof objOrMsg === 'string' ? bindings : { ...bindings, ...objOrMsg };
      const text = typeof objOrMsg === 'string' ? objOrMsg : (msg ?? '');
      const context = Object.entries(fields)
        .filter(([, value]) => value !== undefined && typeof value !== 'object')
        .map(([key, value]) => `${key}=${String(value)}`)
        .join(' ');
      const err = (fields as { err?: unknown }).err;
      const reason = err instanceof Error ? ` (${err.message})` : '';
      stream.write(`${level}${context ? ` ${context}` : ''}: ${text}${reason}\n`);
    };
  const make = (bindings: Record<string, unknown>): Logger => ({
    debug: drop,
    info: drop,
    warn: write('warn', bindings),
    error: write('error', bindings),
    child: (more) => make({ ...bindings, ...more }),
  });
  return make({});
}
