import type { PagePool } from './page-pool.js';
import { escapeHelp, escapeLabelValue, formatValue, prometheusLabelName, prometheusName } from './prometheus-naming.js';
import type { Series } from './series.js';
import type { Labels, MetricType } from './types.js';

// Names and label names repeat across many series; translate each once.
const familyNames = new Map<string, string>();
const labelNames = new Map<string, string>();
const CACHE_LIMIT = 10_000;

function remember(cache: Map<string, string>, key: string, value: string): string {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

function labelName(key: string): string {
  return labelNames.get(key) ?? remember(labelNames, key, prometheusLabelName(key));
}

/**
 * Builds and caches a series' exposition prefix: `family{label="value",…} `.
 * Label names that collide after sanitizing are merged, their values joined with `;` in the
 * order of the original names (as the OTel specification requires).
 *
 * @param series - the series
 */
export function buildPrefix(series: Series): void {
  const { name, meta, labels } = series;
  const familyKey = `${name}\0${meta.unit ?? ''}\0${meta.type}`;
  const family = familyNames.get(familyKey) ?? remember(familyNames, familyKey, prometheusName(name, meta.unit, meta.type));
  // Stored label sets are sorted; when every name is already a valid Prometheus name the
  // order and the names carry over unchanged (the common case). Built with join so the
  // cached prefix is one flat string, not a tree of rope nodes.
  const parts: string[] = [family, '{'];
  for (const key in labels) {
    if (labelName(key) !== key) {
      parts.length = 2;
      parts.push(slowLabels(labels));
      break;
    }
    if (parts.length > 2) parts.push(',');
    parts.push(key, '="', escapeLabelValue(labels[key] as string), '"');
  }
  parts.push('} ');
  series.family = family;
  series.prefix = parts.join('');
}

/** Label text when some names need sanitizing: colliding names are merged with `;`. */
function slowLabels(labels: Labels): string {
  const merged = new Map<string, string>();
  for (const key of Object.keys(labels).sort()) {
    const promKey = labelName(key);
    const previous = merged.get(promKey);
    merged.set(promKey, previous === undefined ? (labels[key] as string) : `${previous};${labels[key]}`);
  }
  const parts: string[] = [];
  for (const key of [...merged.keys()].sort()) parts.push(`${key}="${escapeLabelValue(merged.get(key) as string)}"`);
  return parts.join(',');
}

interface FamilyText {
  type: MetricType;
  help: string;
  body: string;
}

/**
 * Renders series as Prometheus text format 0.0.4: one `# HELP` and `# TYPE` per family, the
 * family's series together, families sorted by name, no timestamps. A series whose family
 * name is already taken by another type is left out (a conflicting `# TYPE` would make the
 * whole scrape invalid).
 *
 * @param groups - the series to render (empty ones are skipped)
 * @param pool - where their samples live
 * @returns the exposition text
 */
export function renderExposition(groups: Iterable<Iterable<Series>>, pool: PagePool): string {
  const families = new Map<string, FamilyText>();
  for (const group of groups) {
    for (const series of group) {
      if (series.count === 0) continue;
      if (series.prefix === undefined) buildPrefix(series);
      const familyName = series.family as string;
      let family = families.get(familyName);
      if (family === undefined) {
        family = { type: series.meta.type, help: series.meta.description ?? series.name, body: '' };
        families.set(familyName, family);
      } else if (family.type !== series.meta.type) {
        continue;
      }
      family.body += `${series.prefix}${formatValue(series.latestValue(pool))}\n`;
    }
  }
  let out = '';
  for (const name of [...families.keys()].sort()) {
    const family = families.get(name) as FamilyText;
    out += `# HELP ${name} ${escapeHelp(family.help)}\n# TYPE ${name} ${family.type}\n${family.body}`;
  }
  return out;
}
