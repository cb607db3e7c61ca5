// Bundles one benchmark into plain JavaScript, the way the packages ship (tsup, ES modules for
// Node 20, the same target), so it measures the SDK and not a development transpiler: under
// tsx every function expression is wrapped to keep its name and the loader runs in a thread of
// its own, which together cost the SNMP bench's polling process a fifth more CPU and a third
// more garbage collections. Every `.ts` file directly in bench/NAME/ becomes an entry (a bench
// spawns its siblings); Warden's own packages are bundled from source, npm packages stay
// external.
//   npx tsx scripts/build-bench.ts NAME    → .tmp/bench/NAME/<file>.js
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'tsup';

const name = process.argv[2];
if (!name || !/^[\w-]+$/.test(name)) throw new Error('usage: build-bench.ts NAME (a folder of bench/)');
const dir = join('bench', name);
const entry = Object.fromEntries(
  readdirSync(dir)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => [file.slice(0, -3), join(dir, file)]),
);
// What the packages themselves depend on (and the root's dev tools a bench may use) stays an
// import of node_modules, as in an app.
const packageJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, string> | undefined>;
const external = new Set<string>();
for (const pkg of readdirSync('packages')) {
  const json = packageJson(join('packages', pkg, 'package.json'));
  for (const dep of Object.keys({ ...json.dependencies, ...json.peerDependencies })) if (!dep.startsWith('@warden/')) external.add(dep);
}
for (const dep of Object.keys(packageJson('package.json').devDependencies ?? {})) external.add(dep);

await build({
  entry,
  outDir: join('.tmp', 'bench', name),
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  splitting: false,
  sourcemap: false,
  dts: false,
  clean: true,
  silent: true,
  external: [...external],
  noExternal: [/^@warden\//],
  esbuildOptions(options) {
    options.conditions = ['@warden/source'];
  },
});
