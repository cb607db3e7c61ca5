import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { type HookContext, type SecretLike, WardenError } from '@warden/core';
import { endpointOf, HttpError } from '../../transport/errors.js';
import type { HttpTransport } from '../../transport/http-transport.js';
import type { HttpResponse } from '../../transport/request.js';
import { parseIni } from './ini.js';
import { type AwsCredentials, awsQuery, stsCredentials } from './query.js';
import { path } from './xml.js';

/** Where AWS credentials come from, and endpoint overrides for the metadata services. */
export interface AwsCredentialOptions {
  /** Static access key (skips the chain). */
  accessKeyId?: SecretLike | undefined;
  /** Static secret key. */
  secretAccessKey?: SecretLike | undefined;
  /** Static session token. */
  sessionToken?: SecretLike | undefined;
  /** Profile of the shared files. @defaultValue `AWS_PROFILE`, else `default` */
  profile?: string | undefined;
  /** Assume this role with the credentials found (STS AssumeRole). */
  assumeRole?: { roleArn: string; sessionName?: string | undefined; externalId?: string | undefined } | undefined;
  /** Environment to read. @defaultValue `process.env` */
  env?: Record<string, string | undefined> | undefined;
  /** Home directory for `~/.aws`. @defaultValue `os.homedir()` */
  homeDir?: string | undefined;
  /** STS endpoint. @defaultValue `https://sts.<region>.amazonaws.com` */
  stsEndpoint?: string | undefined;
  /** IMDS endpoint. @defaultValue `AWS_EC2_METADATA_SERVICE_ENDPOINT`, else `http://169.254.169.254` */
  imdsEndpoint?: string | undefined;
  /** ECS credentials host for relative URIs. @defaultValue `http://169.254.170.2` */
  ecsEndpoint?: string | undefined;
  /** Region for STS. */
  region: string;
}

/** Resolves and caches credentials. */
export interface CredentialProvider {
  /**
   * Credentials valid for at least five more minutes, resolved through the chain on first use.
   *
   * @param ctx - signal, clock, secrets
   * @returns the credentials
   * @throws WardenError `ERR_AUTH` when no source has usable credentials or they expired
   */
  get(ctx: HookContext): Promise<AwsCredentials>;
  /** Forgets the cached credentials (after AWS refused them). */
  invalidate(): void;
}

const REFRESH_MARGIN_MS = 5 * 60_000;
const STS_VERSION = '2011-06-15';

type Source = (ctx: HookContext) => Promise<AwsCredentials | undefined>;

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Creates the AWS credential chain, in the SDKs' order: static options; environment
 * (`AWS_ACCESS_KEY_ID`…); web identity (`AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN`, as on
 * EKS); the shared credentials and config files with profiles (`role_arn` + `source_profile`,
 * `web_identity_token_file`); ECS container credentials; IMDSv2. Optionally assumes a role on
 * top. Temporary credentials are refreshed five minutes before they expire.
 *
 * @param http - the transport
 * @param options - sources, profile, endpoints
 * @returns the provider
 */
