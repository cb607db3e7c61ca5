import { z } from 'zod';
import { configError } from '../errors/config-error.js';
import { WardenError } from '../errors/warden-error.js';
import { labelNameSchema, toConfigIssues } from './issues.js';
import { parseSelectorString } from './selector-parse.js';
import type { CompiledSelector, ParsedSelector, Selector, SelectorOptions, SelectorRequirement } from './selector-types.js';
import { LIFECYCLES } from './syntax.js';
import type { Asset } from './types.js';

const oneOrMany = z.union([z.string(), z.array(z.string())], { error: 'expected a string or a list of strings' });
const labelCondition = z.union(
  [z.string(), z.array(z.string()), z.strictObject({ not: oneOrMany }), z.strictObject({ exists: z.boolean() })],
  { error: 'expected a value, a list of values, { not: value(s) } or { exists: boolean }' },
);
const lifecycle = z.enum(LIFECYCLES, { error: `expected one of ${LIFECYCLES.join(', ')}` });

const selectorObjectSchema = z.strictObject({
  ids: z.array(z.string()).optional(),
  kind: oneOrMany.optional(),
  labels: z
    .record(
      labelNameSchema('label', (name) => `\`${name}\` is not a label: use the selector's own \`${name === 'id' ? 'ids' : name}\` field`),
      labelCondition,
    )
    .optional(),
  lifecycle: z.union([lifecycle, z.array(lifecycle)], { error: `expected one of ${LIFECYCLES.join(', ')}, or a list of them` }).optional(),
});

const list = (value: string | readonly string[]): readonly string[] => (typeof value === 'string' ? [value] : value);

function requirementsOf(selector: z.output<typeof selectorObjectSchema>): SelectorRequirement[] {
  const out: SelectorRequirement[] = [];
  if (selector.ids !== undefined) out.push({ key: 'id', operator: 'in', values: selector.ids });
  if (selector.kind !== undefined) out.push({ key: 'kind', operator: 'in', values: list(selector.kind) });
  if (selector.lifecycle !== undefined) out.push({ key: 'lifecycle', operator: 'in', values: list(selector.lifecycle) });
  for (const [key, condition] of Object.entries(selector.labels ?? {})) {
    if (typeof condition === 'string' || Array.isArray(condition)) out.push({ key, operator: 'in', values: list(condition) });
    else if ('not' in condition) out.push({ key, operator: 'notin', values: list(condition.not) });
    else out.push({ key, operator: condition.exists ? 'exists' : 'absent', values: [] });
  }
  return out;
}

/**
 * Parses either form of a selector into its requirements, validating it.
 *
 * @param selector - a string (`"kind=host,site in (ams1,ams2),!canary"`, `'*'`) or an object (`{ kind: 'host' }`)
 * @param options - where the selector was written, for errors
 * @returns the requirements; none means every asset
 * @throws WardenError `ERR_CONFIG_INVALID` quoting a string selector with the column of the problem,
 *   or listing each invalid field of an object selector with its path
 * @example
 * ```ts
 * parseSelector('kind=host,!canary').requirements;
 * // [{ key: 'kind', operator: 'in', values: ['host'] }, { key: 'canary', operator: 'absent', values: [] }]
 * ```
 */
export function parseSelector(selector: Selector, options: SelectorOptions = {}): ParsedSelector {
  const where = options.where ?? 'selector';
  if (typeof selector === 'string') return { requirements: parseSelectorString(selector, where) };
  const parsed = selectorObjectSchema.safeParse(selector);
  if (!parsed.success) {
    throw configError(
      'selector',
      toConfigIssues(parsed.error.issues, [where], selectorObjectSchema),
      `a selector is a string ("kind=host") or { ids?, kind?, labels?, lifecycle? }`,
    );
  }
  return { requirements: requirementsOf(parsed.data) };
}

