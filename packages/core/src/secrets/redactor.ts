import { WardenError } from '../errors/warden-error.js';
import type { SecretAccess } from '../plugins/types.js';
import { scrubDeepWith } from './scrub-deep.js';
import { triePattern } from './trie-pattern.js';
import { isSecret, REDACTED, type Secret } from './types.js';

/** Options of {@link createRedactor}. */
export interface RedactorOptions {
  /**
   * Values shorter than this are not scrubbed. Replacing every `ab` or `1` in all output
   * would wreck logs and, worse, show the value to anyone who compares redacted and plain
   * text; such short secrets give no real protection anyway.
   * @defaultValue `4`
   */
  minLength?: number;
  /**
   * How many values are remembered; the oldest are forgotten beyond it (a file secret that
   * rotates every minute must not grow the set forever).
   * @defaultValue `1000`
   */
  maxValues?: number;
}

/** Reveals secrets and scrubs every revealed value from text Warden emits. */
export interface Redactor extends SecretAccess {
  /**
   * Reads the secret now (a plain string is returned as is) and remembers the value for scrubbing.
   *
   * @param secret - a secret, or a plain string
   * @returns the value
   * @throws WardenError `ERR_SECRET_UNAVAILABLE` when the secret cannot be read, or is neither a secret nor a string
   */
  reveal(secret: Secret | string): Promise<string>;
  /**
   * Replaces every remembered value in `text` with `[redacted]`.
   *
   * @param text - any text (an error message, command output)
   * @returns the scrubbed text
   */
  scrub(text: string): string;
  /**
   * A scrubbed copy of `value`: strings, plain objects, arrays and errors (message, stack,
   * cause and own properties) are copied with every remembered value replaced; other objects
   * (Map, Date, class instances) and secrets are returned as they are. Cycles are kept.
   *
   * @param value - an event payload, an audit record, a caught error
   * @returns the scrubbed copy (the same value when nothing is remembered)
   */
  scrubDeep<T>(value: T): T;
  /**
   * Remembers a value derived from a secret (a Basic auth header, a signed token) so it is
   * scrubbed too.
   *
   * @param value - the derived value
   */
  add(value: string): void;
  /** How many distinct values are remembered (including derived forms). */
  readonly size: number;
}

/**
 * Creates a redactor: the `ctx.secrets` plugins receive. Besides each value it remembers its
 * JSON-escaped and URL-encoded forms and, for multi-line values (keys), each line, because
 * that is how secrets turn up in error messages and serialized output.
 *
 * @param options - see {@link RedactorOptions}
 * @returns a new redactor with nothing remembered
 * @example
 * ```ts
 * const redactor = createRedactor();
 * const password = await redactor.reveal(secret.env('DB_PASSWORD'));
 * logger.error(redactor.scrub(String(err))); // the password shows as [redacted]
 * ```
 */
export function createRedactor(options: RedactorOptions = {}): Redactor {
  const minLength = options.minLength ?? 4;
  const maxValues = options.maxValues ?? 1000;
  // Insertion-ordered, so the first keys are the oldest when the set must shrink.
  const values = new Set<string>();
  let pattern: RegExp | undefined;
  let dirty = false;

  const remember = (value: string): void => {
    if (value.length < minLength) return;
    if (values.has(value)) values.delete(value);
    values.add(value);
    dirty = true;
    while (values.size > maxValues) values.delete(values.values().next().value as string);
  };

  const add = (value: string): void => {
    remember(value);
    remember(JSON.stringify(value).slice(1, -1));
    try {
      remember(encodeURIComponent(value));
    } catch {
      // A lone surrogate cannot be URL-encoded; the plain form is remembered already.
    }
    if (/[\r\n]/.test(value)) for (const line of value.split(/\r?\n/)) remember(line.trim());
  };

  const currentPattern = (): RegExp | undefined => {
    if (dirty) {
      dirty = false;
      const source = triePattern(values);
      pattern = source === undefined ? undefined : new RegExp(source, 'g');
    }
    return pattern;
  };

  const scrub = (text: string): string => {
    const re = currentPattern();
    if (re === undefined || text.length < minLength) return text;
    return text.replace(re, REDACTED);
  };

  return {
    async reveal(secret: Secret | string): Promise<string> {
      const value = isSecret(secret) ? await secret.reveal() : secret;
      if (typeof value !== 'string') {
        // A plugin passed an unset connection field; say so instead of failing inside scrub.
        throw new WardenError(
          'ERR_SECRET_UNAVAILABLE',
          `reveal(): expected a secret or a string, got ${value === null ? 'null' : typeof value}`,
        );
      }
      add(value);
      return value;
    },
    scrub,
    scrubDeep<T>(value: T): T {
      if (currentPattern() === undefined) return value;
      return scrubDeepWith(value, scrub);
    },
    add,
    get size() {
      return values.size;
    },
  };
}
