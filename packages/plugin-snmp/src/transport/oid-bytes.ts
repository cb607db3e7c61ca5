/**
 * Comparisons of OIDs still in their BER form (the content bytes of an OBJECT IDENTIFIER), so a
 * walk can check order and subtree for every varbind without making a string of each: the
 * strings would be kept until the whole walk ends, and a thousand walks in flight at once then
 * spend their time in the garbage collector copying them.
 *
 * Sub-identifiers are compared by value, not byte by byte: base 128 with continuation bits does
 * not sort by bytes once lengths differ (16383 is `ff 7f`, 16384 is `81 80 00`). The first
 * sub-identifier holds two arcs (40 × first + second), and comparing it as one number orders
 * them the same way.
 */

/**
 * Compares two encoded OIDs arc by arc.
 *
 * @param a - buffer holding the first OID
 * @param aFrom - where its content bytes start
 * @param aTo - where they end
 * @param b - buffer holding the second OID
 * @param bFrom - where its content bytes start
 * @param bTo - where they end
 * @returns negative, zero or positive as the first sorts before, equal to or after the second
 */
export function compareOidBytes(a: Buffer, aFrom: number, aTo: number, b: Buffer, bFrom: number, bTo: number): number {
  // Neighbours in a walk share most of their bytes: skip those, back to the start of the arc
  // they differ in, and compare arcs by value from there.
  let i = aFrom;
  let j = bFrom;
  while (i < aTo && j < bTo && a[i] === b[j]) {
    i++;
    j++;
  }
  while (i > aFrom && (a[i - 1] as number) >= 0x80) {
    i--;
    j--;
  }
  while (i < aTo && j < bTo) {
    let x = 0;
    let byte: number;
    do {
      byte = a[i++] as number;
      x = x * 128 + (byte & 0x7f);
    } while (byte >= 0x80 && i < aTo);
    let y = 0;
    do {
      byte = b[j++] as number;
      y = y * 128 + (byte & 0x7f);
    } while (byte >= 0x80 && j < bTo);
    if (x !== y) return x - y;
  }
  return (i < aTo ? 1 : 0) - (j < bTo ? 1 : 0);
}

/**
 * Compares an encoded OID with a dotted one, arc by arc, without decoding either to an array.
 *
 * @param buf - buffer holding the encoded OID
 * @param from - where its content bytes start
 * @param to - where they end
 * @param text - a numeric OID, no leading dot
 * @returns negative, zero or positive as the encoded OID sorts before, equal to or after `text`
 */
export function compareOidWithText(buf: Buffer, from: number, to: number, text: string): number {
  let i = from;
  let j = 0;
  // The first sub-identifier yields two arcs; `second` holds the second until it is compared.
  let second = -1;
  for (;;) {
    const bufDone = second < 0 && i >= to;
    const textDone = j >= text.length;
    if (bufDone || textDone) return (bufDone ? 0 : 1) - (textDone ? 0 : 1);
    let x: number;
    if (second >= 0) {
      x = second;
      second = -1;
    } else {
      x = 0;
      let byte: number;
      do {
        byte = buf[i++] as number;
        x = x * 128 + (byte & 0x7f);
      } while (byte >= 0x80 && i < to);
      if (j === 0) {
        // the first sub-identifier: 40 × first arc + second arc
        const top = x < 80 ? Math.floor(x / 40) : 2;
        second = x - top * 40;
        x = top;
      }
    }
    let y = 0;
    for (let c = text.charCodeAt(j); j < text.length && c !== 46; c = text.charCodeAt(++j)) y = y * 10 + (c - 48);
    j++;
    if (x !== y) return x - y;
  }
}

/**
 * Whether an encoded OID lies strictly under a subtree: its content bytes start with the
 * root's and go on. Exact on bytes, because every sub-identifier's encoding ends with a byte
 * below 0x80, so one arc's bytes are never the start of another's.
 *
 * @param buf - buffer holding the encoded OID
 * @param from - where its content bytes start
 * @param to - where they end
 * @param root - the subtree root's content bytes (at least two arcs)
 * @returns true for an OID below the root
 */
export function isUnderBytes(buf: Buffer, from: number, to: number, root: Uint8Array): boolean {
  const length = root.length;
  if (to - from <= length) return false;
  for (let k = 0; k < length; k++) if (buf[from + k] !== root[k]) return false;
  return true;
}
