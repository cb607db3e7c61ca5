import type { PagePool } from './page-pool.js';
import { escapeHelp, escapeLabelValue, formatValue, prometheusLabelName, prometheusName } from './prometheus-naming.js';
import type { Series } from './series.js';
import type { Labels, MetricType } from './types.js';

// Names and label names repeat across many series; translate each once.
const familyNames = new Map<string, string>();
const labelNames = new Map<string, string>();
const CACHE_LIMIT = 10_000;

function cached(cache: Map<string, string>, key: string, make: () => string): string {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    value = make();
    cache.set(key, value);
  }
  return value;
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
  const family = cached(familyNames, `${name}\0${meta.unit ?? ''}\0${meta.type}`, () => prometheusName(name, meta.unit, meta.type));
  // Stored label sets are sorted; when every name is already a valid Prometheus name the
  // order and the names carry over unchanged (the common case).
  let text = '';
  for (const key in labels) {
    if (cached(labelNames, key, () => prometheusLabelName(key)) !== key) {
      text = slowLabels(labels);
      break;
    }
    text += `${text === '' ? '' : ','}${key}="${escapeLabelValue(labels[key] as string)}"`;
  }
  series.family = family;
  series.prefix = `${family}{${text}} `;
}

/** Label text when some names need sanitizing: colliding names are merged with `;`. */
function slowLabels(labels: Labels): string {
  const merged = new Map<string, string>();
  for (const key of Object.keys(labels).sort()) {
    const promKey = cached(labelNames, key, () => prometheusLabelName(key));
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
