import type { ConfigIssue } from '../errors/config-error.js';
import { formatPath } from '../errors/config-error.js';
import { isSecret } from './types.js';

/**
 * Finds every secret inside `value` (plain objects and arrays, walked deeply) that cannot be
 * read right now — an unset environment variable, a missing file — so adding an asset can
 * fail fast with each one and its path. Values are never revealed.
 *
 * @param value - e.g. an asset with its connection blocks
 * @param prefix - path segments in front of each issue's path
 * @returns one issue per unreadable secret (empty when all are readable)
 * @example
 * ```ts
 * const issues = collectSecretProblems(asset, ['assets', asset.id]);
 * if (issues.length > 0) throw configError(`asset "${asset.id}"`, issues);
 * ```
 */
export function collectSecretProblems(value: unknown, prefix: readonly PropertyKey[] = []): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new WeakSet<object>();
  const walk = (node: unknown, path: PropertyKey[]): void => {
    if (typeof node !== 'object' || node === null) return;
    if (isSecret(node)) {
      const problem = node.problem();
      if (problem !== undefined) issues.push({ path: formatPath(path), message: `secret ${node.description}: ${problem}` });
      return;
    }
    if (seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) walk(item, [...path, index]);
      return;
    }
    const proto = Object.getPrototypeOf(node);
    if (proto !== Object.prototype && proto !== null) return;
    for (const [key, child] of Object.entries(node)) walk(child, [...path, key]);
  };
  walk(value, [...prefix]);
  return issues;
}
