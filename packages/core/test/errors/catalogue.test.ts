import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../src/errors/codes.js';

// docs/errors.md is the catalogue users read: a row per code (code, meaning, what to do).
const CATALOGUE = new URL('../../../../docs/errors.md', import.meta.url);
const text = readFileSync(CATALOGUE, 'utf8');
const codes: string[] = Object.values(ErrorCodes);

/** Cells of each table row whose first cell is a code in backticks. */
function catalogueRows(markdown: string): { code: string; cells: string[] }[] {
  const rows: { code: string; cells: string[] }[] = [];
  for (const line of markdown.split('\n')) {
    if (!line.trimStart().startsWith('|')) continue;
    const cells = line
      .trim()
      .replace(/^\||\|$/g, '')
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim());
    const code = /^`(ERR_[A-Z0-9_]+)`$/.exec(cells[0] ?? '')?.[1];
    if (code) rows.push({ code, cells });
  }
  return rows;
}

const rows = catalogueRows(text);

describe('errors catalogue (docs/errors.md)', () => {
  it('has exactly one row for every code in ErrorCodes', () => {
    const missing = codes.filter((code) => !rows.some((row) => row.code === code));
    expect(missing, 'codes without a row in docs/errors.md').toEqual([]);
    const duplicated = rows.map((row) => row.code).filter((code, i, all) => all.indexOf(code) !== i);
    expect(duplicated, 'codes with more than one row').toEqual([]);
  });

  it('names no code that does not exist, in the table or anywhere in the text', () => {
    const unknownRows = rows.map((row) => row.code).filter((code) => !codes.includes(code));
    expect(unknownRows, 'rows naming unknown codes').toEqual([]);
    const mentioned = [...new Set(text.match(/\bERR_[A-Z0-9_]+\b/g) ?? [])];
    expect(
      mentioned.filter((code) => !codes.includes(code)),
      'unknown codes mentioned',
    ).toEqual([]);
  });

  it('says, for every code, what it means and what to do', () => {
    const incomplete = rows.filter((row) => row.cells.length !== 3 || row.cells.slice(1).some((cell) => cell.length < 10));
    expect(
      incomplete.map((row) => row.code),
      'rows without a meaning and a remedy',
    ).toEqual([]);
  });

  it('keeps each code equal to its own name, so the constant and the string never drift apart', () => {
    for (const [name, value] of Object.entries(ErrorCodes)) expect(value).toBe(name);
  });
});
