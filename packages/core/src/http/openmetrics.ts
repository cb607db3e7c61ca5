/**
 * Rewrites Prometheus text format 0.0.4 (as `metrics.exposition()` renders it) into
 * OpenMetrics 1.0.0: a counter family is named without its `_total` suffix (the samples keep
 * it), `untyped` becomes `unknown`, `"` is escaped in help text, and the text ends with `# EOF`.
 *
 * @param text - Prometheus text
 * @returns OpenMetrics text
 */
export function toOpenMetrics(text: string): string {
  const lines = text.split('\n');
  const counters = new Set<string>();
  for (const line of lines) {
    if (line.startsWith('# TYPE ') && line.endsWith(' counter')) counters.add(line.slice(7, -' counter'.length));
  }
  const out: string[] = [];
  for (const line of lines) {
    if (line === '') continue;
    if (line.startsWith('# HELP ') || line.startsWith('# TYPE ')) {
      const rest = line.slice(7);
      const space = rest.indexOf(' ');
      const name = space < 0 ? rest : rest.slice(0, space);
      let tail = space < 0 ? '' : rest.slice(space + 1);
      const isType = line.startsWith('# TYPE ');
      if (isType && tail === 'untyped') tail = 'unknown';
      if (!isType) tail = tail.replace(/"/g, '\\"');
      out.push(`${line.slice(0, 7)}${familyOf(name, counters)}${tail === '' ? '' : ` ${tail}`}`);
      continue;
    }
    out.push(line);
  }
  out.push('# EOF');
  return `${out.join('\n')}\n`;
}

function familyOf(name: string, counters: ReadonlySet<string>): string {
  return counters.has(name) && name.endsWith('_total') ? name.slice(0, -'_total'.length) : name;
}
