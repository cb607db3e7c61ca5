import { WardenError } from '@warden/core';

/** What was being done when an error happened, for the message. */
export interface ErrorSite {
  /** The device: `sw-1 (10.0.0.2:161)`. */
  device: string;
  /** The operation: `GET`, `GETBULK`, `GETNEXT`, `SET`. */
  op: string;
  /** The OID asked for. */
  oid: string;
  /** The per-request timeout in milliseconds. */
  timeoutMs: number;
  /** Retries made. */
  retries: number;
  /** The SNMP version, so the hint names community or user. */
  version: '1' | '2c' | '3';
}

// net-snmp's ResponseInvalidCode values that mean the agent refused our credentials.
const AUTH_FAILURE = 5;
const COULD_NOT_DECRYPT = 4;
const NOT_IN_TIME_WINDOW = 14;

// SNMP error-status values (RFC 3416) that mean "not allowed" rather than "malformed".
const ACCESS_STATUSES = new Set([6, 16, 17]); // noAccess, authorizationError, notWritable

const STATUS_NAMES: Record<number, string> = {
  1: 'tooBig',
  2: 'noSuchName',
  3: 'badValue',
  4: 'readOnly',
  5: 'genErr',
  6: 'noAccess',
  7: 'wrongType',
  8: 'wrongLength',
  9: 'wrongEncoding',
  10: 'wrongValue',
  11: 'noCreation',
  12: 'inconsistentValue',
  13: 'resourceUnavailable',
  14: 'commitFailed',
  15: 'undoFailed',
  16: 'authorizationError',
  17: 'notWritable',
  18: 'inconsistentName',
};

/** SNMP error-status `tooBig`: the response would not fit in one message. */
export const STATUS_TOO_BIG = 1;
/** SNMP error-status `noSuchName` (SNMPv1's end of walk and missing object). */
export const STATUS_NO_SUCH_NAME = 2;

interface NetSnmpError {
  name?: string;
  message?: string;
  code?: unknown;
  status?: unknown;
}

/**
 * The SNMP error-status of a net-snmp `RequestFailedError`, if it is one.
 *
 * @param err - what net-snmp reported
 * @returns the error-status number, or `undefined`
 */
export function errorStatus(err: unknown): number | undefined {
  const e = err as NetSnmpError;
  return e?.name === 'RequestFailedError' && typeof e.status === 'number' ? e.status : undefined;
}

/**
 * Whether net-snmp timed the request out.
 *
 * @param err - what net-snmp reported
 * @returns true for `RequestTimedOutError`
 */
export function isTimeout(err: unknown): boolean {
  return (err as NetSnmpError)?.name === 'RequestTimedOutError';
}

/**
 * Whether an SNMPv3 agent said our notion of its clock is off (resync and retry once).
 *
 * @param err - what net-snmp reported
 * @returns true for a notInTimeWindow report or check
 */
export function isNotInTimeWindow(err: unknown): boolean {
  const e = err as NetSnmpError;
  return e?.code === NOT_IN_TIME_WINDOW || (e?.code === AUTH_FAILURE && /time window/i.test(String(e.message)));
}

function credentialHint(version: '1' | '2c' | '3'): string {
  return version === '3' ? 'check the v3 user, level, protocols and keys' : 'check the community and the agent ACL';
}

/**
 * Turns whatever net-snmp or the socket reported into a coded {@link WardenError} whose message
 * names the device, the OID and the cause, and says what to do.
 *
 * @param err - the original error
 * @param site - device, operation and OID
 * @returns the WardenError (with the original as `cause`)
 */
export function mapSnmpError(err: unknown, site: ErrorSite): WardenError {
  if (err instanceof WardenError) return err;
  const e = (err ?? {}) as NetSnmpError & { code?: unknown };
  const where = `${site.op} ${site.oid} on ${site.device}`;
  if (isTimeout(err)) {
    return new WardenError(
      'ERR_TIMEOUT',
      `${where}: no response after ${site.retries} ${site.retries === 1 ? 'retry' : 'retries'} (timeout ${site.timeoutMs}ms); ${credentialHint(site.version)}, and that the agent is up`,
      { cause: err },
    );
  }
  const status = errorStatus(err);
  if (status !== undefined) {
    const name = STATUS_NAMES[status] ?? `error-status ${status}`;
    if (ACCESS_STATUSES.has(status)) {
      return new WardenError(
        'ERR_AUTH',
        `${where}: agent answered ${name}; use a write community or a v3 user with write access to this OID`,
        {
          cause: err,
        },
      );
    }
    return new WardenError('ERR_PROTOCOL', `${where}: agent answered ${name}`, { cause: err });
  }
  if (e.name === 'ResponseInvalidError') {
    if (e.code === AUTH_FAILURE || e.code === COULD_NOT_DECRYPT || e.code === NOT_IN_TIME_WINDOW) {
      return new WardenError('ERR_AUTH', `${where}: ${e.message ?? 'authentication failed'}; ${credentialHint(site.version)}`, {
        cause: err,
      });
    }
    return new WardenError('ERR_PROTOCOL', `${where}: invalid response (${e.message ?? 'unknown'})`, { cause: err });
  }
  if (typeof e.code === 'string' && /^(E[A-Z]+)$/.test(e.code)) {
    return new WardenError('ERR_UNREACHABLE', `${where}: ${e.code} (${e.message ?? ''}); check the address and routing`, { cause: err });
  }
  return new WardenError('ERR_PROTOCOL', `${where}: ${e.message ?? String(err)}`, { cause: err });
}
