import type { z } from 'zod';
import { WardenError } from './warden-error.js';

/** One problem found while validating configuration. */
export interface ConfigIssue {
  /** Where the problem is, as a dotted path (`assets[2].snmp.version`). */
  path: string;
  /** What is wrong. */
  message: string;
}

/**
 * Formats a zod-style path as `a.b[2].c`.
 *
 * @param path - path segments
 * @returns the dotted path, or `(root)` for an empty path
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * Builds an `ERR_CONFIG_INVALID` error listing every issue with its path.
 *
 * @param what - what was being validated, e.g. `asset "sw-1"`
 * @param issues - each problem found
 * @param hint - what to do about it
 * @returns the error, ready to throw
 */
export function configError(what: string, issues: readonly ConfigIssue[], hint?: string): WardenError {
  const lines = issues.map((issue) => `  - ${issue.path}: ${issue.message}`);
  const message = `invalid ${what}:\n${lines.join('\n')}${hint ? `\n${hint}` : ''}`;
  const err = new WardenError('ERR_CONFIG_INVALID', message);
  Object.defineProperty(err, 'issues', { value: issues, enumerable: true });
  return err;
}

/**
 * Turns zod issues into {@link ConfigIssue}s, prefixing each path.
 *
 * @param issues - issues from a failed `safeParse`
 * @param prefix - path segments to put in front (where the validated value sits)
 * @returns the issues in Warden's form
 */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): ConfigIssue[] {
  return issues.map((issue) => ({ path: formatPath([...prefix, ...issue.path]), message: issue.message }));
}

/**
 * Validates `value` against a zod schema, throwing `ERR_CONFIG_INVALID` with every issue.
 *
 * @param schema - the schema
 * @param value - the input
 * @param what - what is validated, for the message
 * @param prefix - path segments where the value sits
 * @returns the parsed value
 * @throws WardenError `ERR_CONFIG_INVALID` listing each issue and its path
 */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
  prefix: readonly PropertyKey[] = [],
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw configError(what, fromZodIssues(result.error.issues, prefix));
  return result.data;
}
