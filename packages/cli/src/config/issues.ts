/**
 * Formats path segments as Warden does in its messages: `checks[2].params.port`.
 *
 * @param path - keys and list indexes
 * @returns the dotted path, or `(root)` when empty
 */
export function formatIssuePath(path: readonly (string | number)[]): string {
  let out = '';
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : out === '' ? segment : `.${segment}`;
  return out === '' ? '(root)' : out;
}

/**
 * Splits a Warden issue path (`checks[2].params.port`, `(root)`) into segments.
 *
 * @param path - a path as core's `ConfigIssue` carries it
 * @returns its segments: strings for keys, numbers for list indexes
 */
export function parsePath(path: string): (string | number)[] {
  if (path === '' || path === '(root)') return [];
  const segments: (string | number)[] = [];
  for (const part of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (part[2] !== undefined) segments.push(Number(part[2]));
    else if (part[1] !== undefined) segments.push(part[1]);
  }
  return segments;
}

/**
 * Puts an issue path reported relative to one config entry under that entry's path.
 *
 * @param prefix - where the entry sits (`checks[2]`)
 * @param path - the issue's path inside it (`params.port`, `(root)`)
 * @returns the full path's segments
 */
export function joinPath(prefix: readonly (string | number)[], path: string): (string | number)[] {
  return [...prefix, ...parsePath(path)];
}
