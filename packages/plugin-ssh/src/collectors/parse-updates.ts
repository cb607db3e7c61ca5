/** Pending updates found by the package manager's dry run. */
export interface PendingUpdates {
  manager: 'apt' | 'dnf' | 'yum' | 'zypper' | 'apk';
  /** Packages with a newer version available. */
  all: number;
  /** Of those, security updates (`undefined` when the manager cannot tell, as apk). */
  security: number | undefined;
  /** Whether the system asks for a reboot (`/var/run/reboot-required`, `needs-restarting -r`). */
  rebootRequired: boolean;
  /** Names of the packages with updates. */
  packages: string[];
}

/**
 * The script `ssh.updates` runs: finds the package manager and prints, in sections, what a
 * dry run would upgrade, the security subset and whether a reboot is required. Nothing is
 * installed; apt's simulation runs without the lock.
 */
export const UPDATES_SCRIPT = [
  'LC_ALL=C; export LC_ALL',
  'if command -v apt-get >/dev/null 2>&1; then',
  '  echo @@warden:apt; apt-get -s -o Debug::NoLocking=1 dist-upgrade 2>/dev/null | grep "^Inst "',
  'elif command -v dnf >/dev/null 2>&1; then',
  '  echo @@warden:dnf; dnf -q check-update 2>/dev/null; echo @@warden:security; dnf -q updateinfo list --security --updates 2>/dev/null',
  'elif command -v yum >/dev/null 2>&1; then',
  '  echo @@warden:yum; yum -q check-update 2>/dev/null; echo @@warden:security; yum -q updateinfo list security 2>/dev/null',
  'elif command -v zypper >/dev/null 2>&1; then',
  '  echo @@warden:zypper; zypper -q --non-interactive list-updates 2>/dev/null; echo @@warden:security; zypper -q --non-interactive list-patches --category security 2>/dev/null',
  'elif command -v apk >/dev/null 2>&1; then',
  "  echo @@warden:apk; apk version -l '<' 2>/dev/null",
  'else echo @@warden:none; fi',
  'echo @@warden:reboot',
  'if [ -f /var/run/reboot-required ]; then echo yes',
  'elif command -v needs-restarting >/dev/null 2>&1; then needs-restarting -r >/dev/null 2>&1; [ $? -eq 1 ] && echo yes || echo no',
  'else echo no; fi',
].join('\n');

function sections(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    const m = /^@@warden:(\w+)$/.exec(line);
    if (m?.[1] !== undefined) {
      current = [];
      out.set(m[1], current);
    } else current?.push(line);
  }
  return out;
}

/**
 * Parses the output of {@link UPDATES_SCRIPT}.
 *
 * @param text - the script's stdout
 * @returns the counts, or `undefined` when no supported package manager was found
 * @example
 * ```ts
 * parseUpdates('@@warden:apt\nInst libc6 [2.36-9] (2.36-9+deb12u4 Debian-Security:12/stable-security [amd64])\n@@warden:reboot\nno\n');
 * // { manager: 'apt', all: 1, security: 1, rebootRequired: false, packages: ['libc6'] }
 * ```
 */
export function parseUpdates(text: string): PendingUpdates | undefined {
  const s = sections(text);
  const rebootRequired = (s.get('reboot') ?? []).some((l) => l.trim() === 'yes');
  const lines = (name: string) => (s.get(name) ?? []).map((l) => l.trim()).filter((l) => l !== '');
  if (s.has('apt')) {
    const inst = lines('apt').filter((l) => l.startsWith('Inst '));
    const packages = inst.map((l) => l.split(/\s+/)[1] ?? '');
    const security = inst.filter((l) => /-security|Debian-Security/i.test(l)).length;
    return { manager: 'apt', all: inst.length, security, rebootRequired, packages };
  }
  for (const manager of ['dnf', 'yum'] as const) {
    if (!s.has(manager)) continue;
    // `name.arch  version  repo`; "Obsoleting Packages" and wrapped lines are skipped.
    const rows = lines(manager).filter((l) => /^\S+\.\S+\s+\S+\s+\S+$/.test(l));
    const packages = [...new Set(rows.map((l) => (l.split(/\s+/)[0] ?? '').replace(/\.[^.]+$/, '')))];
    // `ADVISORY  type/severity  package-version.arch`
    const secPkgs = new Set(
      lines('security')
        .map((l) => l.split(/\s+/)[2])
        .filter((p): p is string => p !== undefined),
    );
    return { manager, all: packages.length, security: secPkgs.size, rebootRequired, packages };
  }
  if (s.has('zypper')) {
    const rows = lines('zypper').filter((l) => /^v\s*\|/.test(l));
    const packages = rows.map((l) => (l.split('|')[2] ?? '').trim());
    const security = lines('security').filter((l) => /\|\s*security\s*\|/.test(l) && !/\|\s*(applied|not needed)\s*\|/.test(l)).length;
    return { manager: 'zypper', all: rows.length, security, rebootRequired, packages };
  }
  if (s.has('apk')) {
    const rows = lines('apk').filter((l) => /\s<\s/.test(l));
    const packages = rows.map((l) => (l.split(/\s+/)[0] ?? '').replace(/-\d[^-]*-r\d+$/, ''));
    return { manager: 'apk', all: rows.length, security: undefined, rebootRequired, packages };
  }
  return undefined;
}
