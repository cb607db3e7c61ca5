/** Where a secret's value comes from. */
export type SecretSource = 'env' | 'file' | 'value';

/**
 * An opaque secret: prints as `[redacted]` everywhere (String(), JSON, util.inspect, errors);
 * its value is only read by `reveal()` at the moment of use.
 */
export interface Secret {
  /** Where the value comes from. */
  readonly source: SecretSource;
  /** A description that never contains the value (`env:SNMP_COMMUNITY`, `file:/etc/x`). */
  readonly description: string;
  /**
   * Reads the value now (files are re-read every time, so rotation works).
   * Prefer `ctx.secrets.reveal(secret)` inside plugins: it also registers the value for scrubbing.
   */
  reveal(): Promise<string>;
  /** A reason the secret cannot be read right now (env var unset, file missing), or `undefined`. */
  problem(): string | undefined;
}

/**
 * A credential field in a plugin's connection schema: a {@link Secret}, or a plain string.
 * Plain strings work but are discouraged: they print as themselves wherever the asset is shown.
 */
export type SecretLike = Secret | string;

/** What every redacted value prints as. */
export const REDACTED = '[redacted]';

/** The brand every secret carries, so `isSecret` works across copies of the package. */
export const SECRET_BRAND: unique symbol = Symbol.for('warden.secret');

/**
 * Whether a value is a {@link Secret}.
 *
 * @param value - anything
 * @returns true for values made by `secret.env`, `secret.file` or `secret.value`
 */
export function isSecret(value: unknown): value is Secret {
  return typeof value === 'object' && value !== null && (value as { [SECRET_BRAND]?: unknown })[SECRET_BRAND] === true;
}
