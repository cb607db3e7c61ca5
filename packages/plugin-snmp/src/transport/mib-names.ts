import { WardenError } from '@warden/core';
import * as snmp from 'net-snmp';
import { SYMBOLIC_OID } from '../collectors/profile.js';

/** Symbolic MIB names (`IF-MIB::ifHCInOctets`) → numeric OIDs, from net-snmp's module store. */
export interface MibNames {
  /**
   * The numeric OID of `MODULE::object`, with any `.instance` suffix kept
   * (`SNMPv2-MIB::sysUpTime.0` → `1.3.6.1.2.1.1.3.0`).
   *
   * @param name - the symbolic name
   * @returns the OID, or `undefined` when no loaded module defines it
   */
  resolve(name: string): string | undefined;
  /** Lines the MIB parser printed while loading (unresolved imports), for a warning. */
  readonly notes: readonly string[];
}

interface ModuleStore {
  loadFromFile(file: string): void;
  translate(name: string, format: string): string;
}

// net-snmp's MIB parser reports unresolved imports with console.log: keep that out of the
// host application's output and hand it back as notes instead. Loading is synchronous.
function quietly<T>(notes: string[], fn: () => T): T {
  const original = console.log;
  console.log = (...args: unknown[]) => void notes.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  try {
    return fn();
  } finally {
    console.log = original;
  }
}

/**
 * Builds net-snmp's module store (its base modules: SNMPv2-SMI/TC/CONF/MIB, RFC1213-MIB, …)
 * plus the given MIB files, in order (a module's imports first). Parsing takes a few hundred
 * milliseconds: it happens once, when the plugin is set up.
 *
 * @param files - paths of MIB module files (SMIv1/SMIv2 text)
 * @returns the name resolver
 * @throws WardenError `ERR_CONFIG_INVALID` naming the file that cannot be read or parsed
 */
export function loadMibNames(files: readonly string[]): MibNames {
  const notes: string[] = [];
  const store = quietly(notes, () => (snmp as unknown as { createModuleStore(): ModuleStore }).createModuleStore());
  for (const file of files) {
    try {
      quietly(notes, () => store.loadFromFile(file));
    } catch (err) {
      throw new WardenError(
        'ERR_CONFIG_INVALID',
        `snmp({ mibs }): cannot load MIB file ${file} (${(err as Error).message}); give readable MIB module files, those they import first`,
        { cause: err },
      );
    }
  }
  const cache = new Map<string, string | undefined>();
  return {
    notes,
    resolve(name) {
      if (cache.has(name)) return cache.get(name);
      const match = SYMBOLIC_OID.exec(name);
      let oid: string | undefined;
      if (match) {
        try {
          oid = `${store.translate(`${match[1]}::${match[2]}`, 'oid')}${match[3] ?? ''}`;
        } catch {
          oid = undefined;
        }
      }
      cache.set(name, oid);
      return oid;
    },
  };
}
