import { z } from 'zod';
import { type ConfigIssue, fromZodIssues } from '../errors/config-error.js';
import { LABEL_NAME_PATTERN, LABEL_NAME_RULE, PSEUDO_LABELS } from './syntax.js';

/**
 * Like `fromZodIssues`, but a record key's own message (`label name must be …`) replaces zod's
 * generic "Invalid key in record".
 *
 * @param issues - issues from a failed `safeParse`
 * @param prefix - path segments where the value sits
 * @param schema - the schema that refused the value (suggests the key meant by an unknown one)
 * @returns the issues in Warden's form
 */
export function toConfigIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly PropertyKey[] = [],
  schema?: z.ZodType,
): ConfigIssue[] {
  const clear = issues.map((issue) => {
    const inner = issue.code === 'invalid_key' ? issue.issues[0]?.message : undefined;
    return inner === undefined ? issue : { ...issue, message: inner };
  });
  return fromZodIssues(clear, prefix, schema);
}

/**
 * A record key schema for label (or fact) names; with `reserved`, the pseudo-labels are refused
 * with `reserved(name)` as the message.
 *
 * @param what - `label` or `fact`, for the message
 * @param reserved - the message for a pseudo-label name, if those are refused
 * @returns the key schema
 */
export function labelNameSchema(what: string, reserved?: (name: string) => string): z.ZodType<string> {
  return z
    .string()
    .regex(LABEL_NAME_PATTERN, `${what} name ${LABEL_NAME_RULE}`)
    .superRefine((name, ctx) => {
      if (reserved !== undefined && PSEUDO_LABELS.has(name)) ctx.addIssue({ code: 'custom', message: reserved(name) });
    });
}
