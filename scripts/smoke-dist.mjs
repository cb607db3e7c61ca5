// Loads every built entry point of every public workspace package with plain `node`, once through
// `import()` and once through `require()`, each in its own child process so that module caching in
// one mode cannot hide a failure in the other. vitest resolves to the TypeScript sources through the
// `@warden/source` condition, so only this catches a broken `dist/` (a missing chunk, an interop bug
// with an ESM-only dependency, top-level await that breaks `require()`).
//
// Usage: node scripts/smoke-dist.mjs [packages/<name> ...]   (default: every package)

import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The workspace packages that get published: every `packages/*` whose package.json is not private.
 *
 * @param {string[]} [only] package directories to keep (relative to the root or absolute); all when empty
 * @returns {{ dir: string, manifest: Record<string, any> }[]}
 */
export function listPublicPackages(only = []) {
  const wanted = new Set(only.map((dir) => resolve(ROOT, dir)));
  const base = join(ROOT, 'packages');
  const found = [];
  for (const entry of readdirSync(base, { withFileTypes: true })) {
    const dir = join(base, entry.name);
    const file = join(dir, 'package.json');
    if (!entry.isDirectory() || !existsSync(file)) continue;
    if (wanted.size > 0 && !wanted.has(dir)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    if (manifest.private === true) continue;
    found.push({ dir, manifest });
  }
  for (const dir of wanted) {
    if (!found.some((p) => p.dir === dir)) throw new Error(`${relative(ROOT, dir)} is not a public package under packages/`);
  }
  return found.sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}

/**
 * The subpaths a package exports (`.`, `./testing`), without `./package.json`.
 *
 * @param {Record<string, any>} manifest the package.json
 * @returns {string[]}
 */
export function exportedSubpaths(manifest) {
  const { exports } = manifest;
  if (exports === undefined) return manifest.main ? ['.'] : [];
  // `"exports": "./x.js"` and `"exports": { "import": ... }` are sugar for the root subpath only.
  if (typeof exports === 'string' || Array.isArray(exports)) return ['.'];
  const keys = Object.keys(exports);
  if (!keys.some((key) => key.startsWith('.'))) return ['.'];
  return keys.filter((key) => key !== './package.json');
}

// Run in the child. Prints `{ "<export name>": "<typeof>" }` for the module named by SMOKE_SPEC.
const CHILD = {
  import: `const ns = await import(process.env.SMOKE_SPEC);
process.stdout.write(JSON.stringify(Object.fromEntries(Object.keys(ns).sort().map((k) => [k, typeof ns[k]]))));`,
  require: `const { createRequire } = await import('node:module');
const require = createRequire(process.env.SMOKE_FROM);
const ns = require(process.env.SMOKE_SPEC);
process.stdout.write(JSON.stringify(Object.fromEntries(Object.keys(ns).sort().map((k) => [k, typeof ns[k]]))));`,
};

/**
 * Loads `spec` in a fresh `node` with no custom conditions and no NODE_OPTIONS.
 *
 * @param {'import' | 'require'} mode how to load
 * @param {string} spec the bare specifier, e.g. `@warden/core/testing`
 * @param {string} dir the package directory: resolution starts there, as in the package itself
 * @returns {Promise<{ ok: true, exports: Record<string, string> } | { ok: false, error: string }>}
 */
function load(mode, spec, dir) {
  const env = { ...process.env, SMOKE_SPEC: spec, SMOKE_FROM: join(dir, 'package.json') };
  delete env.NODE_OPTIONS;
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--input-type=module', '--eval', CHILD[mode]],
      { cwd: dir, env, timeout: 30_000 },
      (err, stdout, stderr) => {
        if (err) {
          done({ ok: false, error: errorExcerpt(stderr || err.message) });
          return;
        }
        try {
          done({ ok: true, exports: JSON.parse(stdout) });
        } catch {
          done({ ok: false, error: `unexpected output: ${stdout.slice(0, 200)}` });
        }
      },
    );
  });
}

/**
 * The useful part of a child's stderr: from the error line on, without the stack frames.
 *
 * @param {string} stderr
 * @returns {string}
 */
function errorExcerpt(stderr) {
  const lines = stderr.trim().split('\n');
  const start = lines.findIndex((line) => /^[\w.]*(Error|Exception)\b/.test(line));
  return lines
    .slice(Math.max(0, start))
    .filter((line) => line.trim() !== '' && !/^\s+at /.test(line) && !/^Node\.js v/.test(line))
    .slice(0, 8)
    .join('\n');
}

/**
 * Runs `tasks` with at most `limit` at once.
 *
 * @template T
 * @param {(() => Promise<T>)[]} tasks
 * @param {number} limit
 * @returns {Promise<T[]>}
 */
