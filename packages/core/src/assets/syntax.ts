/**
 * The character rules shared by asset validation and the selector parser. They are chosen so
 * that every id and label name can be written in a string selector without quoting
 * (`id=aws:eu-west-1/i-0abc`, `rack.row=3`), while `,`, `(`, `)`, `=`, `!`, spaces and `*`
 * stay free for the selector syntax.
 */

/**
 * An asset id: 1–253 characters of letters, digits and `. _ : / @ -`, starting with a letter,
 * a digit or `_` (`web-1`, `10.0.0.2`, `aws:eu-west-1/i-0abc`, `ups@dc1`).
 */
export const ASSET_ID_PATTERN: RegExp = /^[A-Za-z0-9_][A-Za-z0-9._:/@-]{0,252}$/;

/**
 * A label or fact name: 1–128 characters of letters, digits and `_ . / -`, starting with a
 * letter or `_` but not with `__` (reserved, as in Prometheus). Dots, dashes and slashes are
 * allowed so cloud tags and Kubernetes-style names (`app.kubernetes.io/name`) fit.
 */
export const LABEL_NAME_PATTERN: RegExp = /^(?!__)[A-Za-z_][A-Za-z0-9_./-]{0,127}$/;

/**
 * Names selectors read from the asset itself rather than its labels (`kind=host`, `id=web-1`,
 * `lifecycle=retired`); an asset cannot have labels with these names.
 */
export const PSEUDO_LABELS: ReadonlySet<string> = new Set(['id', 'kind', 'lifecycle']);

/** The lifecycle values, in their natural order. */
export const LIFECYCLES = ['planned', 'active', 'retired'] as const;

/** What {@link ASSET_ID_PATTERN} allows, in words, for error messages. */
export const ASSET_ID_RULE = 'must be 1–253 characters of letters, digits and . _ : / @ -, starting with a letter, digit or _';

/** What {@link LABEL_NAME_PATTERN} allows, in words, for error messages. */
export const LABEL_NAME_RULE =
  'must be 1–128 characters of letters, digits and _ . / -, starting with a letter or _ (a leading __ is reserved)';
