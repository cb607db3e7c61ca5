import { createHash, createHmac } from 'node:crypto';

// AWS Signature Version 4 recomputed from the documented algorithm (canonical request,
// string to sign, derived signing key), sharing no code with the signer under test.

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

/** The parts of a SigV4 `Authorization` header. */
export interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** A request as the verifier reads it; a header given several times is a list. */
export interface VerifiableRequest {
  method: string;
  /** The path, without the query string. */
  path: string;
  /** The raw query string, without `?`. */
  query: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Parses `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`. */
export function parseAuthorization(value: string | undefined): ParsedAuthorization | undefined {
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      value ?? '',
    );
  if (!m) return undefined;
  return {
    accessKeyId: m[1] as string,
    date: m[2] as string,
    region: m[3] as string,
    service: m[4] as string,
    signedHeaders: (m[5] as string).split(';'),
    signature: m[6] as string,
  };
}

/** RFC 3986 encoding: everything but unreserved characters, as SigV4 wants (`encodeURIComponent` leaves `!'()*`). */
const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Removes `.` and `..` segments and repeated slashes (every service but S3), then encodes each segment. */
function canonicalPath(path: string): string {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(rfc3986(decodeURIComponent(segment)));
  }
  return `/${out.join('/')}${out.length && path.endsWith('/') ? '/' : ''}`;
}

function canonicalQuery(query: string): string {
  return query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      const [k, v] = at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
      return [rfc3986(decodeURIComponent(k)), rfc3986(decodeURIComponent(v))] as const;
    })
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function headerValue(headers: VerifiableRequest['headers'], name: string): string {
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  const values = Array.isArray(entry) ? entry : [entry ?? ''];
  return values.map((v) => v.trim().replace(/\s+/g, ' ')).join(',');
}

/** The canonical request (step 1 of the algorithm). */
export function canonicalRequest(request: VerifiableRequest, signedHeaders: readonly string[]): string {
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${headerValue(request.headers, name)}\n`).join('');
  const payloadHash = headerValue(request.headers, 'x-amz-content-sha256') || sha256(request.body);
  return [
    request.method,
    canonicalPath(request.path),
    canonicalQuery(request.query),
    canonicalHeaders,
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
}

/** The string to sign (step 2). */
export function stringToSign(request: VerifiableRequest, auth: ParsedAuthorization): string {
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  return [
    'AWS4-HMAC-SHA256',
    headerValue(request.headers, 'x-amz-date'),
    scope,
    sha256(canonicalRequest(request, auth.signedHeaders)),
  ].join('\n');
}

/** The signature the request should carry, given the secret key (steps 3 and 4). */
export function expectedSignature(request: VerifiableRequest, auth: ParsedAuthorization, secretAccessKey: string): string {
  const kDate = hmac(`AWS4${secretAccessKey}`, auth.date);
  const kSigning = hmac(hmac(hmac(kDate, auth.region), auth.service), 'aws4_request');
  return createHmac('sha256', kSigning).update(stringToSign(request, auth)).digest('hex');
}