/**
 * Compiles a selector once so matching an asset is a few comparisons. `'*'` and `{}` match
 * every asset. String and object forms mean the same thing: `kind`, `id` and `lifecycle` are
 * read from the asset, anything else from its labels; `!=` and `notin` also match assets
 * without the label (as in Kubernetes).
 *
 * @param selector - either form, or an already compiled selector (returned as is)
 * @param options - where the selector was written, for errors
 * @returns `{ matches(asset), toString(), requirements }`
 * @throws WardenError `ERR_CONFIG_INVALID` for an invalid selector (see {@link parseSelector})
 * @example
 * ```ts
 * const hosts = compileSelector('kind=host,site in (ams1,ams2),!canary');
 * registry.list().filter(hosts.matches);
 * ```
 */
export function compileSelector(selector: Selector | CompiledSelector, options: SelectorOptions = {}): CompiledSelector {
  if (isCompiledSelector(selector)) return selector;
  if (selector === null || (typeof selector !== 'string' && typeof selector !== 'object')) {
    throw new WardenError(
      'ERR_CONFIG_INVALID',
      `invalid selector at ${options.where ?? 'selector'}: expected a string or an object, got ${typeof selector}`,
    );
  }
  const { requirements } = parseSelector(selector, options);
  const tests = requirements.map(compileRequirement);
  const text = formatRequirements(requirements);
  const matches =
    tests.length === 0
      ? (_asset: Asset): boolean => true
      : (asset: Asset): boolean => {
          for (const test of tests) if (!test(asset)) return false;
          return true;
        };
  return { matches, requirements, toString: () => text };
}

/**
 * Whether a value is a {@link CompiledSelector}.
 *
 * @param value - anything
 * @returns true for the result of {@link compileSelector}
 */
export function isCompiledSelector(value: unknown): value is CompiledSelector {
  return typeof value === 'object' && value !== null && typeof (value as { matches?: unknown }).matches === 'function';
}

function read(key: string): (asset: Asset) => string | undefined {
  if (key === 'id') return (asset) => asset.id;
  if (key === 'kind') return (asset) => asset.kind;
  if (key === 'lifecycle') return (asset) => asset.lifecycle ?? 'active';
  return (asset) => (asset.labels !== undefined && Object.hasOwn(asset.labels, key) ? asset.labels[key] : undefined);
}

function compileRequirement({ key, operator, values }: SelectorRequirement): (asset: Asset) => boolean {
  const get = read(key);
  if (operator === 'exists') return (asset) => get(asset) !== undefined;
  if (operator === 'absent') return (asset) => get(asset) === undefined;
  // A Set pays off from a handful of values on; one value is a plain comparison.
  const has: (value: string) => boolean =
    values.length === 1
      ? (value) => value === values[0]
      : values.length > 4
        ? Set.prototype.has.bind(new Set(values))
        : (value) => values.includes(value);
  if (operator === 'in')
    return (asset) => {
      const value = get(asset);
      return value !== undefined && has(value);
    };
  return (asset) => {
    const value = get(asset);
    return value === undefined || !has(value);
  };
}

const BARE_VALUE = /^[A-Za-z0-9._:/@-]+$/;
const quote = (value: string): string => (BARE_VALUE.test(value) ? value : `"${value.replace(/["\\]/g, '\\$&')}"`);

/**
 * Writes requirements in the canonical string form, which parses back to the same requirements.
 *
 * @param requirements - parsed requirements
 * @returns e.g. `kind=host,site in (ams1,ams2),!canary`, or `*` for none
 */
export function formatRequirements(requirements: readonly SelectorRequirement[]): string {
  if (requirements.length === 0) return '*';
  return requirements
    .map(({ key, operator, values }) => {
      if (operator === 'exists') return key;
      if (operator === 'absent') return `!${key}`;
      if (values.length === 1) return `${key}${operator === 'in' ? '=' : '!='}${quote(values[0] as string)}`;
      return `${key} ${operator} (${values.map(quote).join(',')})`;
    })
    .join(',');
}
