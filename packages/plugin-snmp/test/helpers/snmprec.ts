import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SnmpReader, WalkResult } from '../../src/reader.js';
import { compareOids, isUnder, normalizeOid, SnmpType, type Varbind } from '../../src/varbind.js';

/**
 * Parses snmpsim's `.snmprec` format (`oid|tag|value`, `tag` + `x` = hex-encoded value) into
 * varbinds typed the way the transport delivers them.
 */
export function parseSnmprec(text: string): Varbind[] {
  const out: Varbind[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const first = line.indexOf('|');
    const second = line.indexOf('|', first + 1);
    const oid = line.slice(0, first);
    const tagText = line.slice(first + 1, second);
    const raw = line.slice(second + 1);
    const hex = tagText.endsWith('x');
    const type = Number(hex ? tagText.slice(0, -1) : tagText);
    const bytes = hex ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'utf8');
    let value: Varbind['value'];
    if (type === SnmpType.OctetString || type === SnmpType.Opaque) value = bytes;
    else if (type === SnmpType.Counter64) value = BigInt(raw);
    else if (type === SnmpType.OID || type === SnmpType.IpAddress) value = raw;
    else if (type === SnmpType.Null || type >= SnmpType.NoSuchObject) value = null;
    else value = Number(raw);
    out.push({ oid, type, value });
  }
  return out.sort((a, b) => compareOids(a.oid, b.oid));
}

/** Loads a fixture under `test/fixtures/`. */
export function loadFixture(path: string): Varbind[] {
  return parseSnmprec(readFileSync(fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url)), 'utf8'));
}

/** Varbinds of a recorded walk under a subtree. */
export function subtree(varbinds: readonly Varbind[], oid: string): Varbind[] {
  return varbinds.filter((v) => isUnder(v.oid, oid));
}

/** An {@link SnmpReader} answering from a recorded walk, as an agent serving it would. */
export function fixtureReader(varbinds: readonly Varbind[], version: '1' | '2c' | '3' = '2c'): SnmpReader {
  const byOid = new Map(varbinds.map((v) => [v.oid, v]));
  return {
    device: 'fixture (127.0.0.1:161)',
    version,
    async get(oids) {
      return oids.map((oid) => byOid.get(normalizeOid(oid)) ?? { oid: normalizeOid(oid), type: SnmpType.NoSuchObject, value: null });
    },
    async walk(oid): Promise<WalkResult> {
      return { varbinds: subtree(varbinds, normalizeOid(oid)), complete: true };
    },
  };
}
