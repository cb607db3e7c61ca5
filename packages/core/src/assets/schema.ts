import { z } from 'zod';
import { type ConfigIssue, formatPath } from '../errors/config-error.js';
import { closest } from '../internal/closest.js';
import { labelNameSchema, toConfigIssues } from './issues.js';
import { findSecrets, isPlainObject } from './snapshot.js';
import { ASSET_ID_PATTERN, ASSET_ID_RULE, LIFECYCLES } from './syntax.js';
import type { Asset } from './types.js';

const required = (expected: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'required' : `expected ${expected}`);

/** An asset id (see {@link ASSET_ID_PATTERN}). */
export const assetIdSchema = z.string({ error: required('a string') }).regex(ASSET_ID_PATTERN, ASSET_ID_RULE);

function namedRecord<V extends z.ZodType>(value: V, what: 'label' | 'fact') {
  const reserved = what === 'label' ? (name: string) => `\`${name}\` is reserved: selectors read it from the asset itself` : undefined;
  return z.record(labelNameSchema(what, reserved), value);
}

const dependsOnEntrySchema = z.union(
  [assetIdSchema, z.strictObject({ anyOf: z.array(assetIdSchema).min(1, 'an anyOf group needs at least one asset id') })],
  {
    error: 'expected an asset id or { anyOf: [ids…] }',
  },
);

/**
 * The zod schema of an asset's base fields (everything but connection blocks). Strict:
 * connection blocks are split off and validated by their plugin's schema before this runs.
 */
export const assetBaseSchema = z.strictObject({
  id: assetIdSchema,
  kind: z.string({ error: required('a string') }).min(1, 'must not be empty'),
  name: z.string().min(1, 'must not be empty').optional(),
  address: z.string().regex(/^\S+$/, 'must be a host name or address, without spaces').optional(),
  labels: namedRecord(z.string({ error: 'label values are strings' }), 'label').optional(),
  dependsOn: z.array(dependsOnEntrySchema).optional(),
  lifecycle: z.enum(LIFECYCLES, { error: `expected one of ${LIFECYCLES.join(', ')}` }).default('active'),
  facts: namedRecord(
    z.union([z.string(), z.number(), z.boolean()], { error: 'fact values are strings, finite numbers or booleans' }),
    'fact',
  ).optional(),
});

const BASE_KEYS: ReadonlySet<string> = new Set(Object.keys(assetBaseSchema.shape));

/** What {@link validateAsset} returns. */
export type AssetValidation = { ok: true; asset: Asset } | { ok: false; issues: ConfigIssue[] };

/**
 * Validates an asset completely: base fields, each connection block against its plugin's
 * schema, and every secret in those blocks (`problem()`). Nothing is registered here.
 *
 * @param input - the asset as given
 * @param connectionSchemas - plugin name → schema of that plugin's connection block
 * @returns the normalized asset (defaults applied, plugin schema outputs) or every issue with its path
 */
export function validateAsset(input: unknown, connectionSchemas: ReadonlyMap<string, z.ZodType>): AssetValidation {
  if (!isPlainObject(input))
    return { ok: false, issues: [{ path: '(root)', message: 'expected an object with at least `id` and `kind`' }] };
  const base: Record<string, unknown> = {};
  const blocks: [string, unknown][] = [];
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (BASE_KEYS.has(key)) base[key] = value;
    else blocks.push([key, value]);
  }
  const issues: ConfigIssue[] = [];
  const parsed = assetBaseSchema.safeParse(base);
  if (!parsed.success) issues.push(...toConfigIssues(parsed.error.issues, [], assetBaseSchema));
  const output: Record<string, unknown> = parsed.success ? { ...parsed.data } : {};
  for (const [key, value] of blocks) {
    const schema = connectionSchemas.get(key);
    if (schema === undefined) {
      issues.push({ path: formatPath([key]), message: unknownBlockMessage(key, connectionSchemas) });
      continue;
    }
    const result = safeParseBlock(schema, value);
    if (!result.success) {
      issues.push(...result.issues.map((issue) => ({ ...issue, path: formatPath([key, ...issue.path]) })));
      continue;
    }
    output[key] = result.data;
    for (const { path, secret } of findSecrets(result.data, [key])) {
      const problem = secret.problem();
      if (problem !== undefined) issues.push({ path: formatPath(path), message: `secret ${secret.description}: ${problem}` });
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, asset: output as unknown as Asset };
}

type BlockResult = { success: true; data: unknown } | { success: false; issues: { path: PropertyKey[]; message: string }[] };

function safeParseBlock(schema: z.ZodType, value: unknown): BlockResult {
  try {
    const result = schema.safeParse(value);
    if (result.success) return { success: true, data: result.data };
    return { success: false, issues: result.error.issues.map((issue) => ({ path: issue.path, message: issue.message })) };
  } catch (err) {
    // An async refinement in a plugin schema cannot run in the synchronous add(): report it.
    const reason = err instanceof Error ? err.message : String(err);
    return { success: false, issues: [{ path: [], message: `the plugin's schema could not validate this block: ${reason}` }] };
  }
}

function unknownBlockMessage(key: string, connectionSchemas: ReadonlyMap<string, z.ZodType>): string {
  const installed = [...connectionSchemas.keys()].sort();
  const near = closest(key, [...BASE_KEYS, ...installed]);
  const hint = near === undefined ? '' : `; did you mean \`${near}\`?`;
  return `no installed plugin handles \`${key}\`; installed: ${installed.length > 0 ? installed.join(', ') : 'none'}${hint}`;
}
