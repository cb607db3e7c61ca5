import { z } from 'zod';
import { type ConfigIssue, configError, formatPath, fromZodIssues } from '../errors/config-error.js';
import { isSecret, type Secret } from '../secrets/types.js';
import type { AssetRegistry } from './registry-types.js';
import type { CompiledSelector, Selector } from './selector-types.js';
import { isPlainObject } from './snapshot.js';
import type { Asset } from './types.js';

/** JSON data. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * How a secret appears in an exported inventory: where it comes from, never its value.
 * `env:NAME` and `file:/path` name the source; `value` marks a `secret.value()` whose content
 * was deliberately left out.
 */
export interface SecretDescriptor {
  /** `env:NAME`, `file:/path` or `value`. */
  $secret: string;
}

/** An exported inventory: plain JSON, safe to store in git or send to a CMDB. */
export interface InventoryDocument {
  /** Format version; this Warden reads and writes `1`. */
  version: 1;
  /** When it was exported (ISO 8601). */
  exportedAt: string;
  /** The assets, with each secret replaced by a {@link SecretDescriptor}. */
  assets: { [key: string]: JsonValue }[];
}

/** Options of {@link exportInventory}. */
export interface ExportInventoryOptions {
  /** Export only the matching assets. @defaultValue every asset */
  selector?: Selector | CompiledSelector;
  /** The current time in ms, for `exportedAt` (pass the Warden clock's `now`). @defaultValue `Date.now` */
  now?: () => number;
}

/** Where a secret being revived sits, for resolvers that supply per-asset values. */
export interface SecretContext {
  /** The id of the asset holding it, when the document gives one. */
  assetId: string | undefined;
  /** Its path in the document (`assets[0].snmp.community`). */
  path: string;
}

/** Options of {@link importInventory}. */
export interface ImportInventoryOptions {
  /**
   * Turns a descriptor back into a secret (`env:NAME` → `secret.env(NAME)`). `createWarden`
   * wires a default for `env:` and `file:`; a `value` descriptor always needs one of yours,
   * since its content was never exported.
   */
  resolveSecret?: (descriptor: SecretDescriptor, context: SecretContext) => Secret;
  /** Replace assets that already exist instead of refusing the import. @defaultValue false */
  replaceExisting?: boolean;
}

/** The descriptor written for a secret: its source, never its value. */
function describeSecret(secret: Secret): string {
  if (secret.source === 'value') return 'value';
  const prefix = `${secret.source}:`;
  return secret.description.startsWith(prefix) ? secret.description : `${prefix}${secret.description}`;
}

const isDescriptor = (value: unknown): value is SecretDescriptor =>
  isPlainObject(value) && typeof value.$secret === 'string' && Object.keys(value).length === 1;

