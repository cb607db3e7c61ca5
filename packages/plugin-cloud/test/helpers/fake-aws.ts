import type { ServerResponse } from 'node:http';
import { answer, errorAnswer, service, unknownParams } from './aws-model.js';
import { type Received, startHttpServer, type TestServer } from './servers.js';
import { expectedSignature, parseAuthorization } from './sigv4-verify.js';

/** A key the fake accepts. */
export interface FakeKey {
  secret: string;
  token?: string;
  expired?: boolean;
}

/** Knobs and records of the fake AWS endpoint (EC2, CloudWatch, STS, IMDS, ECS on one origin). */
export interface FakeAws extends TestServer {
  keys: Map<string, FakeKey>;
  /** Instances by region, keyed by botocore member names (`InstanceId`, `Tags`, …). */
  instances: Map<string, Array<Record<string, unknown>>>;
  /** DescribeInstanceStatus entries by instance id. */
  statuses: Map<string, Record<string, unknown>>;
  /** GetMetricData results (member names). */
  metricResults: Array<Record<string, unknown>>;
  /** Page size of DescribeInstances. */
  pageSize: number;
  /** Answer this many calls with a throttling error first. */
  throttle: { count: number; code: string; status: number };
  /** Actions answered with broken XML. */
  malformed: Set<string>;
  /** Actions answered 200 with a well-formed page that is not the API's answer (a proxy's). */
  foreign: Set<string>;
  /** Keys IMDS and ECS hand out next, one per credentials answer, before `roleKey` (rotation). */
  nextRoleKeys: Array<{ id: string; secret: string; token: string; expiration: string }>;
  /** Actions never answered (the request is held open). */
  hold: Set<string>;
  /** IMDS and ECS answer their credentials with this body instead, when set. */
  credentialsBody: string | undefined;
  /** Calls that passed signature checks: `service Action`. */
  calls: string[];
  /** Problems the fake found in requests (bad signature, unknown params): should stay empty. */
  problems: string[];
  /** What IMDS and ECS hand out. */
  roleKey: { id: string; secret: string; token: string; expiration: string };
  /** Web identity tokens accepted by STS. */
  webIdentityTokens: Set<string>;
}

const SERVICES: Record<string, string> = { ec2: 'ec2', monitoring: 'cloudwatch', sts: 'sts' };

