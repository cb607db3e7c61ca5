import { type CheckResult, evaluateThresholds, type ProbeDefinition, type Sample, worstStatus, zSecret } from '@warden/core';
import { z } from 'zod';
import { certExpirySchema, readPem, thresholdParam, timeoutParam } from '../params.js';
import { realTimers } from '../transport/request.js';
import { tlsHandshake } from '../transport/tls-handshake.js';
import { judgeCertExpiry, type Verdict } from './http-judge.js';
import { errorResult } from './results.js';

/** Params of `cloud.tls`. */
export const tlsProbeParamsSchema = z.strictObject({
  /** Host to connect to. @defaultValue the asset's `{address}` */
  host: z.string().min(1).default('{address}'),
  /** TCP port (HTTPS, SMTPS, LDAPS, a database's TLS port…). @defaultValue 443 */
  port: z.number().int().min(1).max(65_535).default(443),
  /** SNI name and the name verified. @defaultValue `host` when it is a name */
  servername: z.string().min(1).optional(),
  /** Extra trusted CAs: PEM text or a file path. */
  ca: z.string().min(1).optional(),
  /** Client certificate for servers that ask for one: PEM text or a file path. */
  cert: z.string().min(1).optional(),
  /** Client key: a secret (`secret.file(...)`) or PEM text. */
  key: zSecret().optional(),
  /** Judge trust (chain and name): an untrusted certificate is critical. @defaultValue `true` */
  verify: z.boolean().default(true),
  /** Expiry thresholds. @defaultValue `{ warn: '14d', crit: '7d' }` */
  certExpiry: certExpirySchema.default({ warn: 14 * 86_400_000, crit: 7 * 86_400_000 }),
  /** Warning threshold on connect + handshake time in seconds. */
  warn: thresholdParam.optional(),
  /** Critical threshold on connect + handshake time in seconds. */
  crit: thresholdParam.optional(),
  /** Deadline for connect + handshake. @defaultValue `'10s'` */
  timeout: timeoutParam.default(10_000),
});

/** Params of `cloud.tls` as a check gives them. */
export type CloudTlsParamsInput = z.input<typeof tlsProbeParamsSchema>;
/** Params of `cloud.tls` after validation. */
export type CloudTlsParams = z.output<typeof tlsProbeParamsSchema>;

/**
 * Creates the `cloud.tls` probe: a TLS handshake on any TCP port, judging trust (chain and
 * name), certificate expiry (`certExpiry`, default warn 14 days, crit 7 days) and handshake
 * time. Samples: `tls.certificate.time_left` (s) and `cloud.tls.handshake.duration` (s).
 *
 * @returns the probe definition
 * @example
 * ```ts
 * warden.check({ id: 'ldaps', assets: 'kind=host,role=ldap', probe: 'cloud.tls', every: '1h',
 *   params: { port: 636, certExpiry: { warn: '30d', crit: '7d' } } });
 * ```
 */
export function tlsProbe(): ProbeDefinition<CloudTlsParams> {
  return {
    name: 'tls',
    description: 'TLS handshake on any port: trust, certificate expiry and handshake time',
    params: tlsProbeParamsSchema,
    async run(_asset, params, ctx): Promise<CheckResult> {
      let result: Awaited<ReturnType<typeof tlsHandshake>>;
      try {
        result = await tlsHandshake(
          {
            host: params.host,
            port: params.port,
            servername: params.servername,
            ca: params.ca ? readPem(params.ca) : undefined,
            cert: params.cert ? readPem(params.cert) : undefined,
            key: params.key ? readPem(await ctx.secrets.reveal(params.key)) : undefined,
            timeoutMs: params.timeout,
            signal: ctx.signal,
          },
          realTimers,
        );
      } catch (err) {
        return errorResult(err, ctx);
      }
      const now = ctx.clock.now();
      const notAfter = Date.parse(result.certificate.valid_to);
      const server = `${params.host}:${params.port}`;
      const verdicts: Verdict[] = [judgeCertExpiry(notAfter, now, params.certExpiry)];
      if (params.verify && !result.authorized) {
        verdicts.push({ status: 'critical', reason: `certificate not trusted: ${result.authorizationError}`, code: 'ERR_PROTOCOL' });
      }
      const seconds = result.handshakeMs / 1000;
      const latency = evaluateThresholds(seconds, { warn: params.warn, crit: params.crit });
      if (latency !== 'ok') verdicts.push({ status: latency, reason: `handshake took ${seconds.toFixed(3)} s` });
      const status = worstStatus(verdicts.map((v) => v.status));
      const reasons = verdicts.filter((v) => v.status !== 'ok').map((v) => v.reason);
      const subject = result.certificate.subject?.CN ?? '?';
      const samples: Sample[] = [
        { name: 'tls.certificate.time_left', value: (notAfter - now) / 1000, unit: 's', labels: { server } },
        { name: 'cloud.tls.handshake.duration', value: seconds, unit: 's', labels: { server } },
      ];
      const code = verdicts.find((v) => v.status === status && v.code)?.code;
      return {
        status,
        summary: `TLS ${status.toUpperCase()}: ${reasons.length ? `${reasons.join('; ')} — ` : ''}${server} ${result.protocol ?? ''} CN=${subject}, expires ${new Date(notAfter).toISOString()}`,
        details: `issuer: ${result.certificate.issuer?.CN ?? '?'}\ncipher: ${result.cipher}\nserial: ${result.certificate.serialNumber}`,
        samples,
        ...(code ? { code } : {}),
      };
    },
  };
}
