import { type Duration, parseDuration, type Secret, zSecret } from '@warden/core';
import { z } from 'zod';

/** Options of the `acmePdu()` factory, as callers pass them. */
export interface AcmePduOptions {
  /** How long one API request may take (`'5s'`, or milliseconds). @defaultValue `'5s'` */
  timeout?: Duration | undefined;
}

/** A duration parsed to milliseconds when the factory is called (fail fast, with the path). */
const durationMs = z
  .union([
    z.number().positive(),
    z.custom<`${number}${string}`>((v) => typeof v === 'string', 'expected a duration such as "5s" or milliseconds'),
  ])
  .transform((value, ctx) => {
    try {
      return parseDuration(value, 'timeout');
    } catch {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not a duration; use e.g. '5s' or milliseconds` });
      return z.NEVER;
    }
  });

/** The options schema: strict, so a misspelt option is refused with its path. */
export const acmePduOptionsSchema = z
  .strictObject({ timeout: durationMs.default(5_000) })
  .optional()
  .transform((options) => ({ timeoutMs: options?.timeout ?? 5_000 }));

/** The options after validation. */
export type AcmePduSettings = z.output<typeof acmePduOptionsSchema>;

/** The `acme-pdu` block of an asset: how to reach the PDU's API. */
export interface AcmePduAssetConfig {
  /** API token, always a secret: `secret.env('ACME_PDU_TOKEN')`. */
  token: Secret;
  /** API port. @defaultValue 443 with TLS, else 80 */
  port?: number;
  /** Use HTTPS. @defaultValue true */
  tls?: boolean;
}

/** The asset block schema: strict; the token must be a secret (a plain string is refused). */
export const acmePduAssetSchema = z.strictObject({
  token: zSecret({ allowString: false }),
  port: z.number().int().min(1).max(65_535).optional(),
  tls: z.boolean().optional(),
});
