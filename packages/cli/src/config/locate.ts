import { type Document, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

/** Where something is in a config file: 1-based line and column. */
export interface Position {
  /** Line, from 1. */
  line: number;
  /** Column, from 1. */
  column: number;
}

/**
 * Finds the position of a path in a parsed YAML (or JSON) document: a scalar value when the
 * whole path exists, else the key of the deepest map entry on the path that exists (so a
 * missing field points at its parent, and a nested block at the line of its key), or the item.
 *
 * @param doc - the document, parsed with a line counter
 * @param lines - the line counter it was parsed with
 * @param path - segments from the document root
 * @param at - for a scalar at the path's end, point at its value (a wrong value) or its key (an unknown key)
 * @returns the position, or undefined for an empty document
 */
export function locate(
  doc: Document,
  lines: LineCounter,
  path: readonly (string | number)[],
  at: 'value' | 'key' = 'value',
): Position | undefined {
  let node: unknown = doc.contents;
  let anchor: Node | undefined = isNode(node) ? node : undefined;
  let depth = 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      if (isNode(pair.key)) anchor = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (!isNode(item)) break;
      anchor = item;
      node = item;
    } else break;
    depth++;
  }
  // A wrong value is shown at the value itself when it is a scalar on the path's end.
  if (at === 'value' && depth === path.length && isScalar(node) && isNode(node)) anchor = node;
  const offset = anchor?.range?.[0];
  if (offset === undefined) return undefined;
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'range' in value;
}
