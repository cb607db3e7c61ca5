// The fake sudo/systemctl/apt-get/dnf/reboot from scripts/system/ssh/shims, with a private
// state directory: commands under test never touch the real machine's services or packages.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Shim directory and state. */
export interface Shims {
  /** Environment for commands: PATH with the shims first, and the state directory. */
  env: Record<string, string>;
  /** Recorded calls, one line each: `prog [arg] [arg]`. */
  calls(): string[];
  state: string;
}

/** @returns a fresh shim state */
export function createShims(): Shims {
  const dir = fileURLToPath(new URL('../../../../scripts/system/ssh/shims', import.meta.url));
  const state = mkdtempSync(join(tmpdir(), 'warden-shims-'));
  return {
    state,
    env: { PATH: `${dir}:${process.env.PATH ?? '/usr/bin:/bin'}`, WARDEN_SHIM_STATE: state },
    calls: () => {
      const log = join(state, 'calls.log');
      return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
    },
  };
}
