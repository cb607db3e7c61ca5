import { z } from 'zod';
import type { Asset } from '../../src/assets/types.js';
import { WardenError } from '../../src/errors/warden-error.js';
import { isSecret, SECRET_BRAND, type Secret, type SecretSource } from '../../src/secrets/types.js';

/** The value every fake secret holds: no test output may ever contain it. */
export const SECRET_VALUE = 'hunter2-do-not-leak';

/** A stand-in for the real secret factories: branded, opaque, with a settable problem. */
export function fakeSecret(source: SecretSource, description: string, problem?: string): Secret {
  const secret = {
    [SECRET_BRAND]: true,
    source,
    description,
    reveal: async () => SECRET_VALUE,
    problem: () => problem,
    toString: () => '[redacted]',
    toJSON: () => '[redacted]',
  };
  return secret;
}

const secretField = z.custom<Secret>(isSecret, 'expected a secret (secret.env, secret.file or secret.value)');

/** Connection block schemas of two fake plugins. */
export const connectionSchemas: ReadonlyMap<string, z.ZodType> = new Map<string, z.ZodType>([
  ['snmp', z.strictObject({ version: z.enum(['1', '2c', '3']), community: secretField, port: z.number().int().default(161) })],
  ['ssh', z.strictObject({ username: z.string().min(1), privateKey: secretField.optional() })],
]);

/** Lets tests pass plugin blocks and deliberately wrong shapes without declaring module augmentation. */
export const asAsset = (value: Record<string, unknown>): Asset => value as unknown as Asset;

/** Runs `fn`, expecting a WardenError, and returns it. */
export function catchError(fn: () => unknown): WardenError {
  try {
    fn();
  } catch (err) {
    if (err instanceof WardenError) return err;
    throw err;
  }
  throw new Error('expected a WardenError, but nothing was thrown');
}
