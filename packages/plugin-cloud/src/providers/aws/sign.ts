import aws4 from 'aws4';

/** What SigV4 signs: one HTTP request to one service in one region. */
export interface SignableRequest {
  /** HTTP method. */
  method: string;
  /** `host[:port]` as sent in the Host header. */
  host: string;
  /** Path with its query string, as sent (`/`, `/?Action=…`). */
  path: string;
  /** Headers to send (and sign); `X-Amz-Date` is set from `now`. */
  headers: Record<string, string>;
  /** Body, as sent. */
  body: string;
  /** Signing name (`ec2`, `monitoring`, `sts`). */
  service: string;
  /** Region of the signature scope. */
  region: string;
}

/** Keys to sign with. */
export interface SigningKey {
  /** Access key id. */
  accessKeyId: string;
  /** Secret access key. */
  secretAccessKey: string;
  /** Session token of temporary credentials, sent as `X-Amz-Security-Token`. */
  sessionToken?: string | undefined;
}

/**
 * Formats a time as SigV4's `X-Amz-Date` (`20150830T123600Z`).
 *
 * @param ms - ms since the epoch (the hook's clock, so tests sign deterministically)
 * @returns the basic ISO 8601 form
 */
export function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[:-]|\.\d{3}/g, '');
}

/**
 * Signs a request with AWS Signature Version 4 through the maintained `aws4` package (the one
 * place the plugin signs), at the given time.
 *
 * @param request - method, host, path, headers, body, service, region
 * @param key - the credentials
 * @param now - signing time, ms since the epoch
 * @returns the headers to send: the given ones plus `X-Amz-Date`, `Authorization`, the session
 *   token and, for a body, `Content-Type` and `Content-Length` when absent (as aws4 adds them)
 */
export function signRequest(request: SignableRequest, key: SigningKey, now: number): Record<string, string> {
  const options = {
    host: request.host,
    path: request.path,
    method: request.method,
    service: request.service,
    region: request.region,
    body: request.body,
    headers: { ...request.headers, 'X-Amz-Date': amzDate(now) },
  };
  aws4.sign(options, {
    accessKeyId: key.accessKeyId,
    secretAccessKey: key.secretAccessKey,
    ...(key.sessionToken ? { sessionToken: key.sessionToken } : {}),
  });
  return options.headers as Record<string, string>;
}
