import { type CheckResult, type HookContext, isWardenError } from '@warden/core';

/**
 * Turns a failed exchange into a check result the way check_http does: refused, reset, TLS
 * failures and timeouts are critical; an abort (Warden stopping, the run's timeout) is
 * unknown; an unresolvable host is unknown, as core's `tcp` probe has it.
 *
 * @param err - what the transport threw
 * @param ctx - for scrubbing secrets out of third-party messages
 * @returns the result
 */
export function errorResult(err: unknown, ctx: HookContext): CheckResult {
  const message = ctx.secrets.scrub(err instanceof Error ? err.message : String(err));
  if (!isWardenError(err)) return { status: 'unknown', summary: message, code: 'ERR_PLUGIN' };
  if (err.code === 'ERR_ABORTED') return { status: 'unknown', summary: message, code: 'ERR_ABORTED' };
  if (err.code === 'ERR_CONFIG_INVALID') return { status: 'unknown', summary: message, code: 'ERR_CONFIG_INVALID' };
  if (err.code === 'ERR_UNREACHABLE' && /cannot resolve/.test(message)) return { status: 'unknown', summary: message, code: err.code };
  return { status: 'critical', summary: message, code: err.code };
}
