import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

const SYSTEM_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/**
 * Finds an executable by name in `PATH` and the usual system directories (fping lives in
 * `/usr/sbin` on some systems, which a service's `PATH` may lack). Looked up at each call, so
 * a program installed while Warden runs is found.
 *
 * @param name - the program name, e.g. `fping`
 * @param dirs - where to look; by default `PATH`, then `/usr/local/sbin`, `/usr/local/bin`, `/usr/sbin`, `/usr/bin`, `/sbin`, `/bin`
 * @returns its absolute path, or undefined
 */
export async function findExecutable(name: string, dirs?: readonly string[]): Promise<string | undefined> {
  const search = dirs ?? [...(process.env.PATH ?? '').split(delimiter).filter((dir) => dir.startsWith('/')), ...SYSTEM_DIRS];
  for (const dir of new Set(search)) {
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
