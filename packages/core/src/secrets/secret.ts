import { accessSync, constants, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { configError } from '../errors/config-error.js';
import { WardenError } from '../errors/warden-error.js';
import { REDACTED, SECRET_BRAND, type Secret, type SecretSource } from './types.js';

// Node looks this symbol up with Symbol.for, so no import of node:util is needed.
const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

/**
 * Every printing path (String(), template literals, `+`, JSON, util.inspect, console.log)
 * ends here, so none can show the value. The value itself lives in subclasses' private
 * fields, which no enumeration, spread, JSON or structuredClone can reach.
 */
abstract class OpaqueSecret implements Secret {
  readonly source: SecretSource;
  readonly description: string;

  constructor(source: SecretSource, description: string) {
    this.source = source;
    this.description = description;
  }

  get [SECRET_BRAND](): true {
    return true;
  }

  abstract reveal(): Promise<string>;
  abstract problem(): string | undefined;

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  [inspectCustom](): string {
    return REDACTED;
  }

  protected unavailable(reason: string, hint: string, cause?: unknown): WardenError {
    return new WardenError('ERR_SECRET_UNAVAILABLE', `secret ${this.description}: ${reason}; ${hint}`, { cause });
  }
}

class EnvSecret extends OpaqueSecret {
  readonly #name: string;

  constructor(name: string) {
    super('env', `env:${name}`);
    this.#name = name;
    Object.freeze(this);
  }

  problem(): string | undefined {
    const value = process.env[this.#name];
    if (value === undefined) return `environment variable ${this.#name} is not set`;
    if (value === '') return `environment variable ${this.#name} is empty`;
    return undefined;
  }

  async reveal(): Promise<string> {
    const problem = this.problem();
    if (problem !== undefined) throw this.unavailable(problem, `set ${this.#name} in the environment of the Warden process`);
    return process.env[this.#name] as string;
  }
}

/** Options of {@link secret}`.file`. */
export interface FileSecretOptions {
  /**
   * Remove trailing line breaks (`\n`, `\r\n`) from the contents: `echo pw > file` and most
   * editors add one that is not part of the secret. Other whitespace is kept.
   * @defaultValue `true`
   */
  trimNewline?: boolean;
}

class FileSecret extends OpaqueSecret {
  readonly #path: string;
  readonly #trim: boolean;

  constructor(path: string, trim: boolean) {
    super('file', `file:${path}`);
    this.#path = path;
    this.#trim = trim;
    Object.freeze(this);
  }

  problem(): string | undefined {
    try {
      if (!statSync(this.#path).isFile()) return `${this.#path} is not a regular file`;
      accessSync(this.#path, constants.R_OK);
      return undefined;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return `file ${this.#path} does not exist`;
      if (code === 'EACCES' || code === 'EPERM') return `file ${this.#path} is not readable by this process (${code})`;
      return `file ${this.#path} cannot be read (${code ?? String(err)})`;
    }
  }

  async reveal(): Promise<string> {
    let text: string;
    try {
      // Read at every use, so a rotated file is picked up without a restart.
      text = await readFile(this.#path, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
      throw this.unavailable(`reading ${this.#path} failed (${code})`, 'check that the file exists and is readable by Warden', err);
    }
    const value = this.#trim ? text.replace(/[\r\n]+$/, '') : text;
    if (value === '') throw this.unavailable(`file ${this.#path} is empty`, 'write the secret into it');
    return value;
  }
}

class ValueSecret extends OpaqueSecret {
  readonly #value: string;

  constructor(value: string) {
    super('value', 'value');
    this.#value = value;
    Object.freeze(this);
  }

  problem(): undefined {
    return undefined;
  }

  async reveal(): Promise<string> {
    return this.#value;
  }
}

function requireNonEmpty(value: unknown, what: string, path: string, hint: string): string {
  if (typeof value === 'string' && value !== '') return value;
  const got = typeof value === 'string' ? 'an empty string' : typeof value;
  throw configError(what, [{ path, message: `expected a non-empty string, got ${got}` }], hint);
}

/**
 * Factories for opaque secrets. A secret prints as `[redacted]` in strings, template literals,
 * JSON, `util.inspect`/`console.log` and error messages; plugins read it with
 * `ctx.secrets.reveal(secret)` at the moment of use.
 *
 * @example
 * ```ts
 * warden.assets.add({ id: 'sw-1', kind: 'network-device', address: '10.0.0.2',
 *   snmp: { version: '2c', community: secret.env('SNMP_COMMUNITY') } });
 * ```
 */
export const secret = {
  /**
   * A secret read from an environment variable when it is used.
   *
   * @param name - the variable's name, e.g. `SNMP_COMMUNITY`
   * @returns a secret whose `problem()` reports the variable unset or empty
   * @throws WardenError `ERR_CONFIG_INVALID` when `name` is not a non-empty string
   */
  env(name: string): Secret {
    const checked = requireNonEmpty(name, 'secret.env() argument', 'name', 'pass the environment variable name');
    if (checked.includes('=')) {
      throw configError('secret.env() argument', [{ path: 'name', message: 'contains "="' }], 'pass the variable name only');
    }
    return new EnvSecret(checked);
  },

  /**
   * A secret read from a file at every use, so rotating the file needs no restart. Trailing
   * line breaks are removed unless `trimNewline: false`. A relative path is resolved now,
   * against the current directory.
   *
   * @param path - the file, e.g. `/etc/warden/id_ed25519`
   * @param options - see {@link FileSecretOptions}
   * @returns a secret whose `problem()` reports the file missing or unreadable
   * @throws WardenError `ERR_CONFIG_INVALID` when `path` is not a non-empty string
   */
  file(path: string, options: FileSecretOptions = {}): Secret {
    const checked = requireNonEmpty(path, 'secret.file() argument', 'path', 'pass the path of the file holding the secret');
    return new FileSecret(resolve(checked), options.trimNewline ?? true);
  },

  /**
   * A secret wrapping a value the program already holds (from a vault client, a prompt).
   * The value cannot be reached through the object's properties, JSON or inspection.
   *
   * @param value - the secret value
   * @returns the secret
   * @throws WardenError `ERR_CONFIG_INVALID` when `value` is not a non-empty string
   */
  value(value: string): Secret {
    return new ValueSecret(requireNonEmpty(value, 'secret.value() argument', 'value', 'pass the secret as a non-empty string'));
  },
} as const;
