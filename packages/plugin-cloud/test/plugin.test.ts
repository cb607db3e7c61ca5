import { assertPluginConformance } from '@warden/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloud } from '../src/index.js';
import { startHttpServer, type TestServer } from './helpers/servers.js';

let server: TestServer;
beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    // Holds /slow open so the conformance kit can check that aborts are honoured.
    if (req.url === '/slow') return;
    res.end('ok');
  });
});
afterAll(() => server.close());

describe('cloud()', () => {
  it('refuses invalid options with every path', () => {
    expect(() => cloud({ http: { connectTimeout: 'soon', connections: 0 } } as never)).toThrow(
      /http\.connectTimeout[\s\S]*http\.connections/,
    );
  });

  it('passes the plugin conformance kit', async () => {
    await assertPluginConformance({
      factory: cloud,
      options: {},
      asset: () => ({ id: 'svc', kind: 'service', address: '127.0.0.1', cloud: { provider: 'none', id: 'svc' } }),
      params: {
        'cloud.http': { url: `${server.url}/slow`, timeout: '1s' },
        'cloud.tls': { host: '127.0.0.1', port: server.port, timeout: '5s' },
      },
    });
  });
});
