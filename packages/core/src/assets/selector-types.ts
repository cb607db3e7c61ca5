import type { Asset, Lifecycle } from './types.js';

/** A label condition in the object form of a selector. */
export type LabelCondition =
  /** The label equals this value. */
  | string
  /** The label equals one of these values. */
  | readonly string[]
  /** The label is absent, or its value is not among these. */
  | NotCondition
  /** The label is present (`true`) or absent (`false`), whatever its value. */
  | ExistsCondition;

/** A label condition that holds when the label is absent or its value is not among these. */
export interface NotCondition {
  /** The values the label must not have. */
  not: string | readonly string[];
}

/** A label condition on presence alone. */
export interface ExistsCondition {
  /** `true`: the label is present; `false`: it is absent. */
  exists: boolean;
}

/**
 * The object form of a selector. Every condition given must hold (AND); `{}` matches every
 * asset. An empty list matches nothing (`ids: []` selects no asset).
 */
export interface SelectorObject {
  /** The asset's id is one of these. */
  ids?: readonly string[];
  /** The asset's kind is this one, or one of these. */
  kind?: string | readonly string[];
  /** Conditions on labels, by label name. */
  labels?: Readonly<Record<string, LabelCondition>>;
  /** The asset's lifecycle is this one, or one of these (a missing lifecycle is `active`). */
  lifecycle?: Lifecycle | readonly Lifecycle[];
}

/**
 * Which assets something applies to: the object form, or the string form
 * `"kind=host,site in (ams1,ams2),!canary"`, or `'*'` for every asset.
 * See docs/concepts/selectors.md for the grammar.
 */
export type Selector = string | SelectorObject;

/** How a requirement compares. `=` parses to `in` with one value, `!=` to `notin`. */
export type SelectorOperator = 'in' | 'notin' | 'exists' | 'absent';

/** One condition of a parsed selector. */
export interface SelectorRequirement {
  /** A label name, or one of the pseudo-labels `id`, `kind`, `lifecycle`. */
  readonly key: string;
  /** The comparison. */
  readonly operator: SelectorOperator;
  /** The values for `in`/`notin`; empty for `exists`/`absent`. */
  readonly values: readonly string[];
}

/** A selector in its normalized form: every requirement must hold; none means "every asset". */
export interface ParsedSelector {
  /** The conditions, in the order written. */
  readonly requirements: readonly SelectorRequirement[];
}

/** A selector compiled once for fast matching. */
export interface CompiledSelector {
  /** Whether the asset satisfies every requirement. */
  matches(asset: Asset): boolean;
  /** The canonical string form (`*` when it matches everything); parsing it gives the same selector. */
  toString(): string;
  /** The parsed requirements. */
  readonly requirements: readonly SelectorRequirement[];
}

/** Options for parsing and compiling selectors. */
export interface SelectorOptions {
  /**
   * Where the selector was written, used as the path in errors (`checks[2].assets`).
   * @defaultValue `'selector'`
   */
  where?: string;
}
