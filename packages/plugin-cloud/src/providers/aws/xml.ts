/** An XML element: name without namespace prefix, child elements, and its text. */
export interface XmlNode {
  /** Local name. */
  name: string;
  /** Child elements in order. */
  children: XmlNode[];
  /** Concatenated text content (entities decoded), trimmed. */
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (_m, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)))
      : (ENTITIES[e] ?? ''),
  );
}

/**
 * Parses the XML AWS query/EC2 APIs answer with: elements, text, CDATA, entities; attributes,
 * comments, processing instructions and the prolog are skipped. Not a general XML parser.
 *
 * @param xml - the document
 * @returns the root element
 * @throws Error when tags do not nest or there is no root element
 */
export function parseXml(xml: string): XmlNode {
  const root: XmlNode = { name: '#document', children: [], text: '' };
  const stack: XmlNode[] = [root];
  const token =
    /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<\/\s*([\w.:-]+)\s*>|<([\w.:-]+)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)|(<)/g;
  for (let m = token.exec(xml); m !== null; m = token.exec(xml)) {
    const top = stack[stack.length - 1] as XmlNode;
    if (m[1] !== undefined) top.text += m[1];
    else if (m[2] !== undefined) {
      const name = m[2].replace(/^.*:/, '');
      if (stack.length < 2 || top.name !== name) throw new Error(`unexpected </${m[2]}> at offset ${m.index}`);
      top.text = top.text.trim();
      stack.pop();
    } else if (m[3] !== undefined) {
      const node: XmlNode = { name: m[3].replace(/^.*:/, ''), children: [], text: '' };
      top.children.push(node);
      if (m[5] !== '/') stack.push(node);
    } else if (m[6] !== undefined) top.text += decode(m[6]);
    else if (m[7] !== undefined) throw new Error(`malformed markup at offset ${m.index}`);
  }
  if (stack.length !== 1) throw new Error(`unclosed <${(stack[stack.length - 1] as XmlNode).name}>`);
  const [first] = root.children;
  if (!first || root.children.length !== 1 || root.text.trim() !== '') throw new Error('expected exactly one root element');
  return first;
}

/**
 * The first child element with this name.
 *
 * @param node - parent
 * @param name - local name
 * @returns the child, if any
 */
export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((c) => c.name === name);
}

/**
 * Follows a path of child names.
 *
 * @param node - start
 * @param names - child names in order
 * @returns the element at the end, if every step exists
 */
export function path(node: XmlNode | undefined, ...names: string[]): XmlNode | undefined {
  let at = node;
  for (const name of names) at = child(at, name);
  return at;
}

/**
 * The text of the child at a path.
 *
 * @param node - start
 * @param names - child names in order
 * @returns the text, or undefined when absent
 */
export function text(node: XmlNode | undefined, ...names: string[]): string | undefined {
  return path(node, ...names)?.text;
}

/**
 * The `<item>` (EC2) or `<member>` (query APIs) entries of a list element.
 *
 * @param node - the list element
 * @returns its entries
 */
export function items(node: XmlNode | undefined): XmlNode[] {
  return node?.children.filter((c) => c.name === 'item' || c.name === 'member') ?? [];
}
