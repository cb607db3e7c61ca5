// The byte comparisons of OIDs (and CommunityResponse, which walks read through them) checked
// against the string versions that define the right answer: compareOids and isUnder.
import { describe, expect, it } from 'vitest';
import { ListBatch, oidRoot } from '../../src/transport/batch.js';
import { type CommunityResponse, decodeResponse, encodeOid } from '../../src/transport/ber.js';
import { compareOidBytes, compareOidWithText, isUnderBytes } from '../../src/transport/oid-bytes.js';
import { compareOids, isUnder, SnmpType, type Varbind } from '../../src/varbind.js';
import { berInt, rawVarbind, tlv } from '../helpers/ber-build.js';

// ─── helpers ─────────────────────────────────────────────────────────────────────────────────

/** mulberry32: a tiny seeded PRNG, so a failure reproduces run after run. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An OID's content bytes at offset `pad` of a buffer with `pad` random bytes before and after. */
function placed(oid: string, pad: number, random: () => number): { buf: Buffer; from: number; to: number } {
  const bytes = encodeOid(oid);
  const buf = Buffer.alloc(pad + bytes.length + pad);
  for (let k = 0; k < buf.length; k++) buf[k] = Math.floor(random() * 256);
  bytes.copy(buf, pad);
  return { buf, from: pad, to: pad + bytes.length };
}

/** Two OIDs' content bytes in one buffer, random bytes around and between (as in a datagram). */
function together(a: string, b: string, random: () => number): { buf: Buffer; a: [number, number]; b: [number, number] } {
  const ea = encodeOid(a);
  const eb = encodeOid(b);
  const gap = 1 + Math.floor(random() * 4);
  const buf = Buffer.alloc(gap + ea.length + gap + eb.length + gap);
  for (let k = 0; k < buf.length; k++) buf[k] = Math.floor(random() * 256);
  ea.copy(buf, gap);
  eb.copy(buf, 2 * gap + ea.length);
  return {
    buf,
    a: [gap, gap + ea.length],
    b: [2 * gap + ea.length, 2 * gap + ea.length + eb.length],
  };
}

/** The sign of a comparison, with −0 as 0 (toEqual tells them apart). */
const sign = (n: number): number => (n > 0 ? 1 : n < 0 ? -1 : 0);

/** Every byte comparison of a and b (both orders, fresh buffers and one shared buffer), signs only. */
function byteSigns(a: string, b: string, random: () => number = mulberry32(1)): Record<string, number> {
  const pa = placed(a, Math.floor(random() * 5), random);
  const pb = placed(b, Math.floor(random() * 5), random);
  const t = together(a, b, random);
  return {
    'bytes(a, b)': sign(compareOidBytes(pa.buf, pa.from, pa.to, pb.buf, pb.from, pb.to)),
    '-bytes(b, a)': 0 - sign(compareOidBytes(pb.buf, pb.from, pb.to, pa.buf, pa.from, pa.to)),
    'bytes(a, b) in one buffer': sign(compareOidBytes(t.buf, t.a[0], t.a[1], t.buf, t.b[0], t.b[1])),
    '-bytes(b, a) in one buffer': 0 - sign(compareOidBytes(t.buf, t.b[0], t.b[1], t.buf, t.a[0], t.a[1])),
    'withText(a, "b")': sign(compareOidWithText(pa.buf, pa.from, pa.to, b)),
    '-withText(b, "a")': 0 - sign(compareOidWithText(pb.buf, pb.from, pb.to, a)),
  };
}

/** What byteSigns must be: compareOids's sign in every entry. */
function expectedSigns(a: string, b: string): Record<string, number> {
  const want = sign(compareOids(a, b));
  return {
    'bytes(a, b)': want,
    '-bytes(b, a)': want,
    'bytes(a, b) in one buffer': want,
    '-bytes(b, a) in one buffer': want,
    'withText(a, "b")': want,
    '-withText(b, "a")': want,
  };
}

// ─── hand-picked pairs ───────────────────────────────────────────────────────────────────────

