import { z } from 'zod';

/**
 * The shape of a Warden secret (`secret.env/file/value`), as `ctx.secrets.reveal()` takes it.
 * Declared here because `@warden/core` does not export `Secret`/`zSecret` from its barrel yet.
 */
export interface SecretRef {
  /** Where the value comes from. */
  readonly source: 'env' | 'file' | 'value';
  /** A description that never contains the value. */
  readonly description: string;
  /** Reads the value now. */
  reveal(): Promise<string>;
  /** Why the value cannot be read right now, or `undefined`. */
  problem(): string | undefined;
}

/** A credential: a Warden secret, or a plain string (which prints as itself: discouraged). */
export type Credential = SecretRef | string;

// Core brands every secret with this registered symbol, so the check works across copies.
const SECRET_BRAND = Symbol.for('warden.secret');

/**
 * Whether a value is a Warden secret.
 *
 * @param value - anything
 * @returns true for values made by `secret.env`, `secret.file` or `secret.value`
 */
export function isSecretRef(value: unknown): value is SecretRef {
  return typeof value === 'object' && value !== null && (value as { [SECRET_BRAND]?: unknown })[SECRET_BRAND] === true;
}

/**
 * A zod schema for a credential field: a Warden secret or a non-empty string. Mirrors core's
 * `zSecret()` until the barrel exports it.
 *
 * @returns the schema
 */
export function zCredential(): z.ZodType<Credential> {
  return z.union([z.custom<SecretRef>(isSecretRef), z.string().min(1)], {
    error: 'expected a secret (secret.env(), secret.file() or secret.value()) or a non-empty string',
  });
}
