import {
  type BaseUnit,
  escapeHelp,
  escapeLabelValue,
  formatValue,
  prometheusBaseUnit,
  prometheusLabelName,
  prometheusName,
} from './prometheus-naming.js';
import type { Family } from './series-groups.js';
import type { SeriesIndex } from './series-index.js';
import type { SeriesMeta } from './series-meta.js';
import type { StringTable } from './string-table.js';
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

function familyName(name: string, meta: SeriesMeta): string {
  const key = `${name}\0${meta.unit ?? ''}\0${meta.type}`;
  return familyNames.get(key) ?? remember(familyNames, key, prometheusName(name, prometheusBaseUnit(meta.unit).unit, meta.type));
}

const baseUnits = new Map<string, BaseUnit>();

/** The value scale of a unit (times to seconds, sizes to bytes), cached per unit. */
function baseUnitOf(unit: string | undefined): BaseUnit {
  if (unit === undefined) return { unit, mul: 1, div: 1 };
  let base = baseUnits.get(unit);
  if (base === undefined) {
    if (baseUnits.size >= CACHE_LIMIT) baseUnits.clear();
    base = prometheusBaseUnit(unit);
    baseUnits.set(unit, base);
  }
  return base;
}

/**
 * Text fragments per interned string, built the first time a string is rendered and kept
 * while the string is: `{name="` and `,name="` for a label name ('' when the name needs
 * sanitizing, which sends the series down the slow path), `value"` (escaped) for a value,
 * and `,name="value"` / `,name="value"} ` for a value with the name it was last seen with.
 * A line is then three or four concatenations, with no per-series cache to build or hold.
 */
interface Fragments {
  open: (string | undefined)[];
  sep: (string | undefined)[];
  value: (string | undefined)[];
  pair: (string | undefined)[];
  /** `,name="value"} `: the pair closing the label set. */
  last: (string | undefined)[];
  /**
   * The label name each `pair` and `last` fragment was built with. Kept as the string, not
   * its id: a name's id can be freed and given to another name while the value lives on.
   */
  pairKey: (string | undefined)[];
}

const fragmentsByTable = new WeakMap<StringTable, Fragments>();

function fragmentsOf(strings: StringTable): Fragments {
  let fragments = fragmentsByTable.get(strings);
  if (fragments === undefined) {
    fragments = { open: [], sep: [], value: [], pair: [], last: [], pairKey: [] };
    strings.caches.push(fragments.open, fragments.sep, fragments.value, fragments.pair, fragments.last);
    fragmentsByTable.set(strings, fragments);
  }
  return fragments;
}

