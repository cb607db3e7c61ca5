interface TrieNode {
  children: Map<string, TrieNode>;
  end: boolean;
}

const escapeChar = (ch: string): string => (/[.*+?^${}()|[\]\\]/.test(ch) ? `\\${ch}` : ch);

/**
 * Builds a regular expression source matching any of `values`, shaped as a trie
 * (`tok(?:en(?:-extended)?|yo)`), so the engine follows one branch per character instead of
 * trying every value at every position. Where a value ends inside a longer one, the longer
 * continuation is tried first (greedy `?`), so the longest value at a position is replaced whole.
 *
 * @param values - non-empty literal strings
 * @returns the pattern source, or `undefined` when there are no values
 */
export function triePattern(values: Iterable<string>): string | undefined {
  const root: TrieNode = { children: new Map(), end: false };
  let any = false;
  for (const value of values) {
    if (value === '') continue;
    any = true;
    let node = root;
    for (const ch of value.split('')) {
      let next = node.children.get(ch);
      if (next === undefined) {
        next = { children: new Map(), end: false };
        node.children.set(ch, next);
      }
      node = next;
    }
    node.end = true;
  }
  return any ? source(root) : undefined;
}

function source(node: TrieNode): string {
  const branches: string[] = [];
  for (const [ch, child] of node.children) branches.push(escapeChar(ch) + source(child));
  if (branches.length === 0) return '';
  const body = branches.length === 1 ? (branches[0] as string) : `(?:${branches.join('|')})`;
  return node.end ? `(?:${body})?` : body;
}
