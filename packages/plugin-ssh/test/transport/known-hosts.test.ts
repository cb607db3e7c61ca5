import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  decideHostKey,
  entryMatchesHost,
  fingerprint,
  formatKnownHostsLine,
  hostKeyAlgorithmsFor,
  parseKnownHosts,
} from '../../src/transport/known-hosts.js';

// Keys and files made with ssh-keygen (OpenSSH 9.2); hashed file made by `ssh-keygen -H`.
const dir = new URL('../fixtures/known-hosts/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir), 'utf8');
const blob = (name: string) => Buffer.from(read(name).split(' ')[1] ?? '', 'base64');
const keyA = blob('host_a.pub');
const keyB = blob('host_b.pub');
const keyC = blob('host_c.pub');
const keyRsa = blob('host_rsa.pub');
const plain = parseKnownHosts(read('known_hosts'));
const hashed = parseKnownHosts(read('hashed_known_hosts'));

describe('fingerprint', () => {
  it('matches ssh-keygen -lf', () => {
    const expected = read('fingerprints.txt')
      .trim()
      .split('\n')
      .map((line) => line.split(' ')[1]);
    expect([keyA, keyB, keyC, keyRsa].map(fingerprint)).toEqual(expected);
  });
});

describe('parseKnownHosts', () => {
  it('keeps entries and markers, skips comments and malformed lines', () => {
    expect(plain.map((e) => [e.line, e.marker, e.keyType])).toEqual([
      [2, undefined, 'ssh-ed25519'],
      [3, undefined, 'ssh-ed25519'],
      [4, undefined, 'ssh-ed25519'],
      [5, 'revoked', 'ssh-rsa'],
      [6, 'cert-authority', 'ssh-ed25519'],
    ]);
  });

  it('refuses a line whose key blob does not carry the declared type', () => {
    const b64 = keyA.toString('base64');
    expect(parseKnownHosts(`h ssh-rsa ${b64}\nh ssh-ed25519 not*base64\n`)).toEqual([]);
  });
});

describe('host matching', () => {
  const [web, db, wildcard] = plain;
  it('matches names in a comma list, case-insensitively', () => {
    expect(entryMatchesHost(web!, 'WEB-1', 22)).toBe(true);
    expect(entryMatchesHost(web!, '10.0.0.5', 22)).toBe(true);
    expect(entryMatchesHost(web!, 'web-2', 22)).toBe(false);
  });
  it('needs [host]:port for a non-default port', () => {
    expect(entryMatchesHost(db!, 'db-1', 2222)).toBe(true);
    expect(entryMatchesHost(db!, 'db-1', 22)).toBe(false);
    expect(entryMatchesHost(web!, 'web-1', 2222)).toBe(false);
  });
  it('honours wildcards and negation', () => {
    expect(entryMatchesHost(wildcard!, 'a.example.com', 22)).toBe(true);
    expect(entryMatchesHost(wildcard!, 'bad.example.com', 22)).toBe(false);
    expect(entryMatchesHost(wildcard!, 'example.com', 22)).toBe(false);
    expect(entryMatchesHost(wildcard!, 'a.exampleXcom', 22)).toBe(false);
  });
  it('matches hashed entries written by ssh-keygen -H', () => {
    expect(hashed.map((e) => entryMatchesHost(e, 'web-1', 22))).toEqual([true, false, false]);
    expect(hashed.map((e) => entryMatchesHost(e, '10.0.0.5', 22))).toEqual([false, true, false]);
    expect(hashed.map((e) => entryMatchesHost(e, 'db-1', 2222))).toEqual([false, false, true]);
  });
});

describe('decideHostKey', () => {
  const trust = { entries: plain, fingerprints: [] };
  it('trusts the recorded key', () => {
    expect(decideHostKey(trust, 'web-1', 22, keyA)).toEqual({ verdict: 'trusted', fingerprint: fingerprint(keyA) });
    expect(decideHostKey({ entries: hashed, fingerprints: [] }, 'db-1', 2222, keyB).verdict).toBe('trusted');
  });
  it('reports a different key as a mismatch naming both fingerprints', () => {
    const decision = decideHostKey(trust, 'web-1', 22, keyB);
    expect(decision).toEqual({ verdict: 'mismatch', fingerprint: fingerprint(keyB), expected: [`ssh-ed25519 ${fingerprint(keyA)}`] });
  });
  it('refuses a revoked key even for a host with no other entry', () => {
    expect(decideHostKey(trust, 'new-host', 22, keyRsa)).toMatchObject({ verdict: 'revoked', line: 5 });
  });
  it('does not treat @cert-authority keys as host keys', () => {
    expect(decideHostKey(trust, 'x.corp', 22, keyC).verdict).toBe('unknown');
  });
  it('accepts a pinned fingerprint and rejects others', () => {
    const pinned = { entries: [], fingerprints: [fingerprint(keyA)] };
    expect(decideHostKey(pinned, 'any', 22, keyA).verdict).toBe('trusted');
    expect(decideHostKey(pinned, 'any', 22, keyB)).toMatchObject({ verdict: 'mismatch', expected: [fingerprint(keyA)] });
  });
  it('calls a host with no record unknown', () => {
    expect(decideHostKey(trust, 'web-9', 22, keyA).verdict).toBe('unknown');
  });
});

describe('TOFU lines and algorithm hints', () => {
  it('writes a hashed line that parses back and matches only its host and port', () => {
    const line = formatKnownHostsLine('Web-7', 2200, keyA, Buffer.alloc(20, 7));
    const [entry] = parseKnownHosts(line);
    expect(entry && entryMatchesHost(entry, 'web-7', 2200)).toBe(true);
    expect(entry && entryMatchesHost(entry, 'web-7', 22)).toBe(false);
    expect(entry?.key.equals(keyA)).toBe(true);
  });
  it('offers only the recorded key types, ed25519 first', () => {
    const rsa = parseKnownHosts(`h ssh-rsa ${keyRsa.toString('base64')}\nh ssh-ed25519 ${keyA.toString('base64')}`);
    expect(hostKeyAlgorithmsFor(rsa, 'h', 22)).toEqual(['ssh-ed25519', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    expect(hostKeyAlgorithmsFor(rsa, 'other', 22)).toBeUndefined();
  });
});
