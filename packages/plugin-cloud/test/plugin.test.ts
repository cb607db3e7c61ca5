import { assertPluginConformance, createTestWarden } from '@warden/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloud } from '../src/index.js';
import { type FakeAws, startFakeAws } from './helpers/fake-aws.js';
import { startHttpServer, type TestServer } from './helpers/servers.js';

let server: TestServer;
let fake: FakeAws;
beforeAll(async () => {
  fake = await startFakeAws();
  fake.statuses.set('i-1', {
    InstanceId: 'i-1',
    InstanceState: { Code: 16, Name: 'running' },
    SystemStatus: { Status: 'ok' },
    InstanceStatus: { Status: 'ok' },
  });
  fake.metricResults = [{ Id: 'cpu', StatusCode: 'Complete', Timestamps: ['2026-01-01T00:00:00Z'], Values: [12] }];
  server = await startHttpServer((req, res) => {
    // Holds /slow open so the conformance kit can check that aborts are honoured.
    if (req.url === '/slow') return;
    res.end('ok');
  });
});
afterAll(async () => {
  await server.close();
  await fake.close();
});

describe('cloud()', () => {
  it('runs inside a Warden: inventory discovery and instance status on the fake AWS', async () => {
    fake.instances.set('eu-west-1', [
      { InstanceId: 'i-1', InstanceType: 't3.small', State: { Code: 16, Name: 'running' }, Tags: [{ Key: 'env', Value: 'prod' }] },
    ]);
    const warden = createTestWarden({
      plugins: [
        cloud({
          aws: {
            regions: ['eu-west-1'],
            accessKeyId: 'AKIDEXAMPLE',
            secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
            endpoints: { ec2: fake.url, monitoring: fake.url },
            env: {},
          },
        }),
      ],
    });
    try {
      for await (const proposal of warden.discover('cloud.inventory', { regions: ['eu-west-1'] })) warden.assets.upsert(proposal);
      expect(warden.assets.get('aws:eu-west-1:i-1')).toMatchObject({
        kind: 'cloud-instance',
        labels: { env: 'prod' },
        facts: { instanceType: 't3.small' },
      });
      warden.assets.add({ id: 'elsewhere', kind: 'cloud-instance', cloud: { provider: 'gcp', id: 'x' } });
      warden.check({ id: 'ec2-status', assets: 'kind=cloud-instance', probe: 'cloud.instanceStatus' });
      const report = await warden.runOnce();
      const byAsset = Object.fromEntries(report.results.map((r) => [r.asset, r]));
      expect(byAsset['aws:eu-west-1:i-1']?.status).toBe('ok');
      expect(byAsset.elsewhere?.status).toBe('unknown');
      expect(byAsset.elsewhere?.summary).toContain('provider "gcp" is not configured');
      expect(fake.problems).toEqual([]);
    } finally {
      await warden.stop();
    }
  });

  it('refuses invalid options with every path', () => {
    expect(() => cloud({ http: { connectTimeout: 'soon', connections: 0 } } as never)).toThrow(
      /http\.connectTimeout[\s\S]*http\.connections/,
    );
  });

  it('passes the plugin conformance kit', async () => {
    await assertPluginConformance({
      factory: cloud,
      options: {
        aws: {
          regions: ['eu-west-1'],
          accessKeyId: 'AKIDEXAMPLE',
          secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
          endpoints: { ec2: fake.url, monitoring: fake.url, sts: fake.url },
          env: {},
        },
      },
      asset: () => ({ id: 'vm', kind: 'cloud-instance', address: '127.0.0.1', cloud: { provider: 'aws', id: 'i-1', region: 'eu-west-1' } }),
      params: {
        'cloud.http': { url: `${server.url}/slow`, timeout: '1s' },
        'cloud.tls': { host: '127.0.0.1', port: server.port, timeout: '5s' },
        // Nothing answers DNS on the HTTP server's port: a timeout, quickly.
        'cloud.dns': { name: 'svc.test', servers: [`127.0.0.1:${server.port}`], timeout: 200 },
      },
    });
  });
});
