import type { Logger, WardenError } from '@warden/core';
import type { SnmpReader, WalkResult } from '../reader.js';
import type { Varbind } from '../varbind.js';

/** Chosen columns of one table, read with {@link SnmpReader.walkColumns} where the reader has it. */
export interface TableColumns {
  /** The table's entry OID. */
  entry: string;
  /** Column numbers to read. */
  columns: readonly number[];
}

function readOne(reader: SnmpReader, target: string | TableColumns): Promise<WalkResult> {
  if (typeof target === 'string') return reader.walk(target);
  if (reader.walkColumns) return reader.walkColumns(target.entry, target.columns);
  // A reader without column reads (recorded walks): the whole entry, every column kept.
  return reader.walk(target.entry);
}

/** The walks of one collection: subtree → varbinds, and what could not be read. */
export interface Walks {
  /** Varbinds per walked subtree or table entry (possibly partial). */
  byOid: Map<string, Varbind[]>;
  /** Why some subtrees are incomplete. */
  problems: WardenError[];
}

/**
 * Walks several subtrees at once (the device's concurrency gate, `concurrencyPerDevice`, bounds
 * the requests in flight) and keeps partial results. Throws only when nothing at all could be
 * read, so one slow table does not cost the others.
 *
 * @param reader - the device
 * @param oids - subtrees to walk, or tables' columns to read (keyed by their entry OID)
 * @param logger - receives one warning naming what is missing
 * @returns the varbinds per subtree and the problems
 * @throws WardenError the first problem, when every walk came back empty and at least one failed
 */
export async function walkAll(reader: SnmpReader, oids: ReadonlyArray<string | TableColumns>, logger?: Logger): Promise<Walks> {
  const byOid = new Map<string, Varbind[]>();
  const problems: WardenError[] = [];
  const results = await Promise.all(oids.map((oid) => readOne(reader, oid)));
  oids.forEach((oid, k) => {
    const result = results[k] as WalkResult;
    byOid.set(typeof oid === 'string' ? oid : oid.entry, result.varbinds);
    if (result.problem) problems.push(result.problem);
  });
  const total = [...byOid.values()].reduce((n, list) => n + list.length, 0);
  if (problems.length > 0) {
    if (total === 0) throw problems[0];
    logger?.warn({ device: reader.device, missing: problems.map((p) => p.message) }, `${reader.device}: partial collection`);
  }
  return { byOid, problems };
}

/**
 * Maps a raw Integer32 that agents overflow (HOST-RESOURCES sizes on big disks) back to unsigned.
 *
 * @param value - the raw value
 * @returns the value, plus 2³² when it was negative
 */
export function unsigned32(value: number): number {
  return value < 0 ? value + 4_294_967_296 : value;
}
