// Checks what each public workspace package would publish, after `npm run build`:
//   1. publint over the packed file list (`npm pack`): exports pointing at unpublished or missing
//      files, condition order, format mismatches;
//   2. Are the Types Wrong? (attw) over the packed tarball: whether TypeScript resolves the right
//      declarations for every entry point;
//   3. scripts/smoke-dist.mjs: every built entry point loads with plain node through import() and
//      require(), and both expose the same names; every `bin` answers --version and --help.
// Any error or warning fails the run (exit 1), naming the package and the problem; publint's
// suggestions are printed but do not fail.
//
// Usage: node scripts/check-packages.mjs [packages/<name> ...]   (default: every package)

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { listPublicPackages, ROOT, smokeBins, smokeDist, unbuilt } from './smoke-dist.mjs';

// attw profile. Warden's packages are ESM-only and require Node >= 20.19, where `require()` of an
// ES module works, so the CommonJS consumer is served at run time (smoke-dist proves it). attw's
// `esm-only` profile checks what can still be wrong for such a package — TypeScript's `node16`
// (nodenext) resolution from ESM and `bundler` — and skips two modes that do not apply:
// `node16-cjs`, where attw's TypeScript still calls any require() of ESM an error (TypeScript
// itself accepts it from 5.8 with `module: node20`/`nodenext`), and `node10`, the legacy
// resolution that ignores `exports` and so cannot see subpaths such as `@warden/core/testing`.
const ATTW_PROFILE = 'esm-only';
const ATTW_IGNORED_RESOLUTIONS = new Set(['node10', 'node16-cjs']);
const ATTW_BIN = join(ROOT, 'node_modules', '.bin', 'attw');

/**
 * publint over the package as npm would pack it.
 *
 * @param {string} dir the package directory
 * @returns {Promise<{ failures: string[], notes: string[] }>}
 */
async function runPublint(dir) {
  const { messages, pkg } = await publint({ pkgDir: dir, pack: 'npm', level: 'suggestion' });
  const failures = [];
  const notes = [];
  for (const message of messages) {
    const text = `publint ${message.type} ${message.code}: ${formatMessage(message, pkg, { color: false }) ?? ''}`;
    (message.type === 'suggestion' ? notes : failures).push(text);
  }
  return { failures, notes };
}

/**
 * attw over the packed tarball (`attw --pack` runs `npm pack` and deletes the tarball after).
 *
 * @param {string} dir the package directory
 * @returns {Promise<string[]>} the problems not ignored by the profile
 */
function runAttw(dir) {
  return new Promise((done) => {
    execFile(
      ATTW_BIN,
      ['--pack', dir, '--profile', ATTW_PROFILE, '--format', 'json'],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, FORCE_COLOR: '0' } },
      (err, stdout, stderr) => {
        let report;
        try {
          report = JSON.parse(stdout);
        } catch {
          done([`attw did not run: ${(stderr || err?.message || stdout).trim()}`]);
          return;
        }
        const { analysis } = report;
        // attw exits 0 for a package with no types at all; for us that is a failure.
        if (!analysis.types) {
          done(['attw: the package ships no type declarations']);
          return;
        }
        const problems = analysis.problems
          .filter((problem) => !ATTW_IGNORED_RESOLUTIONS.has(problem.resolutionKind))
          .map((problem) => {
            const where = [
              problem.entrypoint && `entry point "${problem.entrypoint}"`,
              problem.resolutionKind && `resolution ${problem.resolutionKind}`,
            ]
              .filter(Boolean)
              .join(', ');
            const docs = `https://github.com/arethetypeswrong/arethetypeswrong.github.io/blob/main/docs/problems/${problem.kind}.md`;
            return `attw ${problem.kind}${where ? ` (${where})` : ''}; see ${docs}`;
          });
        done(problems);
      },
    );
  });
}

async function main() {
  let packages;
  try {
    packages = listPublicPackages(process.argv.slice(2));
  } catch (err) {
    console.error(`check-packages: ${err.message}`);
    process.exit(2);
  }
  if (packages.length === 0) {
    console.error('check-packages: no public package found under packages/');
    process.exit(1);
  }
  const missing = unbuilt(packages);
  if (missing.length > 0) {
    console.error(`check-packages: no dist/ in ${missing.join(', ')}; run \`npm run build\` first`);
    process.exit(1);
  }
  if (!existsSync(ATTW_BIN)) {
    console.error('check-packages: @arethetypeswrong/cli is not installed at the root; run `npm ci`');
    process.exit(1);
  }

  const failed = [];
  // One package at a time: publint and attw each run `npm pack` in the package directory.
  for (const { dir, manifest } of packages) {
    const where = relative(ROOT, dir);
    const lint = await runPublint(dir);
    const types = await runAttw(dir);
    const failures = [...lint.failures, ...types];
    for (const note of lint.notes) console.log(`note ${manifest.name} (${where}): ${note}`);
    if (failures.length === 0) {
      console.log(`ok   ${manifest.name}: publint and attw (${ATTW_PROFILE}) clean`);
    } else {
      failed.push(manifest.name);
      console.error(`FAIL ${manifest.name} (${where}):`);
      for (const failure of failures) console.error(`     - ${failure}`);
    }
  }

  const smokeFailures = [...(await smokeDist(packages)), ...(await smokeBins(packages))];
  for (const failure of smokeFailures) console.error(`FAIL ${failure}`);

  if (failed.length > 0 || smokeFailures.length > 0) {
    const parts = [];
    if (failed.length > 0) parts.push(`packaging problems in ${failed.join(', ')}`);
    if (smokeFailures.length > 0) parts.push(`${smokeFailures.length} entry point(s) failing with plain node`);
    console.error(`\ncheck-packages: ${parts.join('; ')}`);
    process.exit(1);
  }
  console.log(`\ncheck-packages: ${packages.length} package(s) clean`);
}

await main();
