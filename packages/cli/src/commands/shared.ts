import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WardenError } from '@warden/core';
import { DEFAULT_CONFIG_FILES } from '../config/load.js';
import type { CliIo } from '../io.js';
import { type ParsedArgs, UsageError } from '../usage.js';

/**
 * The config file to read: `--config`, else the first default name present in the directory.
 *
 * @param given - the `--config` value
 * @param io - for the working directory
 * @returns the path
 * @throws WardenError `ERR_NOT_FOUND` when none was given and no default file exists
 */
export function configPath(given: string | undefined, io: CliIo): string {
  if (given !== undefined) return given;
  const cwd = io.cwd ?? process.cwd();
  const found = DEFAULT_CONFIG_FILES.find((name) => existsSync(join(cwd, name)));
  if (found === undefined) {
    throw new WardenError(
      'ERR_NOT_FOUND',
      `no config file: pass --config <file>, or create one of ${DEFAULT_CONFIG_FILES.join(', ')} in ${cwd} (see docs/cli.md)`,
    );
  }
  return found;
}

/** A string option's value, if given. */
export function stringValue(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A repeatable string option's values. */
export function stringValues(args: ParsedArgs, name: string): string[] {
  const value = args.values[name];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : [];
}

/**
 * An integer option, checked.
 *
 * @param args - parsed arguments
 * @param name - the option
 * @param command - for the message
 * @param range - allowed minimum and maximum
 * @returns the number, or undefined when not given
 * @throws UsageError when it is not an integer in range
 */
export function integerValue(args: ParsedArgs, name: string, command: string, [min, max]: [number, number]): number | undefined {
  const text = stringValue(args, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max)
    throw new UsageError(`--${name} ${text}: expected a whole number from ${min} to ${max}`, command);
  return value;
}

/**
 * `name=value` options (labels) as a record.
 *
 * @throws UsageError for an entry without `=`
 */
export function keyValues(values: readonly string[], option: string, command: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of values) {
    const at = entry.indexOf('=');
    if (at <= 0) throw new UsageError(`--${option} ${entry}: expected name=value`, command);
    out[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return out;
}
