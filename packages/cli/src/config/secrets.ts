import { resolve } from 'node:path';
import { isSecret, isWardenError, REDACTED, type Secret, secret, WardenError } from '@warden/core';
import { formatIssuePath } from './issues.js';

/**
 * A credential as a config file writes it: `{ env: NAME }` reads the environment variable,
 * `{ file: path }` the file (re-read at each use; relative to the config file).
 */
export type SecretRef = EnvSecretRef | FileSecretRef;

/** `{ env: NAME }`: a secret read from an environment variable. */
export interface EnvSecretRef {
  /** The variable's name. */
  env: string;
}

/** `{ file: path }`: a secret read from a file, at each use. */
export interface FileSecretRef {
  /** The file's path, relative to the config file. */
  file: string;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

function asRef(value: Record<string, unknown>): SecretRef | undefined {
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  if (typeof value.env === 'string') return { env: value.env };
  if (typeof value.file === 'string') return { file: value.file };
  return undefined;
}

/** What {@link resolveSecretRefs} returns. */
export interface ResolvedSecrets {
  /** The config with each `{ env }` / `{ file }` object replaced by a Warden secret. */
  value: unknown;
  /** Paths (`plugins.ssh.knownHosts`) where a secret was made: an error there gets a hint. */
  paths: string[];
}

/**
 * Replaces every `{ env: NAME }` and `{ file: path }` object (exactly that one key, a string
 * value) with `secret.env(NAME)` / `secret.file(path)`, anywhere in the config.
 *
 * @param value - the config as read from the file
 * @param baseDir - directory `{ file }` paths are relative to
 * @returns the config with secrets, and where they were made
 * @throws WardenError `ERR_CONFIG_INVALID` for an empty or malformed variable name, with its path
 */
export function resolveSecretRefs(value: unknown, baseDir: string): ResolvedSecrets {
  const paths: string[] = [];
  const walk = (item: unknown, path: (string | number)[]): unknown => {
    if (Array.isArray(item)) return item.map((entry, i) => walk(entry, [...path, i]));
    if (!isPlainObject(item)) return item;
    const ref = asRef(item);
    if (ref) {
      paths.push(formatIssuePath(path));
      try {
        return 'env' in ref ? secret.env(ref.env) : secret.file(resolve(baseDir, ref.file));
      } catch (err) {
        if (!isWardenError(err)) throw err;
        throw new WardenError('ERR_CONFIG_INVALID', `${formatIssuePath(path)}: ${err.message}`, { cause: err });
      }
    }
    const out: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(item)) {
      Object.defineProperty(out, key, { value: walk(entry, [...path, key]), enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  return { value: walk(value, []), paths };
}

function refOf(value: Secret): SecretRef | string {
  if (value.source === 'value') return REDACTED;
  const prefix = `${value.source}:`;
  const name = value.description.startsWith(prefix) ? value.description.slice(prefix.length) : value.description;
  return value.source === 'env' ? { env: name } : { file: name };
}

/**
 * The reverse of {@link resolveSecretRefs}, for printing config: each Warden secret becomes
 * `{ env: NAME }` or `{ file: path }` (a `secret.value()` becomes `[redacted]`: its content is
 * never written).
 *
 * @param value - data that may hold secrets (an asset proposal)
 * @returns plain data, safe to print
 */
export function toSecretRefs(value: unknown): unknown {
  if (isSecret(value)) return refOf(value);
  if (Array.isArray(value)) return value.map(toSecretRefs);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (entry === undefined) continue;
    Object.defineProperty(out, key, { value: toSecretRefs(entry), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
