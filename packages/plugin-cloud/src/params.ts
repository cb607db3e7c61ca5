import { readFileSync } from 'node:fs';
import { parseDuration, parseThreshold, type SecretLike, type Threshold, zSecret } from '@warden/core';
import { z } from 'zod';

/** A duration param (`'10s'`, `'14d'`, or milliseconds), parsed to milliseconds when the check is registered. */
export const durationParam = z.union([z.number().nonnegative(), z.string().min(1)]).transform((value, ctx): number => {
  try {
    return parseDuration(value as never, 'duration');
  } catch {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not a duration; use milliseconds or '10s', '14d'` });
    return z.NEVER;
  }
});

/** A positive duration (a timeout). */
export const timeoutParam = durationParam.refine((ms) => ms > 0, { message: 'a timeout must be longer than 0' });

/** A threshold param (`'>0.5'`, `'~:10'`, a number) parsed once, when the check is registered. */
export const thresholdParam = z.union([z.string(), z.number()]).transform((value, ctx): Threshold => {
  try {
    return parseThreshold(value, 'threshold');
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

/** PEM text, or the path of a PEM file (read at each use, so rotation works). */
export const pemParam = z.string().min(1, 'expected PEM text or the path of a PEM file');

/** TLS params of probes and endpoints: extra CA, client certificate and key, verification. */
export const tlsParamsSchema = z.strictObject({
  /** Extra trusted CA certificates: PEM text or a file path. */
  ca: pemParam.optional(),
  /** Client certificate for mutual TLS: PEM text or a file path. */
  cert: pemParam.optional(),
  /** Client key: a secret (`secret.file('/etc/warden/client.key')`) or PEM text. */
  key: zSecret().optional(),
  /** Verify the server certificate and name. @defaultValue `true` */
  verify: z.boolean().default(true),
  /** Server name for SNI and verification, when the URL has an IP address. */
  servername: z.string().min(1).optional(),
});

/** TLS params as a check gives them. */
export type TlsParamsInput = z.input<typeof tlsParamsSchema>;
/** TLS params after validation. */
export type TlsParams = z.output<typeof tlsParamsSchema>;

/** Certificate-expiry thresholds: `warn`/`crit` are durations before `notAfter` (`'14d'`, `'7d'`). */
export const certExpirySchema = z
  .strictObject({
    /** Warn when the certificate expires within this long. */
    warn: durationParam,
    /** Critical when the certificate expires within this long (or has expired). */
    crit: durationParam,
  })
  .refine((v) => v.warn >= v.crit, { message: 'certExpiry.warn must be at least certExpiry.crit', path: ['warn'] });

/**
 * Reads PEM text given inline or as a file path.
 *
 * @param value - PEM text or a path
 * @returns the PEM text
 * @throws Error when the file cannot be read
 */
export function readPem(value: string): string {
  return value.includes('-----BEGIN') ? value : readFileSync(value, 'utf8');
}

/**
 * Resolves TLS params into what the transport takes, revealing the key at the moment of use.
 *
 * @param tls - validated params
 * @param reveal - the hook context's `secrets.reveal`
 * @returns transport TLS settings
 */
export async function resolveTls(
  tls: TlsParams | undefined,
  reveal: (secret: SecretLike) => Promise<string>,
): Promise<{ ca?: string; cert?: string; key?: string; verify: boolean; servername?: string } | undefined> {
  if (!tls) return undefined;
  return {
    verify: tls.verify,
    ...(tls.ca ? { ca: readPem(tls.ca) } : {}),
    ...(tls.cert ? { cert: readPem(tls.cert) } : {}),
    ...(tls.key ? { key: readPem(await reveal(tls.key)) } : {}),
    ...(tls.servername ? { servername: tls.servername } : {}),
  };
}
