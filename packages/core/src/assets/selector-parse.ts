import { configError } from '../errors/config-error.js';
import type { WardenError } from '../errors/warden-error.js';
import type { SelectorRequirement } from './selector-types.js';
import { LABEL_NAME_PATTERN, LABEL_NAME_RULE, LIFECYCLES, PSEUDO_LABELS } from './syntax.js';

const KEY_START = /[A-Za-z_]/;
const KEY_CHAR = /[A-Za-z0-9_./-]/;
const VALUE_CHAR = /[A-Za-z0-9._:/@-]/;
const SPACE = /\s/;

/**
 * Builds the `ERR_CONFIG_INVALID` for a selector that does not parse, quoting it and pointing
 * at the column (1-based).
 *
 * @param text - the selector as written
 * @param column - 1-based column of the problem
 * @param message - what was expected or is wrong there
 * @param where - where the selector was written
 * @returns the error, ready to throw
 */
export function selectorSyntaxError(text: string, column: number, message: string, where: string): WardenError {
  const pointer = `  ${text}\n  ${' '.repeat(Math.max(0, column - 1))}^`;
  return configError(`selector ${JSON.stringify(text)}`, [{ path: where, message: `at column ${column}: ${message}` }], pointer);
}

/**
 * Parses the string form of a selector, in the manner of Kubernetes label selectors.
 * `'*'` parses to no requirement (every asset); an empty string is refused, so a blank
 * setting never selects the whole estate by accident.
 *
 * @param text - e.g. `"kind=host,site in (ams1,ams2),!canary"`
 * @param where - where the selector was written, for errors
 * @returns the requirements, in the order written
 * @throws WardenError `ERR_CONFIG_INVALID` quoting the selector with the column of the problem
 */
export function parseSelectorString(text: string, where: string): SelectorRequirement[] {
  let pos = 0;
  const fail = (at: number, message: string): never => {
    throw selectorSyntaxError(text, at + 1, message, where);
  };
  const skipSpace = (): void => {
    while (pos < text.length && SPACE.test(text[pos] as string)) pos++;
  };
  const describe = (): string => {
    if (pos >= text.length) return 'end of selector';
    const token = /^[A-Za-z0-9._:/@-]+/.exec(text.slice(pos))?.[0] ?? text[pos];
    return `'${token}'`;
  };
  const readWhile = (pattern: RegExp): string => {
    const start = pos;
    while (pos < text.length && pattern.test(text[pos] as string)) pos++;
    return text.slice(start, pos);
  };

  const readKey = (): { key: string; at: number } => {
    const at = pos;
    if (pos >= text.length || !KEY_START.test(text[pos] as string)) fail(at, `expected a label name, found ${describe()}`);
    const key = readWhile(KEY_CHAR);
    if (!LABEL_NAME_PATTERN.test(key)) fail(at, `label name \`${key}\` ${LABEL_NAME_RULE}`);
    return { key, at };
  };

  const readValue = (key: string): string => {
    const at = pos;
    let value: string;
    if (text[pos] === '"') {
      pos++;
      value = '';
      while (pos < text.length && text[pos] !== '"') {
        if (text[pos] === '\\' && pos + 1 < text.length) pos++;
        value += text[pos++];
      }
      if (pos >= text.length) fail(at, 'unterminated quoted value: add the closing "');
      pos++;
    } else {
      value = readWhile(VALUE_CHAR);
      if (value === '') fail(at, `expected a value, found ${describe()} (quote values with other characters: "a b")`);
    }
    if (key === 'lifecycle' && !(LIFECYCLES as readonly string[]).includes(value))
      fail(at, `lifecycle is one of ${LIFECYCLES.join(', ')}, not \`${value}\``);
    return value;
  };

  const readList = (key: string): string[] => {
    if (text[pos] !== '(') fail(pos, `expected '(' after the operator, found ${describe()}`);
    pos++;
    skipSpace();
    const values: string[] = [];
    if (text[pos] === ')') {
      pos++;
      return values;
    }
    for (;;) {
      values.push(readValue(key));
      skipSpace();
      if (text[pos] === ')') break;
      if (text[pos] !== ',') fail(pos, `expected ',' or ')', found ${describe()}`);
      pos++;
      skipSpace();
    }
    pos++;
    return values;
  };

  const readRequirement = (): SelectorRequirement => {
    if (text[pos] === '!') {
      pos++;
      skipSpace();
      const { key, at } = readKey();
      if (PSEUDO_LABELS.has(key)) fail(at, `\`${key}\` is always set on an asset; compare it instead (${key}!=…)`);
      skipSpace();
      if (text[pos] === '=' || text[pos] === '(' || (text[pos] === '!' && text[pos + 1] === '='))
        fail(pos, `'!${key}' means "label absent" and takes no value; write ${key}!=value`);
      return { key, operator: 'absent', values: [] };
    }
    const { key, at } = readKey();
    skipSpace();
    const opAt = pos;
    if (text.startsWith('!=', pos) || text[pos] === '=') {
      const operator = text[pos] === '!' ? 'notin' : 'in';
      pos += text.startsWith('==', pos) || operator === 'notin' ? 2 : 1;
      skipSpace();
      return { key, operator, values: [readValue(key)] };
    }
    const word = readWhile(/[a-z]/);
    if (word === 'in' || word === 'notin') {
      skipSpace();
      return { key, operator: word, values: readList(key) };
    }
    pos = opAt;
    if (PSEUDO_LABELS.has(key)) fail(at, `\`${key}\` is always set on an asset; compare it instead (${key}=…)`);
    if (pos < text.length && text[pos] !== ',')
      fail(opAt, `expected '=', '!=', 'in', 'notin', ',' or end of selector, found ${describe()}`);
    return { key, operator: 'exists', values: [] };
  };

  skipSpace();
  if (pos >= text.length) fail(pos, "empty selector: write '*' to select every asset");
  if (text[pos] === '*') {
    pos++;
    skipSpace();
    if (pos < text.length) fail(pos, "'*' selects every asset and cannot be combined with requirements");
    return [];
  }
  const requirements: SelectorRequirement[] = [];
  for (;;) {
    requirements.push(readRequirement());
    skipSpace();
    if (pos >= text.length) return requirements;
    if (text[pos] !== ',') fail(pos, `expected ',' or end of selector, found ${describe()}`);
    pos++;
    skipSpace();
  }
}
