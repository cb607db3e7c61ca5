import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** One usable line of an OpenSSH `known_hosts` file. */
export interface KnownHostEntry {
  /** `@revoked` keys are never accepted; `@cert-authority` lines sign host certificates. */
  marker: 'revoked' | 'cert-authority' | undefined;
  /** Host patterns (`web-1`, `*.example.com`, `!bad.example.com`, `[h]:2222`), or a hashed entry. */
  hosts:
    | {
        /** Plain host patterns. */
        kind: 'patterns';
        /** The comma-separated patterns, in order. */
        patterns: string[];
      }
    | {
        /** A hashed host field (`|1|salt|hash`, as `ssh-keygen -H` writes). */
        kind: 'hashed';
        /** The HMAC-SHA1 key (base64-decoded). */
        salt: Buffer;
        /** HMAC-SHA1 of the host name (or `[host]:port`) under `salt`. */
        hash: Buffer;
      };
  /** Key type as written (`ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`). */
  keyType: string;
  /** The public key blob (base64-decoded). */
  key: Buffer;
  /** 1-based line number, for messages. */
  line: number;
}

/**
 * Parses OpenSSH `known_hosts` text: plain and hashed (`|1|salt|hash`) host fields,
 * `[host]:port` patterns, `@revoked` and `@cert-authority` markers. Comments, blank lines and
 * malformed lines are skipped (OpenSSH ignores them too).
 *
 * @param text - the file's content
 * @returns the entries in file order
 * @example
 * ```ts
 * parseKnownHosts('[db-1]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI...')[0]?.keyType; // 'ssh-ed25519'
 * ```
 */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const fields = (lines[i] ?? '').trim().split(/\s+/);
    if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) continue;
    let marker: KnownHostEntry['marker'];
    if (fields[0].startsWith('@')) {
      const name = fields.shift();
      if (name === '@revoked') marker = 'revoked';
      else if (name === '@cert-authority') marker = 'cert-authority';
      else continue;
    }
    const [hostField, keyType, keyText] = fields;
    if (hostField === undefined || keyType === undefined || keyText === undefined) continue;
    const key = decodeBase64(keyText);
    if (key === undefined || blobKeyType(key) !== keyType) continue;
    const hosts = parseHostField(hostField);
    if (hosts === undefined) continue;
    out.push({ marker, hosts, keyType, key, line: i + 1 });
  }
  return out;
}

function decodeBase64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  const buf = Buffer.from(text, 'base64');
  return buf.length > 0 ? buf : undefined;
}

function parseHostField(field: string): KnownHostEntry['hosts'] | undefined {
  if (field.startsWith('|1|')) {
    const [salt, hash] = field.slice(3).split('|');
    const saltBuf = salt === undefined ? undefined : decodeBase64(salt);
    const hashBuf = hash === undefined ? undefined : decodeBase64(hash);
    if (saltBuf === undefined || hashBuf === undefined || hashBuf.length !== 20) return undefined;
    return { kind: 'hashed', salt: saltBuf, hash: hashBuf };
  }
  return { kind: 'patterns', patterns: field.split(',').filter((p) => p !== '') };
}

/**
 * The name OpenSSH looks up for a host: `host` on port 22, `[host]:port` otherwise.
 *
 * @param host - host name or address (lower-cased, as OpenSSH does)
 * @param port - TCP port
 * @returns the lookup name
 */
export function hostLookupName(host: string, port: number): string {
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}

/**
 * Whether an entry's host field covers a host: a hashed entry matches the exact lookup name;
 * patterns use `*` and `?` wildcards, and any matching `!pattern` excludes the host.
 *
 * @param entry - a parsed entry
 * @param host - the host name or address
 * @param port - the port
 * @returns true when the entry applies to the host
 */