describe('compareOidBytes and compareOidWithText, hand-picked pairs', () => {
  const pairs: Array<[string, string, -1 | 0 | 1]> = [
    // equal
    ['1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.1.1.0', 0],
    ['1.3', '1.3', 0],
    ['2.999.4294967295', '2.999.4294967295', 0],
    // prefixes both ways
    ['1.3.6.1', '1.3.6.1.2', -1],
    ['1.3.6.1.2', '1.3.6.1', 1],
    ['1.3', '1.3.0', -1],
    ['1.3.6.1.4.1.16384', '1.3.6.1.4.1.16384.0', -1],
    ['1.3.6.1.4.1.128.0', '1.3.6.1.4.1.128', 1],
    // base-128 length boundaries
    ['1.3.127', '1.3.128', -1],
    ['1.3.128', '1.3.127', 1],
    ['1.3.16383', '1.3.16384', -1],
    ['1.3.16384', '1.3.16383', 1],
    ['1.3.2097151', '1.3.2097152', -1],
    ['1.3.268435455', '1.3.268435456', -1],
    ['1.3.4294967295', '1.3.4294967294', 1],
    ['1.3.4294967294', '1.3.4294967295', -1],
    ['1.3.127.5', '1.3.128', -1],
    ['1.3.16383.99.99', '1.3.16384', -1],
    ['1.3.0', '1.3.4294967295', -1],
    // the first sub-identifier (two arcs in one)
    ['0.39', '1.0', -1],
    ['1.0', '0.39', 1],
    ['1.39', '2.0', -1],
    ['2.47', '2.48', -1],
    ['2.48', '2.47', 1],
    ['2.100', '2.39', 1],
    ['2.999', '2.1000', -1],
    ['2.4294967295', '2.4294967294', 1],
    ['0.0', '2.4294967295', -1],
    ['1.3', '2.0', -1],
    ['2.0', '1.39.4294967295', 1],
    ['2.47.5', '2.48', -1],
    // long shared prefix, last arc differs
    ['1.3.6.1.2.1.2.2.1.10.1000', '1.3.6.1.2.1.2.2.1.10.1001', -1],
    ['1.3.6.1.2.1.31.1.1.1.6.4294967295.1', '1.3.6.1.2.1.31.1.1.1.6.4294967295.0', 1],
    ['1.3.6.1.2.1.4.20.1.1.10.0.0.255', '1.3.6.1.2.1.4.20.1.1.10.0.0.256', -1],
    // a middle multi-byte arc whose bytes match partly
    ['1.3.6.1.4.1.16383.5', '1.3.6.1.4.1.16384.1', -1],
    ['1.3.6.1.4.1.200.1', '1.3.6.1.4.1.201.1', -1],
    ['1.3.6.1.4.1.201.1', '1.3.6.1.4.1.200.9', 1],
    ['1.3.6.1.4.1.16385.0', '1.3.6.1.4.1.16384.999', 1], // 81 80 01 vs 81 80 00
    ['1.3.6.1.4.1.2097152.1', '1.3.6.1.4.1.2097153.0', -1], // 81 80 80 00 vs 81 80 80 01
    ['1.3.6.1.4.1.128.1', '1.3.6.1.4.1.1.0', 1], // 81 00 vs 01
    ['1.3.6.1.4.1.129', '1.3.6.1.4.1.16384', -1], // 81 01 vs 81 80 00
    ['1.3.6.1.4.1.16511', '1.3.6.1.4.1.129.0', 1], // 81 80 7f vs 81 01: shared lead byte
  ];

  it.each(pairs)('%s vs %s', (a, b, want) => {
    // the string version is the reference; the expected sign only guards the table itself
    expect(Math.sign(compareOids(a, b))).toBe(want);
    expect(byteSigns(a, b)).toEqual(expectedSigns(a, b));
  });

  it('compares only the bytes between from and to', () => {
    // 1.3.6.1 followed by bytes that would make it 1.3.6.1.2 or 1.3.6.1.128 if read
    const buf = Buffer.from([0xff, 0x2b, 0x06, 0x01, 0x02, 0x81, 0x00]);
    const other = encodeOid('1.3.6.1.2');
    expect(Math.sign(compareOidBytes(buf, 1, 4, other, 0, other.length))).toBe(-1);
    expect(Math.sign(compareOidBytes(other, 0, other.length, buf, 1, 4))).toBe(1);
    expect(compareOidBytes(buf, 1, 5, other, 0, other.length)).toBe(0);
    expect(compareOidWithText(buf, 1, 4, '1.3.6.1')).toBe(0);
    expect(Math.sign(compareOidWithText(buf, 1, 4, '1.3.6.1.2'))).toBe(-1);
    expect(isUnderBytes(buf, 1, 4, encodeOid('1.3.6.1'))).toBe(false);
    expect(isUnderBytes(buf, 1, 5, encodeOid('1.3.6.1'))).toBe(true);
    expect(isUnderBytes(buf, 0, 4, encodeOid('1.3.6'))).toBe(false); // 0xff before the OID
  });
});

