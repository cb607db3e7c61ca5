import { randomBytes } from 'node:crypto';
import { appendFile, readFile, stat } from 'node:fs/promises';
import { WardenError } from '@warden/core';
import type { KnownHostsOption } from '../options.js';
import { formatKnownHostsLine, type KnownHostEntry, parseKnownHosts, type TrustedKeys } from './known-hosts.js';

/** Resolved host-key policy: where trusted keys come from and whether new hosts are recorded. */
export interface TrustStore {
  /** Current trusted keys (files re-read when they change). */
  load(): Promise<TrustedKeys>;
  /** Whether unknown hosts are accepted and recorded. */
  readonly trustOnFirstUse: boolean;
  /** Records a newly accepted key (TOFU). */
  record(host: string, port: number, key: Buffer): Promise<void>;
  /** For messages: where the keys live. */
  readonly description: string;
}

/**
 * Builds a trust store from the `knownHosts` option. Files are read at each connection
 * attempt when their mtime changed, so edits (and `ssh-keygen -R`) apply without a restart.
 *
 * @param option - the option as validated
 * @returns the store; with no option, a store that trusts nothing (every host is refused)
 */
export function createTrustStore(option: KnownHostsOption | undefined): TrustStore {
  const spec = typeof option === 'string' ? { file: option } : (option ?? {});
  const inline = spec.text === undefined ? [] : parseKnownHosts(spec.text);
  const fingerprints = spec.fingerprints ?? [];
  let cache: { mtimeMs: number; size: number; entries: KnownHostEntry[] } | undefined;

  async function fileEntries(): Promise<KnownHostEntry[]> {
    if (spec.file === undefined) return [];
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(spec.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && spec.trustOnFirstUse) return [];
      throw new WardenError('ERR_CONFIG_INVALID', `known_hosts file ${spec.file} cannot be read; create it or fix knownHosts`, {
        cause: err,
      });
    }
    if (cache === undefined || cache.mtimeMs !== st.mtimeMs || cache.size !== st.size) {
      cache = { mtimeMs: st.mtimeMs, size: st.size, entries: parseKnownHosts(await readFile(spec.file, 'utf8')) };
    }
    return cache.entries;
  }

  return {
    trustOnFirstUse: spec.trustOnFirstUse === true,
    description:
      [spec.file, spec.text === undefined ? undefined : 'inline known_hosts', fingerprints.length ? 'pinned fingerprints' : undefined]
        .filter((x) => x !== undefined)
        .join(', ') || 'no knownHosts configured',
    async load() {
      return { entries: [...inline, ...(await fileEntries())], fingerprints };
    },
    async record(host, port, key) {
      if (spec.file === undefined) return;
      await appendFile(spec.file, `${formatKnownHostsLine(host, port, key, randomBytes(20))}\n`, { mode: 0o600 });
      cache = undefined;
    },
  };
}