async function pool(tasks, limit) {
  const results = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/**
 * Smoke-tests the built entry points of `packages`.
 *
 * @param {{ dir: string, manifest: Record<string, any> }[]} packages
 * @returns {Promise<string[]>} one line per failure; empty when everything loaded
 */
export async function smokeDist(packages) {
  const failures = [];
  const tasks = [];
  for (const { dir, manifest } of packages) {
    const subpaths = exportedSubpaths(manifest);
    if (subpaths.length === 0) failures.push(`${manifest.name}: exports nothing to load (no "exports" and no "main")`);
    for (const subpath of subpaths) {
      const spec = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
      if (subpath.includes('*')) {
        failures.push(`${spec}: pattern subpaths are not supported by this smoke test; list each entry point`);
        continue;
      }
      tasks.push(async () => {
        const [viaImport, viaRequire] = await Promise.all([load('import', spec, dir), load('require', spec, dir)]);
        return { spec, viaImport, viaRequire };
      });
    }
  }
  const results = await pool(tasks, Math.max(1, Math.floor(availableParallelism() / 2)));
  for (const { spec, viaImport, viaRequire } of results) {
    const problems = [];
    if (!viaImport.ok) problems.push(`import() failed:\n${indent(viaImport.error)}`);
    if (!viaRequire.ok) problems.push(`require() failed:\n${indent(viaRequire.error)}`);
    if (viaImport.ok && Object.keys(viaImport.exports).length === 0) problems.push('import() gave a module with no exports');
    if (viaImport.ok && viaRequire.ok) {
      const diff = compareExports(viaImport.exports, viaRequire.exports);
      if (diff) problems.push(diff);
    }
    const count = viaImport.ok ? Object.keys(viaImport.exports).length : 0;
    if (problems.length === 0) console.log(`ok   ${spec} (${count} exports, import and require agree)`);
    else failures.push(`${spec}:\n${indent(problems.join('\n'))}`);
  }
  return failures;
}

/**
 * Runs each package's `bin` scripts with plain node, as `npx <name>` would: `--version` must print
 * the package's version and `--help` some usage text, both exiting 0.
 *
 * @param {{ dir: string, manifest: Record<string, any> }[]} packages
 * @returns {Promise<string[]>} one line per failure
 */
export async function smokeBins(packages) {
  const failures = [];
  for (const { dir, manifest } of packages) {
    const bins = typeof manifest.bin === 'string' ? { [manifest.name]: manifest.bin } : (manifest.bin ?? {});
    for (const [name, path] of Object.entries(bins)) {
      const file = join(dir, path);
      const run = (arg) =>
        new Promise((done) => {
          const env = { ...process.env };
          delete env.NODE_OPTIONS;
          execFile(process.execPath, [file, arg], { cwd: dir, env, timeout: 30_000 }, (err, stdout, stderr) =>
            done({ code: err ? (err.code ?? 1) : 0, stdout, stderr }),
          );
        });
      const [version, help] = await Promise.all([run('--version'), run('--help')]);
      const problems = [];
      if (version.code !== 0 || version.stdout.trim() !== manifest.version)
        problems.push(`--version: exit ${version.code}, printed ${JSON.stringify(version.stdout.trim())} ${errorExcerpt(version.stderr)}`);
      if (help.code !== 0 || !/usage/i.test(help.stdout)) problems.push(`--help: exit ${help.code} ${errorExcerpt(help.stderr)}`);
      if (problems.length === 0) console.log(`ok   ${name} (bin ${path}): --version and --help`);
      else failures.push(`${manifest.name} bin ${name}:\n${indent(problems.join('\n'))}`);
    }
  }
  return failures;
}

/**
 * @param {Record<string, string>} viaImport export name → typeof, through import()
 * @param {Record<string, string>} viaRequire the same through require()
 * @returns {string | undefined} what differs, if anything
 */
function compareExports(viaImport, viaRequire) {
  // require() of an ES module with a default export adds `__esModule: true` (Node's documented
  // interop for transpiled CommonJS callers): not a difference in what the package exports.
  if (viaRequire.__esModule === 'boolean' && !('__esModule' in viaImport)) {
    viaRequire = { ...viaRequire };
    delete viaRequire.__esModule;
  }
  const onlyImport = Object.keys(viaImport).filter((k) => !(k in viaRequire));
  const onlyRequire = Object.keys(viaRequire).filter((k) => !(k in viaImport));
  const retyped = Object.keys(viaImport).filter((k) => k in viaRequire && viaImport[k] !== viaRequire[k]);
  const lines = [];
  if (onlyImport.length > 0) lines.push(`only through import(): ${onlyImport.join(', ')}`);
  if (onlyRequire.length > 0) lines.push(`only through require(): ${onlyRequire.join(', ')}`);
  for (const k of retyped) lines.push(`${k} is a ${viaImport[k]} through import() but a ${viaRequire[k]} through require()`);
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/** @param {string} text */
function indent(text) {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

/**
 * Checks that each package's `default` targets exist, so a missing build reads as such.
 *
 * @param {{ dir: string, manifest: Record<string, any> }[]} packages
 * @returns {string[]} the packages with no `dist/`
 */
export function unbuilt(packages) {
  return packages.filter(({ dir }) => !existsSync(join(dir, 'dist'))).map(({ manifest }) => manifest.name);
}

async function main() {
  let packages;
  try {
    packages = listPublicPackages(process.argv.slice(2));
  } catch (err) {
    console.error(`smoke-dist: ${err.message}`);
    process.exit(2);
  }
  const missing = unbuilt(packages);
  if (missing.length > 0) {
    console.error(`smoke-dist: no dist/ in ${missing.join(', ')}; run \`npm run build\` first`);
    process.exit(1);
  }
  const failures = [...(await smokeDist(packages)), ...(await smokeBins(packages))];
  if (failures.length > 0) {
    console.error(`\nsmoke-dist: ${failures.length} entry point(s) failed with plain node:\n`);
    for (const failure of failures) console.error(`FAIL ${failure}\n`);
    process.exit(1);
  }
  console.log(`smoke-dist: every entry point of ${packages.length} package(s) loads through import() and require()`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
