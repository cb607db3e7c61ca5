/**
 * Parses an AWS shared credentials or config file: `[section]` headers and `key = value`
 * lines; `#` and `;` start comments; indented lines (nested `s3 =` blocks) are skipped.
 *
 * @param text - the file
 * @returns sections by name (`default`, `profile dev` as written)
 */
export function parseIni(text: string): Map<string, Record<string, string>> {
  const sections = new Map<string, Record<string, string>>();
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s/.test(raw) && current && raw.trim() !== '') continue;
    const line = raw.replace(/\s[#;].*$/, '').trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      current = sections.get(header[1] as string) ?? {};
      sections.set(header[1] as string, current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0 && current) current[line.slice(0, eq).trim().toLowerCase()] = line.slice(eq + 1).trim();
  }
  return sections;
}
