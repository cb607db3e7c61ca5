import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of a host-local fixture directory or file. */
export function fixturePath(rel: string): string {
  return fileURLToPath(new URL(`../../fixtures/host-local/${rel}`, import.meta.url));
}

/** The text of a host-local fixture file. */
export function fixture(rel: string): string {
  return readFileSync(fixturePath(rel), 'utf8');
}

/** 1 KiB, as /proc/meminfo's `kB` means. */
export const KiB = 1024;
