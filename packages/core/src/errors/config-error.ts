import type { z } from 'zod';
import { closest } from '../internal/closest.js';
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
 * @param schema - the schema that refused the value, to suggest the key meant by an unknown one
 * @returns the issues in Warden's form (an unknown key is one issue at its own path)
 */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = [], schema?: z.ZodType): ConfigIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'unrecognized_keys') return [{ path: formatPath([...prefix, ...issue.path]), message: issue.message }];
    // One issue per key, at the key itself (a config file's error then points at its line).
    const known = schema === undefined ? [] : keysAt(schema, issue.path);
    return issue.keys.map((key) => {
      const path = formatPath([...prefix, ...issue.path, key]);
      // A key one form of a union takes, but not with the other keys given (`every` and `cron`).
      if (known.includes(key)) return { path, message: 'not allowed together with the other keys given' };
      const near = closest(key, known);
      return { path, message: `unknown key${near === undefined ? '' : `; did you mean "${near}"?`}` };
    });
  });
}

/**
 * The object keys a schema accepts at a path, following objects, arrays, wrappers and every
 * option of a union; empty where it cannot tell.
 */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  type Def = {
    type: string;
    shape?: Record<string, z.ZodType>;
    element?: z.ZodType;
    innerType?: z.ZodType;
    in?: z.ZodType;
    options?: z.ZodType[];
  };
  const keys = new Set<string>();
  const walk = (node: z.ZodType | undefined, at: number, depth: number): void => {
    if (node === undefined || depth > 32) return;
    const def = (node as unknown as { _zod: { def: Def } })._zod.def;
    const segment = path[at];
    if (def.innerType !== undefined) walk(def.innerType, at, depth + 1);
    else if (def.type === 'pipe') walk(def.in, at, depth + 1);
    else if (def.type === 'union') for (const option of def.options ?? []) walk(option, at, depth + 1);
    else if (at === path.length && def.type === 'object') for (const key of Object.keys(def.shape ?? {})) keys.add(key);
    else if (def.type === 'object' && typeof segment === 'string') walk(def.shape?.[segment], at + 1, depth + 1);
    else if (def.type === 'array' && typeof segment === 'number') walk(def.element, at + 1, depth + 1);
  };
  walk(schema, 0, 0);
  return [...keys];
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
  if (!result.success) throw configError(what, fromZodIssues(result.error.issues, prefix, schema));
  return result.data;
}
