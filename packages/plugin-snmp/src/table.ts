import type { Varbind } from './varbind.js';

/** One conceptual row of an SNMP table: column number → varbind. */
export type TableRow = Map<number, Varbind>;

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
  for (const varbind of varbinds) {
    if (!varbind.oid.startsWith(prefix)) continue;
    const rest = varbind.oid.slice(prefix.length);
    const dot = rest.indexOf('.');
    if (dot <= 0) continue;
    const column = Number(rest.slice(0, dot));
    const index = rest.slice(dot + 1);
    let row = rows.get(index);
    if (!row) {
      row = new Map();
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