/** Starts the fake on 127.0.0.1. */
export async function startFakeAws(): Promise<FakeAws> {
  // Knobs are read from the returned object, so tests may reassign them.
  let fake: FakeAws;
  const state = {
    keys: new Map<string, FakeKey>([['AKIDEXAMPLE', { secret: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }]]),
    instances: new Map<string, Array<Record<string, unknown>>>(),
    statuses: new Map<string, Record<string, unknown>>(),
    metricResults: [] as Array<Record<string, unknown>>,
    pageSize: 1000,
    throttle: { count: 0, code: 'RequestLimitExceeded', status: 503 },
    malformed: new Set<string>(),
    foreign: new Set<string>(),
    credentialsBody: undefined as string | undefined,
    nextRoleKeys: [] as Array<{ id: string; secret: string; token: string; expiration: string }>,
    hold: new Set<string>(),
    calls: [] as string[],
    problems: [] as string[],
    roleKey: { id: 'ASIAROLE', secret: 'role-secret-key', token: 'role-session-token', expiration: '2099-01-01T00:00:00Z' },
    webIdentityTokens: new Set<string>(),
  };
  const xml = (res: ServerResponse, status: number, body: string) => res.writeHead(status, { 'content-type': 'text/xml' }).end(body);

  const handle = (req: Received, res: ServerResponse): unknown => {
    const [pathname = '/', query = ''] = req.url.split('?');
    // IMDSv2 and ECS container credentials.
    if (pathname === '/latest/api/token')
      return req.method === 'PUT' && req.headers['x-aws-ec2-metadata-token-ttl-seconds'] ? res.end('imds-token') : res.writeHead(403).end();
    if (pathname.startsWith('/latest/meta-data/iam/security-credentials/')) {
      if (req.headers['x-aws-ec2-metadata-token'] !== 'imds-token') return res.writeHead(401).end();
      const role = pathname.slice('/latest/meta-data/iam/security-credentials/'.length);
      if (role === '') return res.end('warden-role\n');
      if (fake.credentialsBody !== undefined) return res.end(fake.credentialsBody);
      const key = fake.nextRoleKeys.shift() ?? fake.roleKey;
      return res.end(
        JSON.stringify({
          Code: 'Success',
          Type: 'AWS-HMAC',
          AccessKeyId: key.id,
          SecretAccessKey: key.secret,
          Token: key.token,
          Expiration: key.expiration,
        }),
      );
    }
    if (pathname.startsWith('/v2/credentials/')) {
      if (req.headers.authorization !== 'ecs-auth') return res.writeHead(401).end('{}');
      if (fake.credentialsBody !== undefined) return res.end(fake.credentialsBody);
      return res.end(
        JSON.stringify({
          AccessKeyId: fake.roleKey.id,
          SecretAccessKey: fake.roleKey.secret,
          Token: fake.roleKey.token,
          Expiration: fake.roleKey.expiration,
          RoleArn: 'arn:aws:iam::1:role/r',
        }),
      );
    }

    const params = Object.fromEntries(new URLSearchParams(req.body));
    const action = params.Action ?? '';
    // STS AssumeRoleWithWebIdentity is the one unsigned call.
    if (action === 'AssumeRoleWithWebIdentity') {
      const sts = service('sts');
      if (!fake.webIdentityTokens.has(params.WebIdentityToken ?? ''))
        return xml(res, 400, errorAnswer(sts, 'InvalidIdentityToken', 'bad token'));
      fake.calls.push('sts AssumeRoleWithWebIdentity');
      return xml(
        res,
        200,
        answer(sts, action, {
          Credentials: {
            AccessKeyId: fake.roleKey.id,
            SecretAccessKey: fake.roleKey.secret,
            SessionToken: fake.roleKey.token,
            Expiration: fake.roleKey.expiration,
          },
        }),
      );
    }
    const auth = parseAuthorization(req.headers.authorization);
    if (!auth) return xml(res, 400, errorAnswer(service('ec2'), 'MissingAuthenticationToken', 'no signature'));
    const svc = service(SERVICES[auth.service] ?? 'ec2');
    const key = fake.keys.get(auth.accessKeyId);
    if (!key) return xml(res, 401, errorAnswer(svc, 'AuthFailure', 'unknown key'));
    const expected = expectedSignature(
      { method: req.method, path: pathname, query, headers: req.headers, body: req.body },
      auth,
      key.secret,
    );
    if (expected !== auth.signature) {
      fake.problems.push(`signature mismatch for ${action}`);
      return xml(res, 403, errorAnswer(svc, 'SignatureDoesNotMatch', 'signature mismatch'));
    }
    if (!auth.signedHeaders.includes('host') || !auth.signedHeaders.includes('x-amz-date'))
      fake.problems.push(`${action}: host or x-amz-date not signed`);
    if (key.token !== undefined && req.headers['x-amz-security-token'] !== key.token)
      return xml(res, 403, errorAnswer(svc, 'InvalidClientTokenId', 'bad session token'));
    if (key.expired)
      return xml(
        res,
        400,
        errorAnswer(
          svc,
          auth.service === 'ec2' ? 'RequestExpired' : 'ExpiredToken',
          'The security token included in the request is expired',
        ),
      );
    if (params.Version !== svc.metadata.apiVersion) fake.problems.push(`${action}: version ${params.Version}`);
    const unknown = unknownParams(svc, action, params);
    if (unknown.length) fake.problems.push(`${action}: params not in the model: ${unknown.join(', ')}`);
    if (fake.throttle.count > 0) {
      fake.throttle.count--;
      return xml(res, fake.throttle.status, errorAnswer(svc, fake.throttle.code, 'Rate exceeded'));
    }
    fake.calls.push(`${auth.service} ${action}`);
    if (fake.hold.has(action)) return undefined;
    if (fake.malformed.has(action)) return xml(res, 200, `<${action}Response><broken>`);
    if (fake.foreign.has(action)) return xml(res, 200, '<html><body><p>Please sign in to the hotel network</p></body></html>');
    const region = auth.region;
    switch (action) {
      case 'DescribeInstances': {
        const all = fake.instances.get(region) ?? [];
        const start = Number(params.NextToken ?? 0);
        const page = all.slice(start, start + fake.pageSize);
        const next = start + fake.pageSize < all.length ? String(start + fake.pageSize) : undefined;
        const reservations = page.map((instance, i) => ({
          ReservationId: `r-${start + i}`,
          OwnerId: '123456789012',
          Instances: [instance],
        }));
        return xml(res, 200, answer(svc, action, { Reservations: reservations, ...(next ? { NextToken: next } : {}) }));
      }
      case 'DescribeInstanceStatus': {
        const entry = fake.statuses.get(params['InstanceId.1'] ?? '');
        return xml(res, 200, answer(svc, action, { InstanceStatuses: entry ? [entry] : [] }));
      }
      case 'StartInstances':
      case 'StopInstances': {
        const start = action === 'StartInstances';
        const change = {
          InstanceId: params['InstanceId.1'],
          PreviousState: { Code: start ? 80 : 16, Name: start ? 'stopped' : 'running' },
          CurrentState: { Code: start ? 0 : 64, Name: start ? 'pending' : 'stopping' },
        };
        return xml(res, 200, answer(svc, action, start ? { StartingInstances: [change] } : { StoppingInstances: [change] }));
      }
      case 'RebootInstances':
        return xml(res, 200, answer(svc, action, {}));
      case 'GetMetricData':
        return xml(res, 200, answer(svc, action, { MetricDataResults: fake.metricResults }));
      case 'AssumeRole':
        return xml(
          res,
          200,
          answer(svc, action, {
            Credentials: {
              AccessKeyId: fake.roleKey.id,
              SecretAccessKey: fake.roleKey.secret,
              SessionToken: fake.roleKey.token,
              Expiration: fake.roleKey.expiration,
            },
            AssumedRoleUser: { AssumedRoleId: 'AROA:warden', Arn: params.RoleArn },
          }),
        );
      default:
        return xml(res, 400, errorAnswer(svc, 'InvalidAction', action));
    }
  };
  const server = await startHttpServer((req, res) => handle(req, res));
  state.keys.set(state.roleKey.id, { secret: state.roleKey.secret, token: state.roleKey.token });
  fake = Object.assign(server, state);
  return fake;
}
