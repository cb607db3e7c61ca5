import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AssetProposal } from '@warden/core';
import aws4 from 'aws4';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AwsOptions, awsOptionsSchema, awsProvider } from '../../../src/providers/aws/provider.js';
import { providerContext } from '../../../src/providers/lookup.js';
import type { CloudProvider } from '../../../src/providers/types.js';
import { createHttpTransport } from '../../../src/transport/http-transport.js';
import { service } from '../../helpers/aws-model.js';
import { hookContext } from '../../helpers/context.js';
import { type FakeAws, startFakeAws } from '../../helpers/fake-aws.js';
import { recordingClock } from '../../helpers/servers.js';
import { expectedSignature, parseAuthorization } from '../../helpers/sigv4-verify.js';

const http = createHttpTransport();
let fake: FakeAws;
beforeAll(async () => {
  fake = await startFakeAws();
});
afterAll(async () => {
  await http.close();
  await fake.close();
});
afterEach(() => {
  expect(fake.problems).toEqual([]);
  fake.calls.length = 0;
  fake.throttle.count = 0;
  fake.malformed.clear();
  fake.foreign.clear();
  fake.hold.clear();
  fake.credentialsBody = undefined;
  fake.instances.clear();
  fake.pageSize = 1000;
});

const NOW = Date.parse('2026-01-01T00:00:00Z');
const ctx = () => providerContext(hookContext({ clock: recordingClock(NOW) }), http);
const endpoints = () => ({ ec2: fake.url, monitoring: fake.url, sts: fake.url, imds: fake.url, ecs: fake.url });
const provider = (options: Partial<AwsOptions> = {}): CloudProvider =>
  awsProvider(
    awsOptionsSchema.parse({
      regions: ['eu-west-1', 'us-east-2'],
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      endpoints: endpoints(),
      env: {},
      ...options,
    }),
  );
async function collect(iterable: AsyncIterable<AssetProposal>): Promise<AssetProposal[]> {
  const out: AssetProposal[] = [];
  for await (const p of iterable) out.push(p);
  return out;
}
async function rejection(promise: Promise<unknown>): Promise<Error & { code: string }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code: string };
  }
  throw new Error('expected a rejection');
}
const instance = (id: string, extra: Record<string, unknown> = {}) => ({
  InstanceId: id,
  ImageId: 'ami-0abcdef1234567890',
  InstanceType: 't3.micro',
  State: { Code: 16, Name: 'running' },
  Placement: { AvailabilityZone: 'eu-west-1b' },
  PrivateIpAddress: '10.0.1.12',
  LaunchTime: '2025-12-01T10:00:00Z',
  Architecture: 'x86_64',
  Tags: [
    { Key: 'Name', Value: `web ${id}` },
    { Key: 'env', Value: 'prod' },
    { Key: 'aws:autoscaling:groupName', Value: 'web-asg' },
  ],
  ...extra,
});

