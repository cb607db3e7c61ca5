import { type CheckResult, evaluateThresholds, type ProbeDefinition } from '@warden/core';
import { z } from 'zod';
import { thresholdParam, timeoutParam } from '../params.js';
import { dnsQuery } from '../transport/dns-query.js';
import { HttpError } from '../transport/errors.js';

/** Params of `cloud.dns`. */
export const dnsParamsSchema = z.strictObject({
  /** Name to resolve. @defaultValue the asset's `{address}` */
  name: z.string().min(1).default('{address}'),
  /** Record type. @defaultValue `'A'` */
  type: z.enum(['A', 'AAAA', 'CNAME', 'MX', 'NS', 'TXT']).default('A'),
  /** Servers to ask (`'10.0.0.53'`, `'[::1]:5353'`); the system's resolvers when absent. */
  servers: z.array(z.string().min(1)).min(1).optional(),
  /** Answers that must all be present (check_dns `-a`); a miss is critical. */
  expect: z.array(z.string().min(1)).min(1).optional(),
  /** Warning threshold on the lookup time in seconds. */
  warn: thresholdParam.optional(),
  /** Critical threshold on the lookup time in seconds. */
  crit: thresholdParam.optional(),
  /** Per-try timeout (two tries). @defaultValue `'5s'` */
  timeout: timeoutParam.default(5_000),
});

/** Params of `cloud.dns` as given. */
export type CloudDnsParamsInput = z.input<typeof dnsParamsSchema>;
/** Params of `cloud.dns` after validation. */
export type CloudDnsParams = z.output<typeof dnsParamsSchema>;

/**
 * Creates the `cloud.dns` probe: resolves a name (c-ares, optionally at given servers) and
 * judges it as check_dns does — no such name, no records or no answer is critical, an expected
 * answer missing is critical, lookup time against `warn`/`crit`. Sample: `dns.lookup.duration` (s).
 *
 * @returns the probe definition
 * @example
 * ```ts
 * warden.check({ id: 'dns', assets: { ids: ['ns1'] }, probe: 'cloud.dns', every: '1m',
 *   params: { name: 'www.example.com', servers: ['{address}'], expect: ['93.184.216.34'] } });
 * ```
 */
export function dnsProbe(): ProbeDefinition<CloudDnsParams> {
  return {
    name: 'dns',
    description: 'Resolves a name (optionally at given servers) and checks the answers',
    params: dnsParamsSchema,
    async run(_asset, params, ctx): Promise<CheckResult> {
      const started = performance.now();
      const where = `${params.type} ${params.name}${params.servers ? ` @${params.servers.join(',')}` : ''}`;
      let answers: string[];
      try {
        answers = await dnsQuery({
          name: params.name,
          type: params.type,
          servers: params.servers,
          timeoutMs: params.timeout,
          signal: ctx.signal,
        });
      } catch (err) {
        const code = err instanceof HttpError ? err.code : 'ERR_PLUGIN';
        const summary = `DNS ${code === 'ERR_ABORTED' ? 'UNKNOWN' : 'CRITICAL'}: ${err instanceof Error ? err.message : String(err)}`;
        return { status: code === 'ERR_ABORTED' ? 'unknown' : 'critical', summary, code };
      }
      const seconds = (performance.now() - started) / 1000;
      const samples = [{ name: 'dns.lookup.duration', value: seconds, unit: 's', labels: { type: params.type } }];
      const missing = (params.expect ?? []).filter((want) => !answers.includes(want));
      if (missing.length) {
        return {
          status: 'critical',
          summary: `DNS CRITICAL: ${where} answered ${answers.join(', ')}; expected ${missing.join(', ')}`,
          samples,
        };
      }
      const status = evaluateThresholds(seconds, { warn: params.warn, crit: params.crit });
      return { status, summary: `DNS ${status.toUpperCase()}: ${where} → ${answers.join(', ')} in ${seconds.toFixed(3)} s`, samples };
    },
  };
}
