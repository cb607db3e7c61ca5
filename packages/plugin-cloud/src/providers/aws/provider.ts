import { type AssetProposal, isWardenError, zSecret } from '@warden/core';
import { z } from 'zod';
import { HttpError } from '../../transport/errors.js';
import type { HttpTransport } from '../../transport/http-transport.js';
import { paginate } from '../../transport/paginate.js';
import { createRateLimiter, type RateLimiter } from '../../transport/rate-limit.js';
import { defineCloudProvider } from '../define-provider.js';
import type { CloudProvider, CloudTarget, PowerAction, ProviderContext } from '../types.js';
import { CLOUDWATCH_VERSION, getMetricDataParams, metricDataSamples } from './cloudwatch.js';
import { type CredentialProvider, createCredentialChain } from './credentials.js';
import { describeInstancesPage, EC2_VERSION, ec2Filters, instanceStatusOf, stateChangeOf } from './ec2.js';
import { awsQuery } from './query.js';
import type { XmlNode } from './xml.js';

const endpointTemplate = z.string().regex(/^https?:\/\//, 'an http(s) URL; `{region}` is replaced by the region');

/** Options of the AWS provider (`cloud({ aws: { … } })`). */
export const awsOptionsSchema = z.strictObject({
  /** Regions to discover; also the default region of assets without one. @defaultValue `['us-east-1']` */
  regions: z
    .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "a region such as 'eu-west-1'"))
    .min(1)
    .default(['us-east-1']),
  /** Static credentials (otherwise the chain: environment, web identity, shared files, ECS, IMDSv2). */
  accessKeyId: zSecret().optional(),
  /** Static secret key. */
  secretAccessKey: zSecret().optional(),
  /** Static session token. */
  sessionToken: zSecret().optional(),
  /** Shared-file profile. @defaultValue `AWS_PROFILE`, else `default` */
  profile: z.string().min(1).optional(),
  /** Assume this role with the credentials found. */
  assumeRole: z
    .strictObject({
      /** The role to assume (`arn:aws:iam::123456789012:role/warden-read`). */
      roleArn: z.string().startsWith('arn:'),
      /** The session name CloudTrail records. @defaultValue `warden` */
      sessionName: z.string().min(2).optional(),
      /** The external id the role's trust policy asks for. */
      externalId: z.string().min(2).optional(),
    })
    .optional(),
  /** Endpoint overrides (VPC endpoints, tests); `{region}` is replaced. */
  endpoints: z
    .strictObject({
      /** EC2 API endpoint. */
      ec2: endpointTemplate.optional(),
      /** CloudWatch API endpoint. */
      monitoring: endpointTemplate.optional(),
      /** STS endpoint, for AssumeRole and web identity. */
      sts: endpointTemplate.optional(),
      /** Instance metadata service (IMDSv2). */
      imds: endpointTemplate.optional(),
      /** ECS container credentials endpoint. */
      ecs: endpointTemplate.optional(),
    })
    .default({}),
  /** Environment the credential chain reads. @defaultValue `process.env` */
  env: z.record(z.string(), z.string()).optional(),
  /** Home directory for `~/.aws`. @defaultValue the user's */
  homeDir: z.string().min(1).optional(),
  /** Retries of throttled or failed calls. @defaultValue 5 */
  retries: z.number().int().min(0).max(10).default(5),
  /** Client-side limit of API calls per second and region (bursts of twice as many). @defaultValue 20 */
  requestsPerSecond: z.number().positive().max(1000).default(20),
});

/** AWS provider options as given. */
export type AwsOptions = z.input<typeof awsOptionsSchema>;
/** AWS provider options after validation. */
export type AwsSettings = z.output<typeof awsOptionsSchema>;

/**
 * The AWS provider: EC2 inventory (DescribeInstances, paginated, every configured region),
 * instance status (DescribeInstanceStatus: system and instance checks, scheduled events),
 * CloudWatch metrics (GetMetricData), and Start/Stop/RebootInstances. Requests are signed with
 * SigV4 by the `aws4` package.
 *
 * @param settings - validated options
 * @returns the provider
 */