describe('SigV4', () => {
  // AWS's documented example (IAM ListUsers, AKIDEXAMPLE, 20150830T123600Z) and its published signature.
  const request = {
    method: 'GET',
    path: '/',
    query: 'Action=ListUsers&Version=2010-05-08',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      host: 'iam.amazonaws.com',
      'x-amz-date': '20150830T123600Z',
    },
    body: '',
  };
  const published = '5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7';

  it('the test verifier reproduces the documented known-answer signature', () => {
    const auth = {
      accessKeyId: 'AKIDEXAMPLE',
      date: '20150830',
      region: 'us-east-1',
      service: 'iam',
      signedHeaders: ['content-type', 'host', 'x-amz-date'],
      signature: '',
    };
    expect(expectedSignature(request, auth, 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY')).toBe(published);
  });

  it('aws4 signs the documented request to the same signature', () => {
    const opts = {
      host: 'iam.amazonaws.com',
      path: '/?Action=ListUsers&Version=2010-05-08',
      method: 'GET',
      service: 'iam',
      region: 'us-east-1',
      headers: { 'Content-Type': request.headers['content-type'], 'X-Amz-Date': '20150830T123600Z' },
    };
    aws4.sign(opts, { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' });
    expect(parseAuthorization((opts.headers as Record<string, string>).Authorization)?.signature).toBe(published);
  });
});

describe('AWS provider against a model-driven fake', () => {
  it('discovers EC2 instances in every region across pages, tags → labels, facts from the instance', async () => {
    fake.pageSize = 2;
    fake.instances.set(
      'eu-west-1',
      ['i-1', 'i-2', 'i-3'].map((id) => instance(id)),
    );
    fake.instances.set('us-east-2', [
      instance('i-9', {
        State: { Code: 80, Name: 'stopped' },
        Placement: { AvailabilityZone: 'us-east-2a' },
        PrivateIpAddress: undefined,
        PublicIpAddress: '203.0.113.9',
        Tags: [],
      }),
    ]);
    const found = await collect(provider().discover({}, ctx()));
    expect(found.map((p) => p.id)).toEqual(['aws:eu-west-1:i-1', 'aws:eu-west-1:i-2', 'aws:eu-west-1:i-3', 'aws:us-east-2:i-9']);
    expect(fake.calls).toEqual(['ec2 DescribeInstances', 'ec2 DescribeInstances', 'ec2 DescribeInstances']);
    expect(found[0]).toEqual({
      id: 'aws:eu-west-1:i-1',
      kind: 'cloud-instance',
      name: 'web i-1',
      address: '10.0.1.12',
      labels: { Name: 'web i-1', env: 'prod', aws_autoscaling_groupName: 'web-asg', provider: 'aws', region: 'eu-west-1' },
      facts: {
        state: 'running',
        instanceType: 't3.micro',
        availabilityZone: 'eu-west-1b',
        region: 'eu-west-1',
        imageId: 'ami-0abcdef1234567890',
        launchTime: '2025-12-01T10:00:00.000Z',
        architecture: 'x86_64',
        privateIp: '10.0.1.12',
        account: '123456789012',
      },
      cloud: { provider: 'aws', region: 'eu-west-1', id: 'i-1', account: '123456789012' },
    });
    expect(found[3]).toMatchObject({ address: '203.0.113.9', facts: { state: 'stopped', availabilityZone: 'us-east-2a' } });
  });

  it('spaces calls by its client-side rate limit per region', async () => {
    fake.pageSize = 1;
    fake.instances.set(
      'eu-west-1',
      ['i-1', 'i-2', 'i-3', 'i-4'].map((id) => instance(id)),
    );
    // A clock that jumps by each timer's delay.
    let now = NOW;
    const waits: number[] = [];
    const clock = {
      now: () => now,
      setTimer(fn: () => void, delayMs: number) {
        waits.push(delayMs);
        now += delayMs;
        setImmediate(fn);
        return { cancel() {} };
      },
    };
    const found = await collect(
      provider({ requestsPerSecond: 1 }).discover({ regions: ['eu-west-1'] }, providerContext(hookContext({ clock }), http)),
    );
    expect(found).toHaveLength(4);
    expect(waits).toEqual([1000, 1000]); // a burst of two, then one a second
    expect(now - NOW).toBe(2000);
  });

  it('sends filters in the EC2 query form the model defines', async () => {
    fake.instances.set('eu-west-1', [instance('i-1')]);
    await collect(
      provider().discover(
        { regions: ['eu-west-1'], filters: { 'tag:env': ['prod', 'staging'], 'instance-state-name': ['running'] } },
        ctx(),
      ),
    );
    const body = new URLSearchParams(fake.received.at(-1)?.body);
    expect(body.get('Filter.1.Name')).toBe('tag:env');
    expect(body.get('Filter.1.Value.2')).toBe('staging');
    expect(body.get('Filter.2.Value.1')).toBe('running');
  });

  it('reads instance status from the model example, and impaired checks with scheduled events', async () => {
    const example = service('ec2').examples.DescribeInstanceStatus?.[0]?.output as { InstanceStatuses: Array<Record<string, unknown>> };
    const entry = example.InstanceStatuses[0] as Record<string, unknown>;
    fake.statuses.set(entry.InstanceId as string, entry);
    const ok = await provider().status({ assetId: 'a', id: entry.InstanceId as string, region: 'us-east-1' }, ctx());
    expect(ok).toEqual({ state: 'running', checks: { system: 'ok', instance: 'ok' }, events: [] });
    fake.statuses.set('i-bad', {
      InstanceId: 'i-bad',
      InstanceState: { Code: 16, Name: 'running' },
      SystemStatus: { Status: 'impaired', Details: [{ Name: 'reachability', Status: 'failed' }] },
      InstanceStatus: { Status: 'ok' },
      Events: [
        {
          InstanceEventId: 'instance-event-1',
          Code: 'system-reboot',
          Description: 'scheduled reboot',
          NotBefore: '2026-01-03T02:00:00Z',
          NotAfter: '2026-01-03T04:00:00Z',
        },
      ],
    });
    const bad = await provider().status({ assetId: 'a', id: 'i-bad', region: 'eu-west-1' }, ctx());
    expect(bad).toEqual({
      state: 'running',
      checks: { system: 'impaired', instance: 'ok' },
      events: [
        {
          id: 'instance-event-1',
          code: 'system-reboot',
          description: 'scheduled reboot',
          notBefore: Date.parse('2026-01-03T02:00:00Z'),
          notAfter: Date.parse('2026-01-03T04:00:00Z'),
        },
      ],
    });
    expect((await provider().status({ assetId: 'a', id: 'i-none' }, ctx())).state).toBe('not-found');
  });

  it('reads CloudWatch GetMetricData into canonical samples, newest datapoint each', async () => {
    fake.metricResults = [
      {
        Id: 'cpu',
        Label: 'CPUUtilization',
        StatusCode: 'Complete',
        Timestamps: ['2025-12-31T23:50:00Z', '2025-12-31T23:45:00Z'],
        Values: [42.5, 10],
      },
      { Id: 'netin', Label: 'NetworkIn', StatusCode: 'Complete', Timestamps: ['2025-12-31T23:50:00Z'], Values: [1_048_576] },
      { Id: 'scfsys', Label: 'StatusCheckFailed_System', StatusCode: 'Complete', Timestamps: [], Values: [] },
    ];
    const samples = await provider().metrics(
      { assetId: 'a', id: 'i-1', region: 'eu-west-1' },
      { sets: ['cpu', 'network', 'status'], windowMs: 900_000, periodSeconds: 300 },
      ctx(),
    );
    expect(samples).toEqual([
      { name: 'system.cpu.utilization', value: 0.425, unit: '1', timestamp: Date.parse('2025-12-31T23:50:00Z') },
      {
        name: 'cloud.network.io',
        value: 1_048_576,
        unit: 'By',
        labels: { direction: 'receive' },
        timestamp: Date.parse('2025-12-31T23:50:00Z'),
      },
    ]);
    const body = new URLSearchParams(fake.received.at(-1)?.body);
    expect(body.get('MetricDataQueries.member.1.MetricStat.Metric.MetricName')).toBe('CPUUtilization');
    expect(body.get('MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value')).toBe('i-1');
    expect(body.get('StartTime')).toBe('2025-12-31T23:45:00.000Z');
  });

  it('reads EBS and status-check metrics, and asks only for the sets wanted', async () => {
    const at = '2025-12-31T23:55:00Z';
    fake.metricResults = [
      { Id: 'ebsread', Label: 'EBSReadBytes', StatusCode: 'Complete', Timestamps: [at], Values: [4096] },
      { Id: 'ebswrite', Label: 'EBSWriteBytes', StatusCode: 'Complete', Timestamps: [at], Values: [8192] },
      { Id: 'scfsys', Label: 'StatusCheckFailed_System', StatusCode: 'Complete', Timestamps: [at], Values: [1] },
    ];
    const samples = await provider().metrics(
      { assetId: 'a', id: 'i-1', region: 'eu-west-1' },
      { sets: ['disk', 'status'], windowMs: 900_000, periodSeconds: 300 },
      ctx(),
    );
    expect(samples).toEqual([
      { name: 'cloud.disk.io', value: 4096, unit: 'By', labels: { direction: 'read' }, timestamp: Date.parse(at) },
      { name: 'cloud.disk.io', value: 8192, unit: 'By', labels: { direction: 'write' }, timestamp: Date.parse(at) },
      { name: 'cloud.instance.status_check.failed', value: 1, unit: '1', labels: { check: 'system' }, timestamp: Date.parse(at) },
    ]);
    const body = new URLSearchParams(fake.received.at(-1)?.body);
    const asked = [...body.entries()].filter(([k]) => k.endsWith('.MetricName')).map(([, v]) => v);
    expect(asked.sort()).toEqual([
      'EBSReadBytes',
      'EBSWriteBytes',
      'StatusCheckFailed',
      'StatusCheckFailed_Instance',
      'StatusCheckFailed_System',
    ]);
  });

  it('starts, stops and reboots instances', async () => {
    const p = provider();
    const target = { assetId: 'a', id: 'i-7', region: 'eu-west-1' };
    expect(await p.actions.start?.(target, ctx())).toEqual({ ok: true, output: 'StartInstances i-7 (eu-west-1): stopped → pending' });
    expect(await p.actions.stop?.(target, ctx())).toEqual({ ok: true, output: 'StopInstances i-7 (eu-west-1): running → stopping' });
    expect(await p.actions.reboot?.(target, ctx())).toEqual({ ok: true, output: 'RebootInstances i-7 (eu-west-1): accepted' });
    expect(fake.calls).toEqual(['ec2 StartInstances', 'ec2 StopInstances', 'ec2 RebootInstances']);
  });

  it('rides out a throttling storm with backoff', async () => {
    fake.instances.set('eu-west-1', [instance('i-1')]);
    fake.throttle.count = 4;
    const found = await collect(provider().discover({ regions: ['eu-west-1'] }, ctx()));
    expect(found).toHaveLength(1);
    fake.throttle = { count: 20, code: 'Throttling', status: 400 };
    const err = await rejection(collect(provider({ retries: 2 }).discover({ regions: ['eu-west-1'] }, ctx())));
    expect(err.message).toContain('Throttling');
    expect(fake.throttle.count).toBe(17);
    fake.throttle.count = 0;
  });

  it('signs each attempt anew: a call retried after a backoff carries the time it was sent', async () => {
    fake.instances.set('eu-west-1', [instance('i-1')]);
    fake.throttle = { count: 1, code: 'RequestLimitExceeded', status: 503 };
    // A clock that jumps by each wait, as if the backoff took that long.
    let now = NOW;
    const clock = {
      now: () => now,
      setTimer(fn: () => void, delayMs: number) {
        now += delayMs + 120_000;
        setImmediate(fn);
        return { cancel() {} };
      },
    };
    await collect(provider().discover({ regions: ['eu-west-1'] }, providerContext(hookContext({ clock }), http)));
    const dates = fake.received.slice(-2).map((r) => r.headers['x-amz-date']);
    expect(dates[0]).toBe('20260101T000000Z');
    expect(Date.parse(String(dates[1]).replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'))).toBe(
      Math.floor(now / 1000) * 1000,
    );
    expect(now - NOW).toBeGreaterThanOrEqual(120_000);
    expect(fake.calls).toEqual(['ec2 DescribeInstances']); // the retry's signature verified too
  });

  it('rides out 5xx storms (EC2 calls, power actions included, are idempotent)', async () => {
    fake.instances.set('eu-west-1', [instance('i-1')]);
    fake.throttle = { count: 3, code: 'InternalError', status: 500 };
    expect(await collect(provider().discover({ regions: ['eu-west-1'] }, ctx()))).toHaveLength(1);
    expect(fake.throttle.count).toBe(0);
    fake.throttle = { count: 1, code: 'Unavailable', status: 503 };
    expect((await provider().actions.stop?.({ assetId: 'a', id: 'i-1', region: 'eu-west-1' }, ctx()))?.ok).toBe(true);
    fake.throttle.count = 0;
  });

  it('is cancelled by the job’s AbortSignal while AWS has not answered', async () => {
    fake.hold.add('DescribeInstanceStatus');
    const controller = new AbortController();
    const pending = provider().status(
      { assetId: 'a', id: 'i-1', region: 'eu-west-1' },
      providerContext(hookContext({ clock: recordingClock(NOW), signal: controller.signal }), http),
    );
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const err = await rejection(pending);
    expect(err.code).toBe('ERR_ABORTED');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports malformed XML as ERR_PROTOCOL naming the endpoint', async () => {
    fake.malformed.add('DescribeInstances');
    const err = await rejection(collect(provider().discover({ regions: ['eu-west-1'] }, ctx())));
    expect(err.code).toBe('ERR_PROTOCOL');
    expect(err.message).toContain(`DescribeInstances ${fake.url}`);
    expect(err.message).toContain('malformed XML');
  });

  it('reports a well-formed answer that is not the API’s (a proxy page) as ERR_PROTOCOL, not as an empty inventory', async () => {
    fake.instances.set('eu-west-1', [instance('i-1')]);
    fake.foreign.add('DescribeInstances');
    const err = await rejection(collect(provider().discover({ regions: ['eu-west-1'] }, ctx())));
    expect(err.code).toBe('ERR_PROTOCOL');
    expect(err.message).toContain(`DescribeInstances ${fake.url}`);
    expect(err.message).toContain('answered with <html>, not the <DescribeInstancesResponse>');
    fake.malformed.add('GetMetricData');
    const metrics = await rejection(
      provider().metrics({ assetId: 'a', id: 'i-1', region: 'eu-west-1' }, { sets: ['cpu'], windowMs: 900_000, periodSeconds: 300 }, ctx()),
    );
    expect(metrics.code).toBe('ERR_PROTOCOL');
    expect(metrics.message).toContain(`GetMetricData ${fake.url}`);
  });

  it('reports expired or refused credentials as ERR_AUTH', async () => {
    fake.keys.set('AKIDEXPIRED', { secret: 's', expired: true });
    const err = await rejection(provider({ accessKeyId: 'AKIDEXPIRED', secretAccessKey: 's' }).status({ assetId: 'a', id: 'i-1' }, ctx()));
    expect(err.code).toBe('ERR_AUTH');
    expect(err.message).toContain('RequestExpired');
    const wrong = await rejection(
      provider({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-the-secret' }).status({ assetId: 'a', id: 'i-1' }, ctx()),
    );
    expect(wrong.code).toBe('ERR_AUTH');
    expect(wrong.message).toContain('SignatureDoesNotMatch');
    fake.problems.length = 0; // the fake records the mismatch it was made to see
  });
});

describe('AWS credential chain', () => {
  const chainProvider = (options: Partial<AwsOptions>) =>
    awsProvider(awsOptionsSchema.parse({ regions: ['eu-west-1'], endpoints: endpoints(), env: {}, ...options }));

  it('reads the environment', async () => {
    const p = chainProvider({
      env: { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
    });
    expect(await p.credentials(ctx())).toEqual({ source: 'environment' });
    await p.status({ assetId: 'a', id: 'i-1' }, ctx());
  });

  it('reads shared files with profiles, assuming role_arn with source_profile', async () => {
    const home = mkdtempSync(join(tmpdir(), 'warden-aws-home-'));
    mkdirSync(join(home, '.aws'));
    writeFileSync(
      join(home, '.aws', 'credentials'),
      '[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n',
    );
    writeFileSync(
      join(home, '.aws', 'config'),
      '[default]\nregion = eu-west-1\n\n[profile ops] # assumed\nrole_arn = arn:aws:iam::123456789012:role/ops\nsource_profile = default\n',
    );
    expect(await chainProvider({ homeDir: home }).credentials(ctx())).toEqual({ source: 'profile default' });
    const ops = chainProvider({ homeDir: home, profile: 'ops' });
    expect(await ops.credentials(ctx())).toEqual({ source: 'role arn:aws:iam::123456789012:role/ops via profile default' });
    expect(fake.calls).toEqual(['sts AssumeRole']);
    await ops.status({ assetId: 'a', id: 'i-1' }, ctx());
    expect(fake.received.at(-1)?.headers['x-amz-security-token']).toBe('role-session-token');
  });

  it('exchanges a web identity token file (EKS) through STS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-aws-wi-'));
    writeFileSync(join(dir, 'token'), 'eks-jwt\n');
    fake.webIdentityTokens.add('eks-jwt');
    const p = chainProvider({ env: { AWS_WEB_IDENTITY_TOKEN_FILE: join(dir, 'token'), AWS_ROLE_ARN: 'arn:aws:iam::1:role/pod' } });
    expect(await p.credentials(ctx())).toEqual({ source: 'web identity arn:aws:iam::1:role/pod' });
  });

  it('reads ECS container credentials with the authorization token', async () => {
    const p = chainProvider({
      env: { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/abc', AWS_CONTAINER_AUTHORIZATION_TOKEN: 'ecs-auth' },
    });
    expect(await p.credentials(ctx())).toEqual({ source: 'ECS container credentials' });
    await p.status({ assetId: 'a', id: 'i-1' }, ctx());
  });

  it('falls back to IMDSv2 (token first), and assumes a configured role on top', async () => {
    expect(await chainProvider({}).credentials(ctx())).toEqual({ source: 'IMDS role warden-role' });
    const imdsCalls = fake.received.filter((r) => r.url.startsWith('/latest/')).map((r) => `${r.method} ${r.url}`);
    expect(imdsCalls.slice(-3)).toEqual([
      'PUT /latest/api/token',
      'GET /latest/meta-data/iam/security-credentials/',
      'GET /latest/meta-data/iam/security-credentials/warden-role',
    ]);
    const assumed = chainProvider({ assumeRole: { roleArn: 'arn:aws:iam::9:role/audit' } });
    expect((await assumed.credentials(ctx())).source).toBe('role arn:aws:iam::9:role/audit via IMDS role warden-role');
  });

  it('reports credentials that are not JSON (IMDS, ECS) as ERR_PROTOCOL naming the endpoint', async () => {
    fake.credentialsBody = '<html>proxy error</html>';
    const imds = await rejection(chainProvider({}).credentials(ctx()));
    expect(imds.code).toBe('ERR_PROTOCOL');
    expect(imds.message).toContain(`GET ${fake.url}/latest/meta-data/iam/security-credentials/warden-role`);
    const ecs = await rejection(
      chainProvider({
        env: { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/abc', AWS_CONTAINER_AUTHORIZATION_TOKEN: 'ecs-auth' },
      }).credentials(ctx()),
    );
    expect(ecs.code).toBe('ERR_PROTOCOL');
    expect(ecs.message).toContain(`GET ${fake.url}/v2/credentials/abc`);
  });

  it('resolves temporary credentials again, once, when AWS refuses them as expired (rotated under us)', async () => {
    const stale = { id: 'ASIASTALE', secret: 'stale-secret', token: 'stale-token', expiration: '2099-01-01T00:00:00Z' };
    fake.keys.set(stale.id, { secret: stale.secret, token: stale.token, expired: true });
    fake.nextRoleKeys.push(stale);
    const p = chainProvider({});
    expect(await p.status({ assetId: 'a', id: 'i-1' }, ctx())).toMatchObject({ state: 'not-found' });
    const signedWith = fake.received
      .filter((r) => r.method === 'POST')
      .map((r) => parseAuthorization(r.headers.authorization)?.accessKeyId);
    expect(signedWith.slice(-2)).toEqual(['ASIASTALE', 'ASIAROLE']);
    // Refused again after the refresh: ERR_AUTH, no loop.
    fake.keys.set('ASIAROLE', { secret: fake.roleKey.secret, token: fake.roleKey.token, expired: true });
    try {
      const err = await rejection(chainProvider({}).status({ assetId: 'a', id: 'i-1' }, ctx()));
      expect(err.code).toBe('ERR_AUTH');
      expect(err.message).toContain('RequestExpired');
    } finally {
      fake.keys.set('ASIAROLE', { secret: fake.roleKey.secret, token: fake.roleKey.token });
    }
  });

  it('refuses expired container credentials and an empty chain with ERR_AUTH', async () => {
    fake.roleKey.expiration = '2020-01-01T00:00:00Z';
    try {
      const expired = await rejection(
        chainProvider({
          env: { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/abc', AWS_CONTAINER_AUTHORIZATION_TOKEN: 'ecs-auth' },
        }).credentials(ctx()),
      );
      expect(expired.code).toBe('ERR_AUTH');
      expect(expired.message).toContain('expired at 2020-01-01');
    } finally {
      fake.roleKey.expiration = '2099-01-01T00:00:00Z';
    }
    const none = await rejection(chainProvider({ env: { AWS_EC2_METADATA_DISABLED: 'true' } }).credentials(ctx()));
    expect(none.code).toBe('ERR_AUTH');
    expect(none.message).toContain('no AWS credentials found');
  });
});