describe('isUnderBytes, hand-picked', () => {
  const cases: Array<[string, string]> = [
    ['1.3.6.1.2.1.1.3.0', '1.3.6.1.2.1.1'],
    ['1.3.6.1.2.1.1', '1.3.6.1.2.1.1'], // itself: not strictly under
    ['1.3.6.1.2.1.10', '1.3.6.1.2.1.1'], // textual prefix, not an arc prefix
    ['1.3.6.1.2.1.1', '1.3.6.1.2.1.10'],
    ['1.3.6.1.4.1.16384.1', '1.3.6.1.4.1.128'], // 81 80 00 starts with 81 … but not 81 00
    ['1.3.6.1.4.1.128.0.1', '1.3.6.1.4.1.128'],
    ['1.3.6.1.4.1.128.1', '1.3.6.1.4.1.1'], // 81 00 vs 01
    ['2.48.1', '2.48'], // first sub-identifier of two bytes
    ['2.4800.1', '2.48'],
    ['2.100.3', '2.1'],
    ['2.1.3', '2.1'],
    ['1.3.6', '1.3'],
    ['1.39.6', '1.3'],
    ['1.3.4294967295.0', '1.3.4294967295'],
    ['1.3.4294967295', '1.3.429496729'],
  ];
  it.each(cases)('%s under %s', (oid, root) => {
    const random = mulberry32(7);
    const p = placed(oid, 3, random);
    expect(isUnderBytes(p.buf, p.from, p.to, encodeOid(root))).toBe(isUnder(oid, root));
  });
});

// ─── random pairs ────────────────────────────────────────────────────────────────────────────

/** An arc: small most often, else near a base-128 length boundary, near 2³²−1, or anything. */
function randomArc(random: () => number): number {
  const r = random();
  if (r < 0.4) return Math.floor(random() * 10);
  if (r < 0.85) {
    const edges = [128, 16384, 2097152, 268435456];
    const edge = edges[Math.floor(random() * edges.length)] as number;
    return edge - 2 + Math.floor(random() * 4); // edge − 2 … edge + 1
  }
  if (r < 0.95) return 0xffffffff - Math.floor(random() * 3);
  return Math.floor(random() * 0x100000000);
}

function randomOid(random: () => number): string {
  const first = Math.floor(random() * 3);
  let second: number;
  if (first < 2) second = random() < 0.5 ? Math.floor(random() * 40) : 39 - Math.floor(random() * 2);
  else second = random() < 0.3 ? 47 + Math.floor(random() * 3) : randomArc(random);
  const arcs = [first, second];
  const more = Math.floor(random() * 7);
  for (let k = 0; k < more; k++) arcs.push(randomArc(random));
  return arcs.join('.');
}