/** Label text when some names need sanitizing: colliding names are merged with `;` (as the OTel specification requires). */
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
 * Renders the newest value of every series (or of one asset's) as Prometheus text format
 * 0.0.4: one `# HELP` and `# TYPE` per family, the family's series together, families sorted
 * by name, label names sorted, no timestamps. A series whose family name is already taken by
 * another type is left out (a conflicting `# TYPE` would make the whole scrape invalid).
 *
 * @param index - the series
 * @param metas - interned metadata by id
 * @param asset - only this asset's series, when given
 * @returns the exposition text
 */
export function renderExposition(index: SeriesIndex, metas: readonly SeriesMeta[], asset: string | undefined): string {
  const assetId = asset === undefined ? -1 : index.strings.id(asset);
  if (assetId === undefined) return '';
  const t = index.table;
  const strings = index.strings.strings;
  const { open, sep, value, pair, last, pairKey } = fragmentsOf(index.strings);
  const valueText = (id: number): string => {
    let text = value[id];
    if (text === undefined) {
      text = `${escapeLabelValue(strings[id] as string)}"`;
      value[id] = text;
    }
    return text;
  };
  const keyText = (id: number, first: boolean): string => {
    let text = first ? open[id] : sep[id];
    if (text === undefined) {
      const key = strings[id] as string;
      const clean = labelName(key) === key;
      open[id] = clean ? `{${key}="` : '';
      sep[id] = clean ? `,${key}="` : '';
      text = (first ? open[id] : sep[id]) as string;
    }
    return text;
  };
  const pairText = (key: number, id: number, closing: boolean): string => {
    let text = closing ? last[id] : pair[id];
    if (text === undefined || pairKey[id] !== strings[key]) {
      const k = keyText(key, false);
      pair[id] = k === '' ? '' : k + valueText(id);
      last[id] = k === '' ? '' : `${pair[id]}} `;
      pairKey[id] = strings[key];
      text = (closing ? last[id] : pair[id]) as string;
    }
    return text;
  };
  const data = index.labels.data;
  const groups = index.groups;
  const texts = new Map<string, FamilyText>();
  // `family{asset="…"` per group, for this render: most label names sort after `asset`.
  const groupPrefix: string[] = [];
  const groupPrefixMeta: number[] = [];
  const prefixOf = (g: number, metaId: number, prom: string): string => {
    let prefix = groupPrefix[g];
    if (prefix === undefined || groupPrefixMeta[g] !== metaId) {
      prefix = `${prom}{asset="${valueText(groups.asset[g]!)}`;
      groupPrefix[g] = prefix;
      groupPrefixMeta[g] = metaId;
    }
    return prefix;
  };
  for (const family of index.families.values()) {
    let s = family.head;
    if (assetId >= 0) {
      const g = groups.find(family.id, assetId);
      s = g < 0 ? -1 : groups.head[g]!;
    }
    let textMeta = -1;
    let text: FamilyText | undefined;
    let prom = '';
    let body = '';
    let mul = 1;
    let div = 1;
    for (; s >= 0; s = assetId >= 0 ? t.grpNext[s]! : t.famNext[s]!) {
      if (t.count[s] === 0) continue;
      const metaId = t.meta[s]!;
      if (metaId !== textMeta) {
        // A family's series nearly always share one meta; look the text up only when it changes.
        if (text !== undefined) text.body += body;
        body = '';
        textMeta = metaId;
        text = familyText(texts, family, metas[metaId] as SeriesMeta);
        prom = text === undefined ? '' : familyName(family.name, metas[metaId] as SeriesMeta);
        ({ mul, div } = baseUnitOf((metas[metaId] as SeriesMeta).unit));
      }
      if (text === undefined) continue;
      const at = t.labelAt[s]!;
      const n = t.labelLen[s]!;
      const g = t.group[s]!;
      let line: string;
      let slow = false;
      if (n === 0) {
        line = `${prefixOf(g, metaId, prom)}} `;
      } else if ((strings[data[at]!] as string) > 'asset') {
        line = prefixOf(g, metaId, prom);
        for (let i = 0; i < n; i++) {
          const p = pairText(data[at + 2 * i]!, data[at + 2 * i + 1]!, i === n - 1);
          if (p === '') slow = true;
          line += p;
        }
      } else {
        line = prom;
        let i = 0;
        for (; i < n && (strings[data[at + 2 * i]!] as string) < 'asset'; i++) {
          const key = keyText(data[at + 2 * i]!, i === 0);
          if (key === '') slow = true;
          line += key + valueText(data[at + 2 * i + 1]!);
        }
        line += `,asset="${valueText(groups.asset[g]!)}`;
        for (; i < n; i++) {
          const p = pairText(data[at + 2 * i]!, data[at + 2 * i + 1]!, false);
          if (p === '') slow = true;
          line += p;
        }
        line += '} ';
      }
      if (slow) line = `${prom}{${slowLabels(index.labelsOf(s))}} `;
      // Value and newline first: a short concatenation is a flat string, not another rope node.
      body += line;
      const value = t.latestValue(s);
      body += `${formatValue(mul === 1 && div === 1 ? value : (value * mul) / div)}\n`;
    }
    if (text !== undefined) text.body += body;
  }
  let out = '';
  for (const name of [...texts.keys()].sort()) {
    const family = texts.get(name) as FamilyText;
    out += `# HELP ${name} ${escapeHelp(family.help)}\n# TYPE ${name} ${family.type}\n${family.body}`;
  }
  return out;
}

/** The text a series of this family and meta goes to, or undefined when its Prometheus family has another type. */
function familyText(texts: Map<string, FamilyText>, family: Family, meta: SeriesMeta): FamilyText | undefined {
  const name = familyName(family.name, meta);
  let text = texts.get(name);
  if (text === undefined) {
    text = { type: meta.type, help: meta.description ?? family.name, body: '' };
    texts.set(name, text);
  }
  return text.type === meta.type ? text : undefined;
}
