import { z } from 'zod';
import { parseThreshold, type Threshold } from '../../checks/threshold.js';
import { tryParseDuration } from '../../internal/duration.js';

/**
 * A `Duration` param (`'10s'`, `'250ms'`, or milliseconds) parsed to milliseconds when the
 * check is registered.
 */
export const durationParam = z.union([z.number(), z.string()]).transform((value, ctx): number => {
  const ms = typeof value === 'number' ? value : tryParseDuration(value);
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) {
    ctx.addIssue({
      code: 'custom',
      message: `${JSON.stringify(value)} is not a duration; use milliseconds or a string such as '10s', '500ms'`,
    });
    return z.NEVER;
  }
  return ms;
});

/** A positive `Duration` param (a timeout). */
export const timeoutParam = durationParam.refine((ms) => ms > 0, { message: 'a timeout must be longer than 0' });

/**
 * A threshold param (`'>0.5'`, `'~:10'`, `'@10:20'`, or a number) parsed once, when the check
 * is registered.
 */
export const thresholdParam = z.union([z.string(), z.number()]).transform((value, ctx): Threshold => {
  try {
    return parseThreshold(value, 'threshold');
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message.replace(/^invalid threshold at threshold: /, '') });
    return z.NEVER;
  }
});

/**
 * A host name or IP address given to a command as one argument: it must not start with `-`
 * (it would be read as an option) and may hold letters, digits and `. : _ % -` only.
 *
 * @param host - the host
 * @returns a reason it is refused, or undefined when it is fine
 */
export function hostProblem(host: string): string | undefined {
  if (host === '') return 'the host is empty';
  if (host.startsWith('-')) return `host ${JSON.stringify(host)} starts with "-"`;
  if (!/^[A-Za-z0-9_.:%-]+$/.test(host)) return `host ${JSON.stringify(host)} has characters a host name or address cannot have`;
  return undefined;
}
