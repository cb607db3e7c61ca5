import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/**
 * A fresh temporary directory per test, removed (with everything in it) after the test.
 *
 * @returns a function giving the current test's directory joined with `name`
 */
export function useTempDir(): (name?: string) => string {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  return (name = 'warden.db') => {
    dir ??= mkdtempSync(join(tmpdir(), 'warden-store-sqlite-'));
    return join(dir, name);
  };
}
