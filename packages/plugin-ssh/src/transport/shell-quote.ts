import { WardenError } from '@warden/core';

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Quotes one argument for a POSIX shell so it arrives as exactly one literal word: safe
 * words are left alone, anything else goes in single quotes, with `'` written as `'\''`.
 * Inside single quotes nothing is special (`$()`, backticks, `;`, newlines stay literal).
 *
 * @param arg - the argument
 * @returns the quoted word
 * @throws WardenError `ERR_CONFIG_INVALID` for a NUL byte, which no shell word can hold
 * @example
 * ```ts
 * quoteArg("nginx; rm -rf /"); // "'nginx; rm -rf /'"
 * ```
 */
export function quoteArg(arg: string): string {
  if (arg.includes('\0')) throw new WardenError('ERR_CONFIG_INVALID', 'a command argument contains a NUL byte; remove it');
  if (SAFE.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * Quotes an argv into one POSIX shell command line (what an SSH `exec` request carries).
 *
 * @param argv - program and arguments, not empty
 * @returns the command line
 * @throws WardenError `ERR_CONFIG_INVALID` for an empty argv or a NUL byte
 * @example
 * ```ts
 * quoteArgv(['systemctl', 'restart', '$(reboot)']); // "systemctl restart '$(reboot)'"
 * ```
 */
export function quoteArgv(argv: readonly string[]): string {
  if (argv.length === 0) throw new WardenError('ERR_CONFIG_INVALID', 'empty command: pass at least the program name');
  return argv.map(quoteArg).join(' ');
}

/**
 * Environment assignments for the front of a command line (`NAME='value' …`), since most
 * servers refuse SSH `env` requests (OpenSSH's AcceptEnv).
 *
 * @param env - variables to set
 * @returns the assignments followed by a space, or `''`
 * @throws WardenError `ERR_CONFIG_INVALID` for a name that is not a shell identifier
 */
export function quoteEnv(env: Readonly<Record<string, string>> | undefined): string {
  if (env === undefined) return '';
  let out = '';
  for (const [name, value] of Object.entries(env)) {
    if (!ENV_NAME.test(name)) {
      throw new WardenError('ERR_CONFIG_INVALID', `environment variable name ${JSON.stringify(name)} is not a shell identifier`);
    }
    out += `${name}=${quoteArg(value)} `;
  }
  return out;
}
