import { readFileSync } from 'node:fs';

/**
 * This package's version, read from its package.json (one directory up from both `src/` and
 * `dist/`, so it is right from sources and from the build).
 *
 * @returns the version, e.g. `0.1.0`
 */
export function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}
