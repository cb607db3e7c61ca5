import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

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

/**
 * Recomputes a SigV4 signature from the documented algorithm (canonical request, string to
 * sign, derived signing key), independently of the signer under test.
 */
export function expectedSignature(
  request: { method: string; path: string; query: string; headers: IncomingHttpHeaders; body: string },
  auth: ParsedAuthorization,
  secretAccessKey: string,
): string {
  const canonicalQuery = request.query
    .split('&')
    .filter(Boolean)
    .map((p) => p.split('=').map((s) => encodeURIComponent(decodeURIComponent(s))) as [string, string?])
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : (av ?? '') < (bv ?? '') ? -1 : 1))
    .map(([k, v]) => `${k}=${v ?? ''}`)
    .join('&');
  const canonicalHeaders = auth.signedHeaders
    .map(
      (name) =>
        `${name}:${String(request.headers[name] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const payloadHash = (request.headers['x-amz-content-sha256'] as string | undefined) ?? sha256(request.body);
  const canonicalRequest = [request.method, request.path, canonicalQuery, canonicalHeaders, auth.signedHeaders.join(';'), payloadHash].join(
    '\n',
  );
  const amzDate = String(request.headers['x-amz-date']);
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const kDate = hmac(`AWS4${secretAccessKey}`, auth.date);
  const kSigning = hmac(hmac(hmac(kDate, auth.region), auth.service), 'aws4_request');
  return createHmac('sha256', kSigning).update(stringToSign).digest('hex');
}