export function entryMatchesHost(entry: KnownHostEntry, host: string, port: number): boolean {
  const name = hostLookupName(host, port);
  if (entry.hosts.kind === 'hashed') {
    const digest = createHmac('sha1', entry.hosts.salt).update(name).digest();
    return timingSafeEqual(digest, entry.hosts.hash);
  }
  let matched = false;
  for (const raw of entry.hosts.patterns) {
    const negated = raw.startsWith('!');
    const pattern = (negated ? raw.slice(1) : raw).toLowerCase();
    if (!globMatch(pattern, name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

function globMatch(pattern: string, text: string): boolean {
  // Escape everything but the two OpenSSH wildcards, then anchor.
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(text);
}

/**
 * The key type written at the start of an SSH public key blob.
 *
 * @param blob - the key in SSH wire format
 * @returns the type (`ssh-ed25519`, …), or `undefined` for a malformed blob
 */
export function blobKeyType(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const len = blob.readUInt32BE(0);
  if (len === 0 || len > 64 || blob.length < 4 + len) return undefined;
  return blob.subarray(4, 4 + len).toString('latin1');
}

/**
 * A key's fingerprint as `ssh-keygen -l` prints it: `SHA256:` and unpadded base64.
 *
 * @param blob - the key in SSH wire format
 * @returns the fingerprint
 */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Trusted keys for the host-key decision. */
export interface TrustedKeys {
  /** Parsed known_hosts entries (from files and inline text). */
  entries: readonly KnownHostEntry[];
  /** Pinned fingerprints that are accepted for every host they are configured for. */
  fingerprints: readonly string[];
}

/** What to do with an offered host key. */
export type HostKeyDecision =
  | { verdict: 'trusted'; fingerprint: string }
  | { verdict: 'revoked'; fingerprint: string; line: number }
  | { verdict: 'mismatch'; fingerprint: string; expected: string[] }
  | { verdict: 'unknown'; fingerprint: string };

/**
 * Decides whether to trust a host key, as OpenSSH's StrictHostKeyChecking=yes would: a
 * revoked key is refused whatever the host; a key listed for the host (or pinned) is trusted;
 * a host with other keys recorded is a mismatch; a host with none is unknown.
 *
 * @param trusted - known_hosts entries and pinned fingerprints
 * @param host - the host name or address as configured
 * @param port - the port
 * @param offered - the key blob the server presented
 * @returns the decision, with fingerprints for messages
 */
export function decideHostKey(trusted: TrustedKeys, host: string, port: number, offered: Buffer): HostKeyDecision {
  const fp = fingerprint(offered);
  for (const entry of trusted.entries) {
    if (entry.marker === 'revoked' && entry.key.equals(offered)) return { verdict: 'revoked', fingerprint: fp, line: entry.line };
  }
  if (trusted.fingerprints.includes(fp)) return { verdict: 'trusted', fingerprint: fp };
  const expected: string[] = [];
  for (const entry of trusted.entries) {
    if (entry.marker !== undefined || !entryMatchesHost(entry, host, port)) continue;
    if (entry.key.equals(offered)) return { verdict: 'trusted', fingerprint: fp };
    expected.push(`${entry.keyType} ${fingerprint(entry.key)}`);
  }
  expected.push(...trusted.fingerprints);
  if (expected.length > 0) return { verdict: 'mismatch', fingerprint: fp, expected };
  return { verdict: 'unknown', fingerprint: fp };
}

// Cheapest to verify and strongest first: the server signs with the first one we both have.
const HOST_KEY_PREFERENCE = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];
const preference = (algo: string) => {
  const i = HOST_KEY_PREFERENCE.indexOf(algo);
  return i < 0 ? HOST_KEY_PREFERENCE.length : i;
};

/**
 * The host-key algorithms to offer a host whose keys are recorded, so the server presents one
 * we can verify (as OpenSSH narrows them from known_hosts), ed25519 first, then ECDSA, then RSA.
 * `undefined` leaves the default.
 *
 * @param entries - known_hosts entries
 * @param host - the host
 * @param port - the port
 * @returns ssh2 `serverHostKey` algorithm names, or `undefined` when the host has no entry
 */
export function hostKeyAlgorithmsFor(entries: readonly KnownHostEntry[], host: string, port: number): string[] | undefined {
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.marker !== undefined || !entryMatchesHost(entry, host, port)) continue;
    const algos = entry.keyType === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [entry.keyType];
    for (const a of algos) if (!out.includes(a)) out.push(a);
  }
  return out.length > 0 ? out.sort((a, b) => preference(a) - preference(b)) : undefined;
}

/**
 * A known_hosts line recording a key for a host, hashed like `ssh-keygen -H` (HashKnownHosts).
 *
 * @param host - the host
 * @param port - the port
 * @param blob - the key
 * @param salt - 20 random bytes (injected for tests)
 * @returns the line, without a newline
 */
export function formatKnownHostsLine(host: string, port: number, blob: Buffer, salt: Buffer): string {
  const hash = createHmac('sha1', salt).update(hostLookupName(host, port)).digest('base64');
  return `|1|${salt.toString('base64')}|${hash} ${blobKeyType(blob) ?? 'unknown'} ${blob.toString('base64')}`;
}
