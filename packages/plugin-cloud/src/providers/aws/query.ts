import type { HookContext } from '@warden/core';
import { HttpError } from '../../transport/errors.js';
import type { HttpTransport } from '../../transport/http-transport.js';
import type { HttpResponse } from '../../transport/request.js';
import { signRequest } from './sign.js';
import { parseXml, text, type XmlNode } from './xml.js';

/** AWS credentials as the signer takes them. */
export interface AwsCredentials {
  /** Access key id. */
  accessKeyId: string;
  /** Secret access key. */
  secretAccessKey: string;
  /** Session token of temporary credentials. */
  sessionToken?: string | undefined;
  /** When temporary credentials expire (ms since the epoch). */
  expiration?: number | undefined;
  /** Where they came from (`env`, `profile default`, `imds`, …), for messages. */
  source: string;
}

/** One AWS query-protocol call (EC2, CloudWatch, STS). */
export interface QueryCall {
  /** Signing name: `ec2`, `monitoring`, `sts`. */
  service: string;
  /** Region for the endpoint and the signature scope. */
  region: string;
  /** Endpoint URL (`https://ec2.eu-west-1.amazonaws.com`). */
  endpoint: string;
  /** API version (`2016-11-15`). */
  version: string;
  /** Action (`DescribeInstances`). */
  action: string;
  /** Flattened query parameters (`Filter.1.Name`). */
  params: Record<string, string>;
  /** Credentials to sign with; unsigned when absent (AssumeRoleWithWebIdentity). */
  credentials?: AwsCredentials | undefined;
  /** Retries of throttling and 5xx. */
  retries?: number | undefined;
  /** Whether repeating the call is safe. @defaultValue true */
  idempotent?: boolean | undefined;
}

// Error codes AWS documents for throttling (retry with backoff) and for refused credentials.
const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);
const AUTH = new Set([
  'AuthFailure',
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnauthorizedOperation',
  'AccessDenied',
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'MissingAuthenticationToken',
]);

/**
 * Reads the error code of an AWS XML error body (`<Response><Errors><Error><Code>` for EC2,
 * `<ErrorResponse><Error><Code>` for query APIs).
 *
 * @param body - the response body
 * @returns the code and message, if the body is an AWS error
 */
export function awsErrorOf(body: string): { code: string; message: string } | undefined {
  const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
  if (!code) return undefined;
  return { code, message: /<Message>([^<]*)<\/Message>/.exec(body)?.[1] ?? '' };
}

/**
 * Calls an AWS query-protocol API: form-encoded POST, SigV4-signed by `aws4`, XML answer.
 * Throttling codes and 5xx are retried with backoff; refused credentials are `ERR_AUTH`;
 * an answer that is not the XML the API documents is `ERR_PROTOCOL` naming the endpoint.
 *
 * @param http - the transport
 * @param call - service, region, endpoint, action, params, credentials
 * @param ctx - signal, clock, logger
 * @returns the root element of the answer
 * @throws HttpError `ERR_AUTH`, `ERR_PROTOCOL`, `ERR_TIMEOUT`, `ERR_UNREACHABLE`, `ERR_ABORTED`
 */
export async function awsQuery(http: HttpTransport, call: QueryCall, ctx: HookContext): Promise<XmlNode> {
  const url = new URL(call.endpoint);
  const endpoint = `${call.action} ${url.origin}`;
  const body = new URLSearchParams({ Action: call.action, Version: call.version, ...call.params }).toString();
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  const sign = (): Record<string, string> =>
    call.credentials
      ? signRequest(
          { method: 'POST', host: url.host, path: url.pathname || '/', headers, body, service: call.service, region: call.region },
          call.credentials,
          ctx.clock.now(),
        )
      : headers;
  let response: HttpResponse;
  try {
    response = await http.request({
      url,
      method: 'POST',
      headersPerAttempt: sign,
      body,
      signal: ctx.signal,
      clock: ctx.clock,
      retry: {
        retries: call.retries,
        idempotent: call.idempotent ?? true,
        classify: (r) => {
          const code = r.status >= 400 ? awsErrorOf(r.body.toString('utf8'))?.code : undefined;
          return code && THROTTLING.has(code) ? 'throttle' : undefined;
        },
        onRetry: (e) => ctx.logger.debug({ attempt: e.attempt, delayMs: e.delayMs, reason: e.reason }, `${endpoint}: retrying`),
      },
    });
  } catch (err) {
    if (err instanceof HttpError)
      throw new HttpError(err.code, `aws ${call.service} ${call.region}: ${err.message}`, { endpoint, cause: err });
    throw err;
  }
  const textBody = response.body.toString('utf8');
  if (response.status >= 300) {
    const error = awsErrorOf(textBody);
    const what = error ? `${error.code}: ${error.message}` : `status ${response.status}`;
    const code =
      error && AUTH.has(error.code)
        ? 'ERR_AUTH'
        : error && THROTTLING.has(error.code)
          ? 'ERR_UNREACHABLE'
          : response.status >= 500
            ? 'ERR_UNREACHABLE'
            : 'ERR_PROTOCOL';
    const hint =
      code === 'ERR_AUTH'
        ? `; credentials from ${call.credentials?.source ?? '(none)'} were refused: refresh them or check the IAM policy`
        : '';
    throw new HttpError(code, `aws ${endpoint} (${call.region}) failed: ${what}${hint}`, { endpoint, status: response.status });
  }
  let root: XmlNode;
  try {
    root = parseXml(textBody);
  } catch (err) {
    throw new HttpError('ERR_PROTOCOL', `aws ${endpoint} (${call.region}) answered with malformed XML: ${(err as Error).message}`, {
      endpoint,
      status: response.status,
      cause: err,
    });
  }
  // Well-formed but not the API's answer (a proxy's or captive portal's page): reading it
  // would find nothing and report an empty inventory as if it were true.
  if (root.name !== `${call.action}Response`) {
    throw new HttpError(
      'ERR_PROTOCOL',
      `aws ${endpoint} (${call.region}) answered with <${root.name}>, not the <${call.action}Response> the API documents; is the endpoint right?`,
      { endpoint, status: response.status },
    );
  }
  return root;
}

/**
 * Reads a `Credentials` element of an STS answer.
 *
 * @param node - the `Credentials` element
 * @param source - where they came from
 * @returns the credentials
 * @throws Error when a field is missing
 */
export function stsCredentials(node: XmlNode | undefined, source: string): AwsCredentials {
  const accessKeyId = text(node, 'AccessKeyId');
  const secretAccessKey = text(node, 'SecretAccessKey');
  if (!accessKeyId || !secretAccessKey) throw new Error('STS answer has no Credentials');
  const expiration = text(node, 'Expiration');
  return {
    accessKeyId,
    secretAccessKey,
    sessionToken: text(node, 'SessionToken'),
    expiration: expiration ? Date.parse(expiration) : undefined,
    source,
  };
}
