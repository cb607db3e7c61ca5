import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// What an installer sees: each workspace package's package.json. publint and attw check the packed
// result after a build (scripts/check-packages.mjs); this catches the same mistakes with no build.

interface Manifest {
  name: string;
  private?: boolean;
  type?: string;
  engines?: Record<string, string>;
  files?: string[];
  exports?: unknown;
  peerDependencies?: Record<string, string>;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
}

const PACKAGES = fileURLToPath(new URL('../../../', import.meta.url));
const manifests: Manifest[] = readdirSync(PACKAGES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(`${PACKAGES}${entry.name}/package.json`))
  .map((entry) => JSON.parse(readFileSync(`${PACKAGES}${entry.name}/package.json`, 'utf8')) as Manifest)
  .filter((manifest) => manifest.private !== true);
// Applications (packages with a `bin`, like the CLI) bring their own core; libraries extending core share the app's.
const plugins: Manifest[] = manifests.filter(
  (manifest) => manifest.name.startsWith('@warden/') && manifest.name !== '@warden/core' && manifest.bin === undefined,
);

/** Every conditions object in an exports map, with where it sits (`exports["./testing"]`). */
function conditionObjects(value: unknown, where: string): { where: string; keys: string[] }[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const keys = Object.keys(value);
  const own = keys.some((key) => !key.startsWith('.')) ? [{ where, keys }] : [];
  return [...own, ...keys.flatMap((key) => conditionObjects((value as Record<string, unknown>)[key], `${where}["${key}"]`))];
}

describe('package manifests', () => {
  it('finds @warden/core among the packages', () => {
    expect(manifests.map((manifest) => manifest.name)).toContain('@warden/core');
  });

  describe.each(manifests.map((manifest) => [manifest.name, manifest] as const))('%s', (_name, manifest) => {
    it('is an ES module package for Node >= 20.19', () => {
      expect(manifest.type).toBe('module');
      expect(manifest.engines?.node).toBe('>=20.19');
    });

    it('publishes dist', () => {
      expect(manifest.files).toContain('dist');
    });

    it('has an exports map with a root entry and ./package.json', () => {
      expect(manifest.exports).toBeTypeOf('object');
      const exportsMap = manifest.exports as Record<string, unknown>;
      expect(Object.keys(exportsMap)).toContain('.');
      expect(exportsMap['./package.json']).toBe('./package.json');
    });

    it('puts types before default in every entry, and default last', () => {
      const entries = conditionObjects(manifest.exports, 'exports');
      expect(entries.length).toBeGreaterThan(0);
      for (const { where, keys } of entries) {
        const types = keys.indexOf('types');
        const fallback = keys.indexOf('default');
        expect(types, `${where} has no "types"`).toBeGreaterThanOrEqual(0);
        expect(fallback, `${where} has no "default"`).toBeGreaterThanOrEqual(0);
        expect(types, `${where}: "types" must come before "default"`).toBeLessThan(fallback);
        expect(fallback, `${where}: "default" must be last`).toBe(keys.length - 1);
      }
    });
  });

  // Every other @warden package (plugins, stores) extends core: one copy of core per app.
  describe.each(plugins.map((manifest) => [manifest.name, manifest] as const))('plugin %s', (_name, manifest) => {
    it('takes @warden/core as a peer dependency, never as a dependency', () => {
      expect(manifest.peerDependencies?.['@warden/core']).toBeTypeOf('string');
      expect(manifest.dependencies?.['@warden/core']).toBeUndefined();
    });
  });
});
