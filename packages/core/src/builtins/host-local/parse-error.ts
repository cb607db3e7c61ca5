import { WardenError } from '../../errors/warden-error.js';

/**
 * The error a `/proc` parser throws when a file does not have the expected shape. The message
 * names the file, not the collector: the parsers serve `host.local` and `@warden/plugin-ssh`'s
 * `ssh.linux`, and the engine prefixes the collector and asset.
 *
 * @param file - the file, as under `/proc` (`/proc/loadavg`)
 * @param problem - what was wrong
 * @param text - the content, of which the start is quoted
 * @returns an `ERR_COLLECT` error
 */
export function parseError(file: string, problem: string, text: string): WardenError {
  const start = text.slice(0, 60).replace(/\s+/g, ' ');
  return new WardenError('ERR_COLLECT', `${file}: ${problem} (content starts "${start}"); is this a Linux /proc?`);
}

/**
 * Parses a decimal field as a number (64-bit kernel counters above 2^53 lose precision only
 * in their lowest digits, which no rate notices).
 *
 * @param field - the text
 * @returns the number, or `undefined` when the field is not a non-negative decimal
 */
export function parseCount(field: string | undefined): number | undefined {
  if (field === undefined || !/^\d+(\.\d+)?$/.test(field)) return undefined;
  return Number(field);
}