export function createCredentialChain(http: HttpTransport, options: AwsCredentialOptions): CredentialProvider {
  const env = options.env ?? process.env;
  const home = options.homeDir ?? homedir();
  const stsEndpoint = options.stsEndpoint ?? `https://sts.${options.region}.amazonaws.com`;
  let cached: AwsCredentials | undefined;
  let pending: Promise<AwsCredentials> | undefined;

  const sts = (ctx: HookContext, action: string, params: Record<string, string>, credentials?: AwsCredentials) =>
    awsQuery(
      http,
      { service: 'sts', region: options.region, endpoint: stsEndpoint, version: STS_VERSION, action, params, credentials },
      ctx,
    );

  const webIdentity = async (ctx: HookContext, tokenFile: string, roleArn: string, sessionName: string | undefined) => {
    const token = (await readFile(tokenFile, 'utf8')).trim();
    const answer = await sts(ctx, 'AssumeRoleWithWebIdentity', {
      RoleArn: roleArn,
      RoleSessionName: sessionName ?? `warden-${ctx.clock.now()}`,
      WebIdentityToken: token,
    });
    return stsCredentials(path(answer, 'AssumeRoleWithWebIdentityResult', 'Credentials'), `web identity ${roleArn}`);
  };
  const assume = async (ctx: HookContext, base: AwsCredentials, roleArn: string, externalId?: string, sessionName?: string) => {
    const answer = await sts(
      ctx,
      'AssumeRole',
      { RoleArn: roleArn, RoleSessionName: sessionName ?? 'warden', ...(externalId ? { ExternalId: externalId } : {}) },
      base,
    );
    return stsCredentials(path(answer, 'AssumeRoleResult', 'Credentials'), `role ${roleArn} via ${base.source}`);
  };

  const fromStatic: Source = async (ctx) => {
    if (!options.accessKeyId || !options.secretAccessKey) return undefined;
    return {
      accessKeyId: await ctx.secrets.reveal(options.accessKeyId),
      secretAccessKey: await ctx.secrets.reveal(options.secretAccessKey),
      sessionToken: options.sessionToken ? await ctx.secrets.reveal(options.sessionToken) : undefined,
      source: 'options',
    };
  };
  const fromEnv: Source = async () => {
    const id = env.AWS_ACCESS_KEY_ID;
    const key = env.AWS_SECRET_ACCESS_KEY;
    if (!id || !key) return undefined;
    return { accessKeyId: id, secretAccessKey: key, sessionToken: env.AWS_SESSION_TOKEN || undefined, source: 'environment' };
  };
  const fromWebIdentityEnv: Source = async (ctx) => {
    const file = env.AWS_WEB_IDENTITY_TOKEN_FILE;
    const role = env.AWS_ROLE_ARN;
    return file && role ? webIdentity(ctx, file, role, env.AWS_ROLE_SESSION_NAME) : undefined;
  };
  const fromProfile = async (ctx: HookContext, name: string, depth: number): Promise<AwsCredentials | undefined> => {
    if (depth > 4) throw new WardenError('ERR_CONFIG_INVALID', `AWS profile ${name}: source_profile chain is too deep or circular`);
    const credsFile = env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials');
    const configFile = env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config');
    const creds = parseIni((await readOptional(credsFile)) ?? '').get(name) ?? {};
    const config = parseIni((await readOptional(configFile)) ?? '').get(name === 'default' ? 'default' : `profile ${name}`) ?? {};
    const merged = { ...config, ...creds };
    if (merged.role_arn && merged.source_profile) {
      const base = await fromProfile(ctx, merged.source_profile, depth + 1);
      if (!base) throw new WardenError('ERR_AUTH', `AWS profile ${name}: source_profile ${merged.source_profile} has no credentials`);
      return assume(ctx, base, merged.role_arn, merged.external_id, merged.role_session_name);
    }
    if (merged.role_arn && merged.web_identity_token_file)
      return webIdentity(ctx, merged.web_identity_token_file, merged.role_arn, merged.role_session_name);
    if (merged.aws_access_key_id && merged.aws_secret_access_key) {
      return {
        accessKeyId: merged.aws_access_key_id,
        secretAccessKey: merged.aws_secret_access_key,
        sessionToken: merged.aws_session_token,
        source: `profile ${name}`,
      };
    }
    return undefined;
  };
  const fromEcs: Source = async (ctx) => {
    const relative = env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;
    const full = env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
    if (!relative && !full) return undefined;
    const url = relative ? `${options.ecsEndpoint ?? 'http://169.254.170.2'}${relative}` : (full as string);
    const tokenFile = env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE;
    const token = tokenFile ? (await readFile(tokenFile, 'utf8')).trim() : env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
    const res = await http.request({
      url,
      headers: token ? { authorization: token } : {},
      signal: ctx.signal,
      clock: ctx.clock,
      timeoutMs: 5000,
      retry: { retries: 2 },
    });
    return parseJsonCredentials(res, 'ECS container credentials');
  };
  const fromImds: Source = async (ctx) => {
    if (env.AWS_EC2_METADATA_DISABLED === 'true') return undefined;
    const base = options.imdsEndpoint ?? env.AWS_EC2_METADATA_SERVICE_ENDPOINT ?? 'http://169.254.169.254';
    const common = { signal: ctx.signal, clock: ctx.clock, timeoutMs: 1000, retry: { retries: 1 } };
    let tokenRes: Awaited<ReturnType<HttpTransport['request']>>;
    try {
      tokenRes = await http.request({
        ...common,
        url: `${base}/latest/api/token`,
        method: 'PUT',
        headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '21600' },
      });
    } catch {
      return undefined; // not on EC2
    }
    if (tokenRes.status !== 200) return undefined;
    const headers = { 'x-aws-ec2-metadata-token': tokenRes.body.toString('utf8') };
    const roles = await http.request({ ...common, url: `${base}/latest/meta-data/iam/security-credentials/`, headers });
    const role = roles.body.toString('utf8').split('\n')[0]?.trim();
    if (roles.status !== 200 || !role) return undefined;
    const res = await http.request({
      ...common,
      url: `${base}/latest/meta-data/iam/security-credentials/${encodeURIComponent(role)}`,
      headers,
    });
    return parseJsonCredentials(res, `IMDS role ${role}`);
  };

  const resolve = async (ctx: HookContext): Promise<AwsCredentials> => {
    const profile = options.profile ?? env.AWS_PROFILE;
    const sources: Source[] = profile
      ? [fromStatic, (c) => fromProfile(c, profile, 0)]
      : [fromStatic, fromEnv, fromWebIdentityEnv, (c) => fromProfile(c, 'default', 0), fromEcs, fromImds];
    for (const source of sources) {
      const found = await source(ctx);
      if (!found) continue;
      if (found.expiration !== undefined && found.expiration <= ctx.clock.now()) {
        throw new WardenError(
          'ERR_AUTH',
          `AWS credentials from ${found.source} expired at ${new Date(found.expiration).toISOString()}; refresh them`,
        );
      }
      if (!options.assumeRole) return found;
      return assume(ctx, found, options.assumeRole.roleArn, options.assumeRole.externalId, options.assumeRole.sessionName);
    }
    throw new WardenError(
      'ERR_AUTH',
      `no AWS credentials found${profile ? ` for profile ${profile}` : ''} (looked at options, environment, web identity, shared files, ECS, IMDS); configure one`,
    );
  };

  return {
    async get(ctx) {
      if (cached && (cached.expiration === undefined || cached.expiration - REFRESH_MARGIN_MS > ctx.clock.now())) return cached;
      pending ??= resolve(ctx).finally(() => {
        pending = undefined;
      });
      cached = await pending;
      return cached;
    },
    invalidate() {
      cached = undefined;
    },
  };
}

function parseJsonCredentials(res: HttpResponse, source: string): AwsCredentials {
  const { status } = res;
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(res.body.toString('utf8')) as Record<string, unknown>;
  } catch {
    const endpoint = endpointOf('GET', res.url);
    throw new HttpError('ERR_PROTOCOL', `${source}: ${endpoint} answered (status ${status}) with something that is not JSON`, {
      endpoint,
      status,
    });
  }
  if (status !== 200 || typeof json.AccessKeyId !== 'string' || typeof json.SecretAccessKey !== 'string') {
    throw new WardenError(
      'ERR_AUTH',
      `${source}: no credentials (status ${status}${typeof json.Code === 'string' ? `, ${json.Code}` : ''})`,
    );
  }
  return {
    accessKeyId: json.AccessKeyId,
    secretAccessKey: json.SecretAccessKey,
    sessionToken: typeof json.Token === 'string' ? json.Token : undefined,
    expiration: typeof json.Expiration === 'string' ? Date.parse(json.Expiration) : undefined,
    source,
  };
}
