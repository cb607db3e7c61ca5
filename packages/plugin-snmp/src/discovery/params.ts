import { parseDuration, type SecretLike, zSecret } from '@warden/core';
import { z } from 'zod';
import { snmpV3Schema } from '../options.js';
import { expandTargets, MAX_SWEEP_ADDRESSES, targetProblem } from './targets.js';

const credential = zSecret() as z.ZodType<SecretLike, SecretLike>;

const duration = z.union([z.number().positive(), z.string()]).superRefine((value, ctx) => {
  try {
    parseDuration(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not a duration; use milliseconds or '1s', '500ms'` });
  }
});

/**
 * Params of the `snmp.sweep` discoverer: what to probe, with which credentials, how fast.
 *
 * @example
 * ```ts
 * for await (const proposal of warden.discover('snmp.sweep', {
 *   targets: ['10.0.0.0/24', '10.0.1.5', 'ups-1.example.org:1161'],
 *   communities: [secret.env('SNMP_COMMUNITY')],
 * })) warden.assets.upsert(proposal);
 * ```
 */
export const snmpSweepParamsSchema = z
  .strictObject({
    /** IPv4 addresses, CIDR ranges (at most 4,096 addresses in all: a /20) and host names, each optionally `:port`. */
    targets: z
      .array(
        z.string().superRefine((text, ctx) => {
          const problem = targetProblem(text);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
      )
      .min(1, 'give at least one address or CIDR range'),
    /** UDP port for targets without one. @defaultValue 161 */
    port: z.number().int().min(1).max(65_535).optional(),
    /** Version used with the communities. @defaultValue `'2c'` */
    version: z.enum(['1', '2c']).optional(),
    /** Communities to try in order (secrets or strings). @defaultValue `['public']` when no `v3` users are given */
    communities: z.array(credential).optional(),
    /** SNMPv3 users to try after the communities. */
    v3: z.array(snmpV3Schema).optional(),
    /** Addresses probed at once. @defaultValue 32 */
    concurrency: z.number().int().min(1).max(256).optional(),
    /** Per-request timeout. @defaultValue `'1s'` */
    timeout: duration.optional(),
    /** Retries per request after a timeout. @defaultValue 0 */
    retries: z.number().int().min(0).max(3).optional(),
    /** Labels put on every proposal (`{ site: 'ams1' }`). */
    labels: z.record(z.string(), z.string()).optional(),
  })
  .superRefine((params, ctx) => {
    if (params.targets.some((t) => targetProblem(t) !== undefined)) return;
    try {
      expandTargets(params.targets, params.port ?? 161);
    } catch {
      ctx.addIssue({
        code: 'custom',
        path: ['targets'],
        message: `the targets cover more than ${MAX_SWEEP_ADDRESSES} addresses; split the sweep`,
      });
    }
  });

/** Params of `snmp.sweep`, as written. */
export type SnmpSweepParams = z.input<typeof snmpSweepParamsSchema>;
