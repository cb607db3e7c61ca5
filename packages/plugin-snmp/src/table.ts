import type { Varbind } from './varbind.js';

/**
 * One conceptual row of an SNMP table: its varbinds by column number. An array by column, not a
 * Map: a poll of a thousand switches builds tens of thousands of rows.
 */
export class TableRow {
  readonly #columns: (Varbind | undefined)[] = [];

  /**
   * @param column - the column number
   * @returns the row's varbind in that column, if it has one
   */
  get(column: number): Varbind | undefined {
    return this.#columns[column];
  }

  /**
   * Puts a varbind in a column.
   *
   * @param column - the column number
   * @param varbind - the varbind
   */
  set(column: number, varbind: Varbind): void {
    this.#columns[column] = varbind;
  }
}

/**
 * Groups the varbinds of a walked table entry (`…ifEntry` = `1.3.6.1.2.1.2.2.1`) into rows keyed
 * by the index suffix (`'3'`, or `'1.4.10.0.0.1'` for composite indexes), in first-seen order.
 *
 * @param varbinds - varbinds under `entryOid`
 * @param entryOid - the table's entry OID (column numbers follow it)
 * @returns index → row
 */
export function tableRows(varbinds: Iterable<Varbind>, entryOid: string): Map<string, TableRow> {
  const rows = new Map<string, TableRow>();
  const prefix = `${entryOid}.`;
  const start = prefix.length;
  for (const varbind of varbinds) {
    const oid = varbind.oid;
    if (!oid.startsWith(prefix)) continue;
    // Column number and index read in place: one string (the index) per varbind, on the hot path.
    const dot = oid.indexOf('.', start);
    if (dot <= start) continue;
    let column = 0;
    for (let i = start; i < dot; i++) column = column * 10 + oid.charCodeAt(i) - 48;
    const index = oid.slice(dot + 1);
    let row = rows.get(index);
    if (!row) {
      row = new TableRow();
      rows.set(index, row);
    }
    row.set(column, varbind);
  }
  return rows;
}

/**
 * Indexes the varbinds of one walked column by their index suffix.
 *
 * @param varbinds - varbinds under `columnOid`
 * @param columnOid - the column's OID
 * @returns index → varbind
 */
export function columnByIndex(varbinds: Iterable<Varbind>, columnOid: string): Map<string, Varbind> {
  const out = new Map<string, Varbind>();
  const prefix = `${columnOid}.`;
  for (const varbind of varbinds) if (varbind.oid.startsWith(prefix)) out.set(varbind.oid.slice(prefix.length), varbind);
  return out;
}
