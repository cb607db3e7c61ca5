import type { Asset } from '../assets/types.js';
import { type ConfigIssue, configError, formatPath } from '../errors/config-error.js';
import { isWardenError, WardenError } from '../errors/warden-error.js';
import type { CheckResult } from './types.js';

/**
 * Asset macros in probe params, like Nagios' `$HOSTADDRESS$`:
 *
 * | macro | value |
 * |---|---|
 * | `{address}` | `asset.address`, else `asset.id` (an id is often a resolvable host name) |
 * | `{id}` | `asset.id` |
 * | `{name}` | `asset.name`, else `asset.id` |
 * | `{kind}` | `asset.kind` |
 * | `{labels.<key>}` | the label's value; missing → error |
 * | `{facts.<key>}` | the fact as text; missing → error |
 *
 * Only macro-shaped text is a macro (`{word}` or `{word.key}`), so JSON in a param stays as
 * it is; `{{address}}` is the literal text `{address}`. Unknown macros are refused when the
 * check is registered ({@link validateMacros}); a value missing on one asset is found at run
 * time and becomes an `unknown` result for that asset ({@link tryExpandMacros}).
 */

const MACRO = /\{\{([A-Za-z_][A-Za-z0-9_]*(?:\.[^{}]+)?)\}\}|\{([A-Za-z_][A-Za-z0-9_]*)(?:\.([^{}]+))?\}/g;
const SIMPLE = new Set(['address', 'id', 'name', 'kind']);
const KEYED = new Set(['labels', 'facts']);
const KNOWN = '{address}, {id}, {name}, {kind}, {labels.<key>}, {facts.<key>}';

function macroProblem(root: string, key: string | undefined): string | undefined {
  if (SIMPLE.has(root)) return key === undefined ? undefined : `{${root}.${key}} takes no key; use {${root}}`;
  if (KEYED.has(root)) return key === undefined ? `{${root}} needs a key, e.g. {${root}.site}` : undefined;
  return `unknown macro {${key === undefined ? root : `${root}.${key}`}}; known macros: ${KNOWN}`;
}

function resolve(asset: Asset, root: string, key: string | undefined): string | undefined {
  switch (root) {
    case 'address':
      return asset.address ?? asset.id;
    case 'id':
      return asset.id;
    case 'name':
      return asset.name ?? asset.id;
    case 'kind':
      return asset.kind;
    case 'labels':
      return asset.labels && key !== undefined && Object.hasOwn(asset.labels, key) ? asset.labels[key] : undefined;
    case 'facts': {
      const value = asset.facts && key !== undefined && Object.hasOwn(asset.facts, key) ? asset.facts[key] : undefined;
      return value === undefined ? undefined : String(value);
    }
    default:
      return undefined;
  }
}

function visitStrings(value: unknown, path: PropertyKey[], fn: (text: string, path: PropertyKey[]) => string): unknown {
  if (typeof value === 'string') return fn(value, path);
  if (Array.isArray(value)) return value.map((item, index) => visitStrings(item, [...path, index], fn));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = visitStrings(item, [...path, key], fn);
    return out;
  }
  return value;
}

/**
 * Checks every macro in `value` (deeply, in strings inside arrays and plain objects) without
 * an asset: call it when a check is registered.
 *
 * @param value - the probe params
 * @param where - what they belong to, for the message (`check "ssh" params`)
 * @param prefix - path segments of `value` (`['params']`)
 * @throws WardenError `ERR_CONFIG_INVALID` listing each unknown or malformed macro with its path
 */
export function validateMacros(value: unknown, where: string, prefix: readonly PropertyKey[] = ['params']): void {
  const issues: ConfigIssue[] = [];
  visitStrings(value, [...prefix], (text, path) => {
    for (const match of text.matchAll(MACRO)) {
      if (match[1] !== undefined) continue;
      const problem = macroProblem(match[2] as string, match[3]);
      if (problem) issues.push({ path: formatPath(path), message: problem });
    }
    return text;
  });
  if (issues.length > 0) throw configError(where, issues, 'write {{...}} for literal braces around a word');
}

/**
 * Replaces asset macros in every string of `value` (deeply, in arrays and plain objects).
 * The input is not changed; numbers, booleans and object keys are left alone.
 *
 * @param value - probe params
 * @param asset - the asset the probe runs for
 * @param prefix - path segments of `value`, for the message
 * @returns a copy with macros replaced
 * @throws WardenError `ERR_CONFIG_INVALID` naming the param path, the macro and the asset when
 *   a macro is unknown or its value is missing on this asset
 * @example
 * ```ts
 * expandMacros({ command: ['check_ping', '-H', '{address}'] }, { id: 'sw-1', kind: 'switch', address: '10.0.0.2' });
 * // { command: ['check_ping', '-H', '10.0.0.2'] }
 * ```
 */
export function expandMacros<T>(value: T, asset: Asset, prefix: readonly PropertyKey[] = ['params']): T {
  return visitStrings(value, [...prefix], (text, path) =>
    text.replace(MACRO, (whole, escaped: string | undefined, root: string, key: string | undefined) => {
      if (escaped !== undefined) return `{${escaped}}`;
      const problem = macroProblem(root, key);
      const resolved = problem ? undefined : resolve(asset, root, key);
      if (resolved === undefined) {
        const why = problem ?? `asset "${asset.id}" has no ${root === 'labels' ? 'label' : 'fact'} "${key}"`;
        throw new WardenError(
          'ERR_CONFIG_INVALID',
          `cannot expand ${whole} in ${formatPath(path)} for asset "${asset.id}": ${why}; set it on the asset or narrow the check's selector`,
        );
      }
      return resolved;
    }),
  ) as T;
}

/** The outcome of {@link tryExpandMacros}. */
export type MacroExpansion<T> = { ok: true; value: T } | { ok: false; result: CheckResult };

/**
 * {@link expandMacros} for the run path: a failure becomes an `unknown` result (code
 * `ERR_CONFIG_INVALID`) for this asset instead of an exception out of the engine.
 *
 * @param value - probe params
 * @param asset - the asset the probe runs for
 * @param prefix - path segments of `value`
 * @returns the expanded value, or the `unknown` result to report
 */
export function tryExpandMacros<T>(value: T, asset: Asset, prefix: readonly PropertyKey[] = ['params']): MacroExpansion<T> {
  try {
    return { ok: true, value: expandMacros(value, asset, prefix) };
  } catch (err) {
    if (!isWardenError(err)) throw err;
    return { ok: false, result: { status: 'unknown', summary: err.message, code: 'ERR_CONFIG_INVALID' } };
  }
}

/**
 * The value of one macro for an asset (`'address'`, `'labels.site'`), as probes use for
 * their defaults (`host` defaults to `{address}`).
 *
 * @param asset - the asset
 * @param macro - the macro without braces
 * @returns the value, or undefined when unknown or missing
 */
export function macroValue(asset: Asset, macro: string): string | undefined {
  const dot = macro.indexOf('.');
  const root = dot === -1 ? macro : macro.slice(0, dot);
  const key = dot === -1 ? undefined : macro.slice(dot + 1);
  return macroProblem(root, key) ? undefined : resolve(asset, root, key);
}
