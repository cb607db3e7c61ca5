import type { WardenError } from '@warden/core';
import type { Varbind } from './varbind.js';

/** What a walk returned: the varbinds got, and whether the subtree was read to its end. */
export interface WalkResult {
  /** The varbinds under the walked OID, in order. */
  varbinds: Varbind[];
  /** True when the walk reached the end of the subtree. */
  complete: boolean;
  /** Why the walk stopped early (deadline, timeout, a non-increasing OID), when it did. */
  problem?: WardenError;
}

/**
 * Read access to one device, bound to one collection (its deadline and abort signal). The
 * transport implements it on net-snmp; tests implement it on recorded walks.
 */
export interface SnmpReader {
  /** The device as messages name it: `sw-1 (10.0.0.2:161)`. */
  readonly device: string;
  /** The SNMP version in use (SNMPv1 has no Counter64). */
  readonly version: '1' | '2c' | '3';
  /**
   * GETs the OIDs in one request.
   *
   * @param oids - numeric OIDs
   * @returns one varbind per OID, in order (exceptions such as noSuchObject as varbinds)
   * @throws WardenError `ERR_TIMEOUT`, `ERR_AUTH`, `ERR_UNREACHABLE`, `ERR_PROTOCOL` or `ERR_ABORTED`
   */
  get(oids: readonly string[]): Promise<Varbind[]>;
  /**
   * Walks a subtree. Never throws for a failure after the start: the varbinds got so far are
   * kept and `problem` says what stopped it.
   *
   * @param oid - the subtree root
   * @returns the varbinds and whether the walk completed
   * @throws WardenError `ERR_ABORTED` when the collection's signal fires
   */
  walk(oid: string): Promise<WalkResult>;
  /**
   * Reads chosen columns of a table, several columns per request. Optional: without it, callers
   * walk the whole table entry and keep those columns. Never throws for a failure after the
   * start, as {@link SnmpReader.walk}.
   *
   * @param entry - the table's entry OID (`1.3.6.1.2.1.2.2.1` for ifEntry)
   * @param columns - the column numbers to read
   * @returns the varbinds of those columns and whether every column was read to its end
   * @throws WardenError `ERR_ABORTED` when the collection's signal fires
   */
  walkColumns?(entry: string, columns: readonly number[]): Promise<WalkResult>;
}