export function awsProvider(settings: AwsSettings): CloudProvider {
  const chains = new WeakMap<HttpTransport, CredentialProvider>();
  const defaultRegion = settings.regions[0] as string;
  const chainFor = (http: HttpTransport): CredentialProvider => {
    let chain = chains.get(http);
    if (!chain) {
      chain = createCredentialChain(http, {
        accessKeyId: settings.accessKeyId,
        secretAccessKey: settings.secretAccessKey,
        sessionToken: settings.sessionToken,
        profile: settings.profile,
        assumeRole: settings.assumeRole,
        env: settings.env,
        homeDir: settings.homeDir,
        stsEndpoint: settings.endpoints.sts?.replaceAll('{region}', defaultRegion),
        imdsEndpoint: settings.endpoints.imds,
        ecsEndpoint: settings.endpoints.ecs,
        region: defaultRegion,
      });
      chains.set(http, chain);
    }
    return chain;
  };
  const endpoint = (service: 'ec2' | 'monitoring', region: string): string =>
    settings.endpoints[service]?.replaceAll('{region}', region) ?? `https://${service}.${region}.amazonaws.com`;

  const call = async (
    ctx: ProviderContext,
    service: 'ec2' | 'monitoring',
    region: string,
    action: string,
    params: Record<string, string>,
    idempotent = true,
  ): Promise<XmlNode> => {
    const chain = chainFor(ctx.http);
    for (let attempt = 1; ; attempt++) {
      const credentials = await chain.get(ctx);
      await limiterFor(region).acquire(ctx.clock, ctx.signal);
      try {
        return await awsQuery(
          ctx.http,
          {
            service,
            region,
            endpoint: endpoint(service, region),
            version: service === 'ec2' ? EC2_VERSION : CLOUDWATCH_VERSION,
            action,
            params,
            credentials,
            retries: settings.retries,
            idempotent,
          },
          ctx,
        );
      } catch (err) {
        // Temporary credentials may have been rotated under us: resolve again, once.
        const temporary = credentials.sessionToken !== undefined || credentials.expiration !== undefined;
        if (attempt === 1 && temporary && isWardenError(err) && err.code === 'ERR_AUTH') {
          chain.invalidate();
          continue;
        }
        throw err;
      }
    }
  };
  const limiters = new Map<string, RateLimiter>();
  const limiterFor = (region: string): RateLimiter => {
    let limiter = limiters.get(region);
    if (!limiter) {
      limiter = createRateLimiter(`aws ${region}`, settings.requestsPerSecond, settings.requestsPerSecond * 2);
      limiters.set(region, limiter);
    }
    return limiter;
  };
  const regionOf = (target: CloudTarget) => target.region ?? defaultRegion;
  const power = (action: PowerAction) => async (target: CloudTarget, ctx: ProviderContext) => {
    const api = action === 'start' ? 'StartInstances' : action === 'stop' ? 'StopInstances' : 'RebootInstances';
    const answer = await call(ctx, 'ec2', regionOf(target), api, { 'InstanceId.1': target.id }, true);
    const change = stateChangeOf(answer);
    return { ok: true, output: `${api} ${target.id} (${regionOf(target)})${change ? `: ${change}` : ': accepted'}` };
  };

  return defineCloudProvider({
    name: 'aws',
    async credentials(ctx) {
      const credentials = await chainFor(ctx.http).get(ctx);
      return { source: credentials.source };
    },
    async *discover(params, ctx) {
      for (const region of params.regions ?? settings.regions) {
        yield* paginate<AssetProposal, string>(async (nextToken) => {
          const page = await call(ctx, 'ec2', region, 'DescribeInstances', {
            ...ec2Filters(params.filters),
            MaxResults: '1000',
            ...(nextToken ? { NextToken: nextToken } : {}),
          });
          const read = describeInstancesPage(page, region);
          return { items: read.proposals, next: read.nextToken };
        });
      }
    },
    async status(target, ctx) {
      const page = await call(ctx, 'ec2', regionOf(target), 'DescribeInstanceStatus', {
        'InstanceId.1': target.id,
        IncludeAllInstances: 'true',
      });
      return instanceStatusOf(page, target.id) ?? { state: 'not-found', checks: {}, events: [] };
    },
    async metrics(target, query, ctx) {
      const samples = [];
      let nextToken: string | undefined;
      do {
        const page = await call(ctx, 'monitoring', regionOf(target), 'GetMetricData', {
          ...getMetricDataParams(target.id, query, ctx.clock.now()),
          ...(nextToken ? { NextToken: nextToken } : {}),
        });
        let read: ReturnType<typeof metricDataSamples>;
        try {
          read = metricDataSamples(page);
        } catch (err) {
          throw new HttpError('ERR_PROTOCOL', `aws GetMetricData (${regionOf(target)}): ${(err as Error).message}`, {
            endpoint: endpoint('monitoring', regionOf(target)),
          });
        }
        samples.push(...read.samples);
        nextToken = read.nextToken;
      } while (nextToken);
      return samples;
    },
    actions: { start: power('start'), stop: power('stop'), reboot: power('reboot') },
  });
}
