/**
 * Reads a value from parsed JSON by a simple path: `$.items[0].state`, `items.0.state` or
 * `status`. Supports member names and array indexes, the subset health endpoints need.
 *
 * @param root - parsed JSON
 * @param path - the path
 * @returns `{ found: true, value }` or `{ found: false }`
 */
export function readJsonPath(root: unknown, path: string): { found: true; value: unknown } | { found: false } {
  const parts = path
    .replace(/^\$\.?/, '')
    .split(/\.|\[(\d+)\]/)
    .filter((p) => p !== undefined && p !== '');
  let node = root;
  for (const part of parts) {
    if (node === null || typeof node !== 'object') return { found: false };
    const key = Array.isArray(node) && /^\d+$/.test(part) ? Number(part) : part;
    if (!Object.hasOwn(node, key)) return { found: false };
    node = (node as Record<string | number, unknown>)[key];
  }
  return { found: true, value: node };
}
