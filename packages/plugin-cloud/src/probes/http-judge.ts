import type { CheckResult, CheckStatus } from '@warden/core';
import { readJsonPath } from './json-path.js';

/** What a response must look like (already validated). */
export interface HttpExpectations {
  /** Accepted statuses: codes, or classes such as `'2xx'`. */
  status?: Array<number | string> | undefined;
  /** A regular expression the body must match. */
  body?: RegExp | undefined;
  /** A JSON value the body must hold. */
  json?: { path: string; equals?: string | number | boolean | null | undefined; matches?: RegExp | undefined } | undefined;
}

/** A status verdict with its reason. */
export interface Verdict {
  /** The status. */
  status: CheckStatus;
  /** Why (empty when ok). */
  reason: string;
  /** Error code when the verdict comes from a broken expectation. */
  code?: CheckResult['code'];
}

/**
 * Whether a status code matches one accepted entry (`200`, `'204'`, `'2xx'`).
 *
 * @param code - the response status
 * @param accepted - the accepted entries
 * @returns true when one matches
 */
export function statusMatches(code: number, accepted: ReadonlyArray<number | string>): boolean {
  return accepted.some((entry) => {
    const text = String(entry).toLowerCase();
    return /^\dxx$/.test(text) ? Math.floor(code / 100) === Number(text[0]) : Number(text) === code;
  });
}

/**
 * Judges an HTTP status as check_http does when no status is expected: 5xx critical, 4xx
 * warning, anything else ok; with `expected`, a mismatch is critical.
 *
 * @param code - the response status
 * @param expected - accepted statuses, if given
 * @returns the verdict
 */
export function judgeStatus(code: number, expected: ReadonlyArray<number | string> | undefined): Verdict {
  if (expected) {
    return statusMatches(code, expected)
      ? { status: 'ok', reason: '' }
      : { status: 'critical', reason: `status ${code}, expected ${expected.join(' or ')}` };
  }
  if (code >= 500) return { status: 'critical', reason: `status ${code}` };
  if (code >= 400) return { status: 'warning', reason: `status ${code}` };
  return { status: 'ok', reason: '' };
}

/**
 * Judges the body against a regex and a JSON path expectation; any miss is critical
 * (check_http's `-r`/`-s` default).
 *
 * @param body - the body text
 * @param expect - body and json expectations
 * @returns the verdict
 */
export function judgeBody(body: string, expect: HttpExpectations): Verdict {
  if (expect.body && !expect.body.test(body)) {
    return { status: 'critical', reason: `body does not match /${expect.body.source}/` };
  }
  if (expect.json) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return { status: 'critical', reason: 'body is not JSON', code: 'ERR_PROTOCOL' };
    }
    const { path, equals, matches } = expect.json;
    const got = readJsonPath(parsed, path);
    if (!got.found) return { status: 'critical', reason: `JSON path ${path} not found` };
    const shown = JSON.stringify(got.value)?.slice(0, 100) ?? 'undefined';
    if (equals !== undefined && got.value !== equals) {
      return { status: 'critical', reason: `JSON ${path} is ${shown}, expected ${JSON.stringify(equals)}` };
    }
    if (matches && !matches.test(typeof got.value === 'string' ? got.value : JSON.stringify(got.value))) {
      return { status: 'critical', reason: `JSON ${path} is ${shown}, expected to match /${matches.source}/` };
    }
    if (equals === undefined && matches === undefined && (got.value === false || got.value === null)) {
      return { status: 'critical', reason: `JSON ${path} is ${shown}` };
    }
  }
  return { status: 'ok', reason: '' };
}

/**
 * Judges a certificate's remaining validity as check_http `-C warn,crit` does.
 *
 * @param notAfter - expiry, ms since the epoch
 * @param now - current time, ms since the epoch
 * @param thresholds - warn and crit durations in ms
 * @returns the verdict, and the time left in ms
 */
export function judgeCertExpiry(notAfter: number, now: number, thresholds: { warn: number; crit: number }): Verdict & { leftMs: number } {
  const leftMs = notAfter - now;
  const days = (leftMs / 86_400_000).toFixed(1);
  const when = new Date(notAfter).toISOString();
  if (leftMs <= 0) return { status: 'critical', reason: `certificate expired on ${when}`, leftMs };
  if (leftMs <= thresholds.crit) return { status: 'critical', reason: `certificate expires in ${days} days (${when})`, leftMs };
  if (leftMs <= thresholds.warn) return { status: 'warning', reason: `certificate expires in ${days} days (${when})`, leftMs };
  return { status: 'ok', reason: `certificate valid for ${days} days`, leftMs };
}
