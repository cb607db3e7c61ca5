import type { Asset } from '@warden/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CloudTlsParamsInput, tlsProbe, tlsProbeParamsSchema } from '../../src/probes/tls.js';
import { hookContext } from '../helpers/context.js';
import { makePki, startHttpServer, startHttpsServer, type TestPki, type TestServer } from '../helpers/servers.js';

const asset: Asset = { id: 'svc', kind: 'service', address: '127.0.0.1' };
const probe = tlsProbe();
const run = (params: CloudTlsParamsInput, ctx = hookContext()) =>
  probe.run(asset, tlsProbeParamsSchema.parse({ host: '127.0.0.1', ...params }), ctx);

let pki: TestPki;
let short: TestServer;
let plain: TestServer;
beforeAll(async () => {
  pki = makePki(5);
  short = await startHttpsServer(pki, (_req, res) => res.end());
  plain = await startHttpServer((_req, res) => res.end());
});
afterAll(async () => {
  await short.close();
  await plain.close();
});

describe('cloud.tls', () => {
  it('judges expiry with the default 14d/7d thresholds', async () => {
    const result = await run({ port: short.port, ca: pki.ca });
    expect(result.status).toBe('critical');
    expect(result.summary).toMatch(/certificate expires in [45]\.\d days/);
    expect(result.samples?.map((s) => s.name)).toEqual(['tls.certificate.time_left', 'cloud.tls.handshake.duration']);
    const relaxed = await run({ port: short.port, ca: pki.ca, certExpiry: { warn: '6d', crit: '1d' } });
    expect(relaxed.status).toBe('warning');
    const ok = await run({ port: short.port, ca: pki.ca, certExpiry: { warn: '2d', crit: '1d' } });
    expect(ok.status).toBe('ok');
    expect(ok.summary).toContain('CN=localhost');
  });

  it('is critical when the certificate is not trusted, unless verify is off', async () => {
    const untrusted = await run({ port: short.port, certExpiry: { warn: '2d', crit: '1d' } });
    expect(untrusted).toMatchObject({ status: 'critical', code: 'ERR_PROTOCOL' });
    expect(untrusted.summary).toContain('not trusted');
    expect((await run({ port: short.port, verify: false, certExpiry: { warn: '2d', crit: '1d' } })).status).toBe('ok');
  });

  it('checks the name against the certificate', async () => {
    const wrong = await run({ port: short.port, ca: pki.ca, servername: 'example.org', certExpiry: { warn: '2d', crit: '1d' } });
    expect(wrong.status).toBe('critical');
    expect(wrong.summary).toMatch(/example\.org/);
  });

  it('is critical on a port that does not speak TLS, and on a refused connection', async () => {
    const plainResult = await run({ port: plain.port, timeout: 2000 });
    expect(plainResult.status).toBe('critical');
    const gone = await startHttpServer(() => undefined);
    const port = gone.port;
    await gone.close();
    expect(await run({ port })).toMatchObject({ status: 'critical', code: 'ERR_UNREACHABLE' });
  });

  it('presents a client certificate (key from a file secret) to a server that requires one', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { secret } = await import('@warden/core');
    const dir = mkdtempSync(join(tmpdir(), 'warden-tls-'));
    writeFileSync(join(dir, 'client.key'), pki.clientKey);
    writeFileSync(join(dir, 'client.pem'), pki.clientCert);
    // TLS 1.2, where a missing client certificate fails the handshake itself.
    const mtls = await startHttpsServer(pki, (_req, res) => res.end(), true, 'TLSv1.2');
    try {
      const without = await run({ port: mtls.port, ca: pki.ca, certExpiry: { warn: '2d', crit: '1d' } });
      expect(without.status).toBe('critical');
      const ctx = hookContext();
      const result = await run(
        {
          port: mtls.port,
          ca: pki.ca,
          cert: join(dir, 'client.pem'),
          key: secret.file(join(dir, 'client.key')),
          certExpiry: { warn: '2d', crit: '1d' },
        },
        ctx,
      );
      expect(result.status).toBe('ok');
      expect(JSON.stringify(result)).not.toContain('PRIVATE KEY');
    } finally {
      await mtls.close();
    }
  });

  it('gives unknown with ERR_ABORTED when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await run({ port: short.port }, hookContext({ signal: controller.signal }))).toMatchObject({
      status: 'unknown',
      code: 'ERR_ABORTED',
    });
  });
});
