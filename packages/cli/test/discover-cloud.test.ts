import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../src/main.js';
import { memoryIo, tempDir } from './helpers.js';

// A local stand-in for EC2's DescribeInstances (query API, XML answer) with one instance.
const ANSWER = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <requestId>8f7e4c3a-0000-4000-8000-000000000001</requestId>
  <reservationSet>
    <item>
      <reservationId>r-0123456789abcdef0</reservationId>
      <ownerId>123456789012</ownerId>
      <instancesSet>
        <item>
          <instanceId>i-0abc1234def567890</instanceId>
          <instanceState><code>16</code><name>running</name></instanceState>
          <instanceType>t3.micro</instanceType>
          <placement><availabilityZone>eu-west-1a</availabilityZone></placement>
          <privateIpAddress>10.1.2.3</privateIpAddress>
          <tagSet>
            <item><key>Name</key><value>web-1</value></item>
            <item><key>env</key><value>prod</value></item>
          </tagSet>
        </item>
      </instancesSet>
    </item>
  </reservationSet>
</DescribeInstancesResponse>`;

let server: Server;
let port: number;
const bodies: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(200, { 'content-type': 'text/xml' }).end(ANSWER);
    });
  });
  port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('warden discover cloud', () => {
  it("lists a provider's instances with the config's plugin options (credentials from { env }) and prints them as assets", async () => {
    const config = `plugins:
  cloud:
    aws:
      regions: [eu-west-1]
      accessKeyId: { env: WARDEN_CLI_TEST_KEY_ID }
      secretAccessKey: { env: WARDEN_CLI_TEST_SECRET }
      endpoints: { ec2: "http://127.0.0.1:${port}/" }
`;
    const { dir, cleanup } = await tempDir({ 'warden.yaml': config });
    Object.assign(process.env, { WARDEN_CLI_TEST_KEY_ID: 'AKIDEXAMPLE', WARDEN_CLI_TEST_SECRET: 'not-a-real-secret-key' });
    try {
      const io = memoryIo(dir);
      const code = await main(
        ['discover', 'cloud', 'aws', '--config', 'warden.yaml', '--filter', 'tag:env=prod,staging', '--label', 'team=web'],
        io,
      );
      expect(io.stderr.text).toBe('');
      expect(code).toBe(0);
      const { assets } = parse(io.stdout.text);
      expect(assets).toEqual([
        expect.objectContaining({
          id: 'aws:eu-west-1:i-0abc1234def567890',
          kind: 'cloud-instance',
          name: 'web-1',
          address: '10.1.2.3',
          labels: expect.objectContaining({ env: 'prod', provider: 'aws', region: 'eu-west-1', team: 'web' }),
          facts: expect.objectContaining({ state: 'running', instanceType: 't3.micro' }),
          cloud: { provider: 'aws', region: 'eu-west-1', id: 'i-0abc1234def567890', account: '123456789012' },
        }),
      ]);
      const request = new URLSearchParams(bodies.at(-1));
      expect(request.get('Action')).toBe('DescribeInstances');
      expect([request.get('Filter.1.Name'), request.get('Filter.1.Value.1'), request.get('Filter.1.Value.2')]).toEqual([
        'tag:env',
        'prod',
        'staging',
      ]);
    } finally {
      delete process.env.WARDEN_CLI_TEST_KEY_ID;
      delete process.env.WARDEN_CLI_TEST_SECRET;
      await cleanup();
    }
  });

  it('says which providers are configured when asked for another one (exit 3)', async () => {
    const io = memoryIo(process.cwd());
    expect(await main(['discover', 'cloud', 'digitalocean'], io)).toBe(3);
    expect(io.stderr.text).toMatch(/provider "digitalocean" is not configured \(configured: none\)/);
  });
});
