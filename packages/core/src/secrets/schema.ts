import { z } from 'zod';
import { isSecret, type Secret, type SecretLike } from './types.js';

/** Options of {@link zSecret}. */
export interface ZSecretOptions {
  /**
   * Accept a plain string as well as a {@link Secret}. Plain strings work but are
   * discouraged: they print as themselves wherever the asset is shown (events, logs).
   * @defaultValue `true`
   */
  allowString?: boolean;
}

const secretSchema = z.custom<Secret>(isSecret, {
  message: 'expected a secret (secret.env(), secret.file() or secret.value())',
});

const stringOrSecretSchema = z.union([secretSchema, z.string().min(1, 'expected a non-empty string or a secret')], {
  error: 'expected a secret (secret.env(), secret.file() or secret.value()) or a non-empty string',
});

/**
 * A zod schema for a credential field in a plugin's connection schema. Parsing keeps the
 * secret object as is (it is never revealed during validation). Note: `z.toJSONSchema` cannot
 * describe a secret; pass `unrepresentable: 'any'` when generating JSON Schema.
 *
 * @param options - whether plain strings are accepted
 * @returns a schema accepting a {@link Secret} (and a non-empty string unless `allowString: false`)
 * @example
 * ```ts
 * const connection = z.strictObject({ username: z.string(), password: zSecret() });
 * ```
 */
export function zSecret(options: ZSecretOptions & { allowString: false }): z.ZodType<Secret>;
export function zSecret(options?: ZSecretOptions): z.ZodType<SecretLike>;
export function zSecret(options: ZSecretOptions = {}): z.ZodType<SecretLike> {
  return options.allowString === false ? secretSchema : stringOrSecretSchema;
}

/** `zSecret()`: a {@link Secret} or a non-empty plain string. */
export const secretOrString: z.ZodType<SecretLike> = stringOrSecretSchema;
