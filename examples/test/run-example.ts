import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root: examples run from there, as `npm run quickstart` does. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What a user sees when running an example. */
export interface ExampleRun {
  /** The process's exit code. */
  code: number | null;
  /** Everything it printed on stdout. */
  stdout: string;
  /** Everything it printed on stderr. */
  stderr: string;
}

/**
 * Runs `npx tsx --conditions=@warden/source examples/<name>/index.ts <args>` from the root,
 * as a user would, and waits for it to exit by itself.
 *
 * @param name - the example's folder
 * @param args - command-line arguments
 * @param env - extra environment variables
 * @returns its exit code and output
 */
export function runExample(name: string, args: string[] = [], env: Record<string, string> = {}): Promise<ExampleRun> {
  return runScript(`examples/${name}/index.ts`, args, env);
}

/**
 * Runs a TypeScript file with tsx and the workspace's source condition.
 *
 * @param path - path from the repository root
 * @param args - command-line arguments
 * @param env - extra environment variables
 * @returns its exit code and output
 */
export function runScript(path: string, args: string[] = [], env: Record<string, string> = {}): Promise<ExampleRun> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', '--conditions=@warden/source', path, ...args],
      // A generous kill switch: an example that does not exit by itself fails its test.
      { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 45_000, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
