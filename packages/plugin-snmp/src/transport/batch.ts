import { compareOids, isUnder, type Varbind } from '../varbind.js';
import { encodeOid } from './ber.js';

/** A subtree root in both forms: dotted for decoded varbinds, encoded for answers still in BER. */
export interface OidRoot {
  /** Numeric OID, no leading dot. */
  readonly text: string;
  /** Its BER content bytes. */
  readonly bytes: Buffer;
}

/**
 * @param text - numeric OID, no leading dot
 * @returns the root in both forms
 */
export function oidRoot(text: string): OidRoot {
  return { text, bytes: encodeOid(text) };
}

/**
 * The varbinds of one answer as a walk reads them: type, order and subtree of each, and the
 * varbind itself only for those it keeps. The plugin's own v1/v2c answers implement it on the
 * datagram (`CommunityResponse`: nothing decoded until asked, so a walk compares OIDs on their
 * bytes and never decodes the varbind past a subtree's end); SNMPv3 answers, which net-snmp
 * decodes, through {@link ListBatch}.
 */
export interface VarbindBatch {
  /** How many varbinds the answer has. */
  readonly length: number;
  /** @returns varbind i's type tag */
  type(i: number): number;
  /** @returns whether varbind i's OID is below `root` */
  isUnder(i: number, root: OidRoot): boolean;
  /** @returns varbind i's OID compared with `oid` (negative: before) */
  compareTo(i: number, oid: string): number;
  /** @returns varbind i's OID compared with varbind j's */
  compareWithin(i: number, j: number): number;
  /** @returns varbind i's OID */
  oid(i: number): string;
  /** @returns varbind i */
  varbind(i: number): Varbind;
}

/** Varbinds already decoded (net-snmp's), as a {@link VarbindBatch}. */
export class ListBatch implements VarbindBatch {
  /** @param list - the varbinds */
  constructor(readonly list: readonly Varbind[]) {}

  get length(): number {
    return this.list.length;
  }

  type(i: number): number {
    return (this.list[i] as Varbind).type;
  }

  isUnder(i: number, root: OidRoot): boolean {
    return isUnder((this.list[i] as Varbind).oid, root.text);
  }

  compareTo(i: number, oid: string): number {
    return compareOids((this.list[i] as Varbind).oid, oid);
  }

  compareWithin(i: number, j: number): number {
    return compareOids((this.list[i] as Varbind).oid, (this.list[j] as Varbind).oid);
  }

  oid(i: number): string {
    return (this.list[i] as Varbind).oid;
  }

  varbind(i: number): Varbind {
    return this.list[i] as Varbind;
  }
}