function toJson(value: unknown, path: PropertyKey[], issues: ConfigIssue[]): JsonValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value === undefined) return undefined;
  if (isSecret(value)) return { $secret: describeSecret(value) };
  if (Array.isArray(value)) return value.map((item, i) => toJson(item, [...path, i], issues) ?? null);
  if (isPlainObject(value)) {
    if (isDescriptor(value))
      issues.push({ path: formatPath(path), message: 'a plain `{ $secret }` object would be read back as a secret' });
    const out: { [key: string]: JsonValue } = {};
    for (const [key, item] of Object.entries(value)) {
      const json = toJson(item, [...path, key], issues);
      if (json !== undefined) Object.defineProperty(out, key, { value: json, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return toJson(toJSON.call(value), path, issues);
  issues.push({
    path: formatPath(path),
    message: `a ${typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value} cannot be written as JSON`,
  });
  return undefined;
}

/**
 * Exports the inventory as JSON data: every asset with its facts, labels, dependencies and
 * connection blocks, each secret written as a descriptor (`{ "$secret": "env:SNMP_COMMUNITY" }`)
 * and never as its value.
 *
 * @param registry - the registry to export
 * @param options - a selector to export part of it, and the clock
 * @returns the document, ready for `JSON.stringify`
 * @throws WardenError `ERR_CONFIG_INVALID` when a connection block holds something JSON cannot carry (a function, a bigint)
 * @example
 * ```ts
 * await writeFile('inventory.json', JSON.stringify(exportInventory(warden.assets), null, 2));
 * ```
 */
export function exportInventory(registry: AssetRegistry, options: ExportInventoryOptions = {}): InventoryDocument {
  const issues: ConfigIssue[] = [];
  const assets = registry.list(options.selector).map((asset, i) => toJson(asset, ['assets', i], issues) as { [key: string]: JsonValue });
  if (issues.length > 0) throw configError('inventory export', issues, 'plugin connection blocks must hold JSON data and secrets');
  return { version: 1, exportedAt: new Date((options.now ?? Date.now)()).toISOString(), assets };
}

const documentSchema = z.object({
  version: z.literal(1, { error: (issue) => `unsupported inventory version ${JSON.stringify(issue.input)}; this Warden reads version 1` }),
  exportedAt: z.string().optional(),
  assets: z.array(z.unknown(), { error: 'expected a list of assets' }),
});

/**
 * Imports an exported inventory, all or nothing: every asset is validated (secrets revived
 * and checked, dependencies and cycles included) before any is added.
 *
 * @param registry - where to add the assets
 * @param document - an {@link InventoryDocument}, or its JSON text
 * @param options - the secret resolver, and whether existing assets are replaced
 * @returns the stored assets, in document order
 * @throws WardenError `ERR_CONFIG_INVALID` listing every problem with its path (a secret that cannot be revived, an invalid asset, a cycle);
 *   `ERR_DUPLICATE` for ids that exist (unless `replaceExisting`)
 * @example
 * ```ts
 * importInventory(registry, await readFile('inventory.json', 'utf8'), {
 *   resolveSecret: ({ $secret }) => ($secret.startsWith('env:') ? secret.env($secret.slice(4)) : secret.file($secret.slice(5))),
 * });
 * ```
 */
export function importInventory(
  registry: AssetRegistry,
  document: InventoryDocument | string,
  options: ImportInventoryOptions = {},
): Asset[] {
  let input: unknown = document;
  if (typeof document === 'string') {
    try {
      input = JSON.parse(document);
    } catch (err) {
      throw configError('inventory', [{ path: '(root)', message: `not JSON: ${err instanceof Error ? err.message : String(err)}` }]);
    }
  }
  const parsed = documentSchema.safeParse(input);
  if (!parsed.success)
    throw configError(
      'inventory',
      fromZodIssues(parsed.error.issues, [], documentSchema),
      'expected { version: 1, exportedAt, assets: [...] }',
    );
  const issues: ConfigIssue[] = [];
  const assets = parsed.data.assets.map((asset, i) => {
    const assetId = isPlainObject(asset) && typeof asset.id === 'string' ? asset.id : undefined;
    return revive(asset, ['assets', i], (descriptor, path) => resolve(descriptor, { assetId, path: formatPath(path) }, options, issues));
  });
  if (issues.length > 0) throw configError('inventory', issues, 'nothing was imported');
  return registry.addMany(assets as Asset[], {
    path: 'assets',
    ...(options.replaceExisting === undefined ? {} : { replaceExisting: options.replaceExisting }),
  });
}

function revive(value: unknown, path: PropertyKey[], onSecret: (descriptor: SecretDescriptor, path: PropertyKey[]) => unknown): unknown {
  if (isDescriptor(value)) return onSecret(value, path);
  if (Array.isArray(value)) return value.map((item, i) => revive(item, [...path, i], onSecret));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    Object.defineProperty(out, key, {
      value: revive(item, [...path, key], onSecret),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

function resolve(descriptor: SecretDescriptor, context: SecretContext, options: ImportInventoryOptions, issues: ConfigIssue[]): unknown {
  const { resolveSecret } = options;
  if (resolveSecret === undefined) {
    const message =
      descriptor.$secret === 'value'
        ? 'this secret.value() was exported without its content; pass resolveSecret to supply it'
        : `secret ${JSON.stringify(descriptor.$secret)} needs resolveSecret to become a secret again (createWarden provides one for env: and file:)`;
    issues.push({ path: context.path, message });
    return undefined;
  }
  try {
    const secret = resolveSecret(descriptor, context);
    if (isSecret(secret)) return secret;
    issues.push({
      path: context.path,
      message: `resolveSecret returned something that is not a secret for ${JSON.stringify(descriptor.$secret)}`,
    });
  } catch (err) {
    issues.push({
      path: context.path,
      message: `cannot revive secret ${JSON.stringify(descriptor.$secret)}: ${err instanceof Error ? err.message : String(err)}`,
    });
  }
  return undefined;
}
