import type { Options } from 'tsup';

/**
 * The build every Warden package shares: ES modules for Node ≥ 20.19 (which `require()`s
 * them too), `.d.ts`, source maps. Plugins keep `@warden/core` external so an app has one core.
 *
 * @param entry - entry points by output name
 * @returns the tsup options
 */
export function packageBuild(entry: Record<string, string>): Options {
  return {
    entry,
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: true,
    external: ['@warden/core'],
  };
}