/** A second OID that often shares a prefix with `a`: equal, a prefix, an extension, a neighbour. */
function relatedOid(a: string, random: () => number): string {
  const arcs = a.split('.').map(Number);
  const r = random();
  if (r < 0.1) return a;
  if (r < 0.15) return randomOid(random);
  // keep a prefix of at least the two leading arcs (they are bound together), then vary
  const keep = 2 + Math.floor(random() * (arcs.length - 1));
  const out = arcs.slice(0, keep);
  const s = random();
  if (s < 0.3 && out.length > 2) {
    // nudge the last kept arc by one, within range
    const last = out.length - 1;
    const v = out[last] as number;
    out[last] = v === 0 ? 1 : v === 0xffffffff ? v - 1 : random() < 0.5 ? v - 1 : v + 1;
  } else if (s < 0.5 && out.length > 2) {
    out[out.length - 1] = randomArc(random);
  }
  const tail = Math.floor(random() * 4);
  for (let k = 0; k < tail; k++) out.push(randomArc(random));
  return out.join('.');
}

describe('byte comparisons on random OID pairs', () => {
  const random = mulberry32(0x5eed_0d1d);
  const pairs: Array<[string, string]> = [];
  for (let n = 0; n < 4000; n++) {
    const a = randomOid(random);
    pairs.push([a, relatedOid(a, random)]);
  }

  it('the pairs cover every relation (so the test below says something)', () => {
    let equal = 0;
    let before = 0;
    let after = 0;
    let under = 0;
    let multiByteDiffer = 0;
    for (const [a, b] of pairs) {
      const c = Math.sign(compareOids(a, b));
      if (c === 0) equal++;
      else if (c < 0) before++;
      else after++;
      if (isUnder(a, b) || isUnder(b, a)) under++;
      const ea = encodeOid(a);
      const eb = encodeOid(b);
      let k = 0;
      while (k < ea.length && k < eb.length && ea[k] === eb[k]) k++;
      if (k < ea.length && k < eb.length && k > 0 && (ea[k - 1] as number) >= 0x80) multiByteDiffer++;
    }
    for (const count of [equal, before, after, under, multiByteDiffer]) expect(count).toBeGreaterThan(100);
  });

  it('compareOidBytes and compareOidWithText have the sign of compareOids, both orders, at any offset', () => {
    const bad: string[] = [];
    for (const [a, b] of pairs) {
      const got = byteSigns(a, b, random);
      const want = expectedSigns(a, b);
      for (const key of Object.keys(want)) {
        if (got[key] !== want[key]) bad.push(`${key}: ${a} vs ${b}: got ${got[key]}, want ${want[key]}`);
      }
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('isUnderBytes answers as isUnder, both ways, at any offset', () => {
    const bad: string[] = [];
    for (const [a, b] of pairs) {
      for (const [oid, root] of [
        [a, b],
        [b, a],
      ] as const) {
        const p = placed(oid, Math.floor(random() * 5), random);
        const got = isUnderBytes(p.buf, p.from, p.to, encodeOid(root));
        if (got !== isUnder(oid, root)) bad.push(`${oid} under ${root}: got ${got}`);
      }
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });
});

// ─── CommunityResponse against ListBatch ─────────────────────────────────────────────────────

/** A v2c Response-PDU message around the given varbinds. */
function response(varbinds: Buffer[], requestId = 12345): Buffer {
  return tlv(0x30, berInt(1), tlv(0x04, Buffer.from('public')), tlv(0xa2, berInt(requestId), berInt(0), berInt(0), tlv(0x30, ...varbinds)));
}

/** Longer as text (about 1,500 characters) than the decoder's first scratch space for OID text. */
const longOid = `1.3.6.1.4.1.${Array.from({ length: 140 }, (_, k) => (k % 2 ? 4294967295 - k : 16384 + k)).join('.')}`;

/** Names that sort and nest in awkward ways, each with a value of another type. */
const names = [
  '1.3.6.1.2.1.1.1.0',
  '1.3.6.1.2.1.1.3.0',
  '1.3.6.1.4.1.16383.5',
  '1.3.6.1.4.1.16384.1',
  '1.3.6.1.4.1.200.1',
  '1.3.6.1.4.1.201.1',
  '1.3.6.1.4.1.128',
  '1.3.6.1.4.1.128.0',
  '1.3.6.1.2.1.1.3.0', // a repeat: compareWithin gives 0 between two varbinds
  '2.999.4294967295',
  '0.39',
  longOid,
];

const values: Buffer[] = [
  berInt(42), // Integer
  tlv(0x02, Buffer.from([0xff, 0x38])), // Integer −200
  tlv(0x04, Buffer.from('Gi0/1 uplink')), // OctetString
  tlv(0x04, Buffer.alloc(300, 0x61)), // OctetString with a long-form length
  tlv(0x46, Buffer.from('00ffffffffffffffff', 'hex')), // Counter64 2⁶⁴−1
  tlv(0x46, Buffer.from([0x01, 0x00])), // Counter64 256
  tlv(0x06, encodeOid('1.3.6.1.4.1.16384.4294967295')), // OID value
  tlv(0x06, encodeOid(longOid)), // a long OID value
  tlv(0x82, Buffer.alloc(0)), // endOfMibView
  tlv(0x05, Buffer.alloc(0)), // Null
  tlv(0x41, Buffer.from([0x00, 0xff, 0xff, 0xff, 0xff])), // Counter32 2³²−1
  tlv(0x40, Buffer.from([10, 0, 0, 255])), // IpAddress value 10.0.0.255: decoded data, never a target
  tlv(0x43, Buffer.from([0x01, 0x00])), // TimeTicks
];

function message(): Buffer {
  return response(names.map((name, k) => rawVarbind(name, values[k % values.length] as Buffer)));
}

/** Texts and roots: every name, their prefixes and near neighbours. */
function probes(): string[] {
  const out = new Set<string>(['1.3', '2.48', '2.999', '0.39', '1.0', '1.3.6.1.4.1.16384.0', '1.3.6.1.4.1.129']);
  for (const name of names) {
    const arcs = name.split('.').map(Number);
    for (let k = 2; k <= arcs.length; k++) out.add(arcs.slice(0, k).join('.'));
    const last = arcs[arcs.length - 1] as number;
    if (last < 0xffffffff) out.add([...arcs.slice(0, -1), last + 1].join('.'));
    if (last > 0) out.add([...arcs.slice(0, -1), last - 1].join('.'));
    out.add(`${name}.0`);
  }
  return [...out];
}

/** Whether a text is an OID the codec can encode ("0.40" is not; compareTo still takes it). */
function encodable(text: string): boolean {
  try {
    encodeOid(text);
    return true;
  } catch {
    return false;
  }
}

describe('CommunityResponse answers as a ListBatch of its decoded varbinds', () => {
  const answer = decodeResponse(message());
  const list = new ListBatch(decodeResponse(message()).varbinds);
  const texts = probes();

  it('has the varbinds it was built with', () => {
    expect(answer.length).toBe(names.length);
    expect(list.length).toBe(names.length);
    expect(list.list.map((v) => v.oid)).toEqual(names);
    expect(list.list.map((v) => v.type)).toEqual(names.map((_, k) => (values[k % values.length] as Buffer)[0]));
    // a value of each kind read back as it was built
    expect(list.varbind(4).value).toBe(0xffff_ffff_ffff_ffffn);
    expect(list.varbind(6).value).toBe('1.3.6.1.4.1.16384.4294967295');
    expect(list.varbind(1).value).toBe(-200);
    expect(list.varbind(8).type).toBe(SnmpType.EndOfMibView);
  });

  it('type, oid and varbind', () => {
    for (let i = 0; i < names.length; i++) {
      expect(answer.type(i), `type(${i})`).toBe(list.type(i));
      expect(answer.oid(i), `oid(${i})`).toBe(list.oid(i));
      expect(answer.varbind(i), `varbind(${i})`).toEqual(list.varbind(i));
    }
    expect(answer.varbinds).toEqual(list.list);
  });

  it('compareWithin for every i, j', () => {
    const bad: string[] = [];
    for (let i = 0; i < names.length; i++) {
      for (let j = 0; j < names.length; j++) {
        const got = Math.sign(answer.compareWithin(i, j));
        const want = Math.sign(list.compareWithin(i, j));
        if (got !== want) bad.push(`compareWithin(${i}, ${j}): got ${got}, want ${want}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('compareTo and isUnder for every varbind and probe', () => {
    const bad: string[] = [];
    let under = 0;
    for (let i = 0; i < names.length; i++) {
      for (const text of texts) {
        const got = Math.sign(answer.compareTo(i, text));
        const want = Math.sign(list.compareTo(i, text));
        if (got !== want) bad.push(`compareTo(${i}, ${text}): got ${got}, want ${want}`);
        if (!encodable(text)) continue; // a root is encoded once, when a walk starts
        const root = oidRoot(text);
        const gotUnder = answer.isUnder(i, root);
        if (gotUnder !== list.isUnder(i, root)) bad.push(`isUnder(${i}, ${text}): got ${gotUnder}`);
        if (gotUnder) under++;
      }
    }
    expect(bad).toEqual([]);
    expect(under).toBeGreaterThan(names.length); // the probes do reach inside subtrees
  });
});

describe('CommunityResponse answers as a ListBatch, random answers', () => {
  it('type, oid, varbind, compareWithin, compareTo and isUnder agree on 20 answers of 30 varbinds', () => {
    const random = mulberry32(2026);
    const bad: string[] = [];
    let under = 0;
    for (let n = 0; n < 20; n++) {
      // names in walk-like runs: each one related to the one before
      const oids: string[] = [randomOid(random)];
      while (oids.length < 30) oids.push(relatedOid(oids[oids.length - 1] as string, random));
      const buf = response(oids.map((oid, k) => rawVarbind(oid, values[(k + n) % values.length] as Buffer)));
      const answer = decodeResponse(buf);
      const list = new ListBatch(decodeResponse(buf).varbinds);
      const texts = [...oids, ...oids.map((oid) => relatedOid(oid, random))];
      for (let i = 0; i < oids.length; i++) {
        if (answer.type(i) !== list.type(i)) bad.push(`type(${i}) of ${oids[i]}`);
        if (answer.oid(i) !== oids[i]) bad.push(`oid(${i}): got ${answer.oid(i)}, want ${oids[i]}`);
        expect(answer.varbind(i)).toEqual(list.varbind(i));
        for (let j = 0; j < oids.length; j++) {
          if (sign(answer.compareWithin(i, j)) !== sign(list.compareWithin(i, j))) {
            bad.push(`compareWithin: ${oids[i]} vs ${oids[j]}`);
          }
        }
        for (const text of texts) {
          if (sign(answer.compareTo(i, text)) !== sign(list.compareTo(i, text))) bad.push(`compareTo: ${oids[i]} vs ${text}`);
          const root = oidRoot(text);
          const got = answer.isUnder(i, root);
          if (got !== list.isUnder(i, root)) bad.push(`isUnder: ${oids[i]} under ${text}: got ${got}`);
          if (got) under++;
        }
      }
    }
    expect(bad.slice(0, 10)).toEqual([]);
    expect(under).toBeGreaterThan(100);
  });
});

// ─── reading order and the shared scratch cursor ─────────────────────────────────────────────

describe('decoding on demand with one scratch cursor', () => {
  const reference = (buf: Buffer): Varbind[] => decodeResponse(buf).varbinds.map((v) => ({ ...v }));

  it('varbind(i) and oid(i) in any order, repeatedly, give the same answers', () => {
    const buf = message();
    const want = reference(buf);
    const answer = decodeResponse(buf);
    const random = mulberry32(42);
    for (let n = 0; n < 500; n++) {
      const i = Math.floor(random() * names.length);
      if (random() < 0.5) expect(answer.varbind(i)).toEqual(want[i]);
      else expect(answer.oid(i)).toBe(want[i]?.oid);
    }
    for (let i = names.length - 1; i >= 0; i--) expect(answer.varbind(i)).toEqual(want[i]);
    // the cached list is the same after all that
    expect(answer.varbinds).toEqual(want);
  });

  it('two responses read interleaved do not disturb each other', () => {
    const bufA = message();
    // another answer: the names in reverse, values shifted, a different length of text
    const other = [...names].reverse();
    const bufB = response(
      other.map((name, k) => rawVarbind(name, values[(k + 3) % values.length] as Buffer)),
      777,
    );
    const wantA = reference(bufA);
    const wantB = reference(bufB);
    const a: CommunityResponse = decodeResponse(bufA);
    const b: CommunityResponse = decodeResponse(bufB);
    const random = mulberry32(99);
    const seenA: Varbind[] = [];
    for (let n = 0; n < 400; n++) {
      const i = Math.floor(random() * names.length);
      const j = Math.floor(random() * other.length);
      const va = a.varbind(i);
      const ob = b.oid(j);
      const vb = b.varbind(j);
      const oa = a.oid(i);
      expect(va).toEqual(wantA[i]);
      expect(vb).toEqual(wantB[j]);
      expect(oa).toBe(wantA[i]?.oid);
      expect(ob).toBe(wantB[j]?.oid);
      // the comparisons in between read the datagrams, not the cursor
      expect(Math.sign(a.compareTo(i, ob))).toBe(Math.sign(compareOids(oa, ob)));
      expect(Math.sign(b.compareTo(j, oa))).toBe(Math.sign(compareOids(ob, oa)));
      seenA.push(va);
    }
    // what was handed out earlier has not changed since
    for (const v of seenA) expect(wantA).toContainEqual(v);
    expect(a.varbinds).toEqual(wantA);
    expect(b.varbinds).toEqual(wantB);
    expect(a.requestId).toBe(12345);
    expect(b.requestId).toBe(777);
  });
});

// ─── names the decoder accepts that encodeOid never makes ────────────────────────────────────

describe('a name with a non-minimal sub-identifier (a leading 0x80 byte, which X.690 8.19.2 forbids)', () => {
  // each the same value as `oid` in other bytes; isUnderBytes compares bytes, so such a name must
  // be refused, or answered as its decoded form is
  const cases: Array<[string, string, number[]]> = [
    ['in a middle arc', '1.3.6.1.4.1.9.5', [0x2b, 0x06, 0x01, 0x04, 0x01, 0x80, 0x09, 0x05]],
    ['twice over', '1.3.6.1.4.1.1.5', [0x2b, 0x06, 0x01, 0x04, 0x01, 0x80, 0x80, 0x01, 0x05]],
    ['in the first sub-identifier', '1.3.6.1.4.1.9', [0x80, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x09]],
    ['in the last arc', '1.3.6.1.4.1.9', [0x2b, 0x06, 0x01, 0x04, 0x01, 0x80, 0x09]],
  ];

  it.each(cases)('%s: is refused by decodeResponse, or answered by CommunityResponse as by ListBatch', (_, oid, bytes) => {
    const buf = response([tlv(0x30, tlv(0x06, Buffer.from(bytes)), berInt(1))]);
    let answer: CommunityResponse;
    try {
      answer = decodeResponse(buf);
    } catch (err) {
      expect((err as Error).name).toBe('ResponseInvalidError'); // refusing it is a right answer
      return;
    }
    const list = new ListBatch(answer.varbinds);
    expect(list.oid(0)).toBe(oid);
    expect(answer.oid(0)).toBe(oid);
    expect(sign(answer.compareTo(0, oid))).toBe(0);
    const arcs = oid.split('.');
    for (let k = 2; k <= arcs.length; k++) {
      const root = arcs.slice(0, k).join('.');
      expect(answer.isUnder(0, oidRoot(root)), `isUnder(0, ${root})`).toBe(list.isUnder(0, oidRoot(root)));
    }
  });

  it('a 0x80 byte inside a sub-identifier is not refused (16384 is 81 80 00)', () => {
    const buf = response([tlv(0x30, tlv(0x06, Buffer.from([0x2b, 0x06, 0x81, 0x80, 0x00, 0x80 | 0x01, 0x80, 0x00])), berInt(1))]);
    expect(decodeResponse(buf).oid(0)).toBe('1.3.6.16384.16384');
  });
});
