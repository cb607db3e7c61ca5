import { type ConfigIssue, configError } from '../errors/config-error.js';
import { type Duration, tryParseDuration } from '../internal/duration.js';
import type { Acknowledgement } from './types.js';

/** What `acknowledge()` accepts. */
export interface AcknowledgeOptions {
  /** Who acknowledges (a person or a system). */
  by: string;
  /** Why, or what is being done. */
  note?: string;
  /** When the acknowledgement lapses (ms since the epoch or a Date). Not with `expires`. */
  expiresAt?: number | Date;
  /** How long it lasts (`'4h'`). Not with `expiresAt`. */
  expires?: Duration;
  /**
   * Sticky: kept when the severity changes (Nagios' sticky acknowledgement); otherwise a change
   * of severity clears it, so a problem getting worse is heard about. Recovery always ends it.
   * @defaultValue false
   */
  sticky?: boolean;
}

/**
 * Validates acknowledgement options into an {@link Acknowledgement}.
 *
 * @param options - the options
 * @param now - the current time (ms)
 * @param where - what is acknowledged, for the error (`incident "…"`)
 * @returns the acknowledgement
 * @throws WardenError `ERR_CONFIG_INVALID` listing every problem: `by` missing or empty, `note`
 *   not a string, `expires` not a positive duration, `expiresAt` not in the future, both given
 */
export function parseAcknowledgement(options: AcknowledgeOptions, now: number, where: string): Acknowledgement {
  const issues: ConfigIssue[] = [];
  const input = (options ?? {}) as Partial<AcknowledgeOptions>;
  if (typeof input.by !== 'string' || input.by.trim() === '')
    issues.push({ path: 'by', message: 'say who acknowledges (a non-empty string)' });
  if (input.note !== undefined && typeof input.note !== 'string') issues.push({ path: 'note', message: 'must be a string' });
  if (input.sticky !== undefined && typeof input.sticky !== 'boolean') issues.push({ path: 'sticky', message: 'must be a boolean' });
  let expiresAt: number | undefined;
  if (input.expires !== undefined && input.expiresAt !== undefined) {
    issues.push({ path: 'expires', message: 'give either expires (a duration) or expiresAt (a time), not both' });
  } else if (input.expires !== undefined) {
    const ms = typeof input.expires === 'number' ? input.expires : tryParseDuration(String(input.expires));
    if (ms === undefined || !Number.isFinite(ms) || ms <= 0) {
      issues.push({ path: 'expires', message: `${JSON.stringify(input.expires)} is not a positive duration such as '4h'` });
    } else expiresAt = now + ms;
  } else if (input.expiresAt !== undefined) {
    const at = input.expiresAt instanceof Date ? input.expiresAt.getTime() : input.expiresAt;
    if (typeof at !== 'number' || !Number.isFinite(at) || at <= now) {
      issues.push({ path: 'expiresAt', message: `${String(input.expiresAt)} is not a time in the future` });
    } else expiresAt = at;
  }
  if (issues.length > 0) throw configError(`acknowledgement of ${where}`, issues);
  return {
    by: (input.by as string).trim(),
    ...(input.note === undefined ? {} : { note: input.note }),
    at: now,
    ...(expiresAt === undefined ? {} : { expiresAt }),
    sticky: input.sticky === true,
  };
}
