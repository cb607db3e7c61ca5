/** What `ssh.files` learned about one path. */
export interface FileInfo {
  path: string;
  exists: boolean;
  /** Bytes. */
  size?: number;
  /** Seconds since the last modification, by the remote clock. */
  ageSeconds?: number;
  /** Hex SHA-256 of the content (regular files). */
  sha256?: string;
}

/**
 * The script `ssh.files` runs with the paths as its arguments (`sh -c SCRIPT sh path…`):
 * one line per path, numbered, so names with spaces or newlines cannot confuse the parser;
 * ages use the remote clock, so clock skew does not matter.
 */
export const FILES_SCRIPT = [
  'now=$(date +%s); i=0',
  'for p in "$@"; do i=$((i+1))',
  '  if [ -f "$p" ]; then s=$(stat -c "%s %Y" -- "$p" 2>/dev/null || stat -c "%s %Y" "$p"); h=$(sha256sum < "$p" | cut -c1-64); echo "$i file $s $h"',
  '  elif [ -e "$p" ]; then s=$(stat -c "%s %Y" -- "$p" 2>/dev/null || stat -c "%s %Y" "$p"); echo "$i other $s -"',
  '  else echo "$i missing"; fi',
  'done',
  'echo "now $now"',
].join('\n');

/**
 * Parses the output of {@link FILES_SCRIPT}.
 *
 * @param text - stdout
 * @param paths - the paths passed, in order
 * @returns one entry per path
 */
export function parseFiles(text: string, paths: readonly string[]): FileInfo[] {
  const lines = text.split('\n');
  const now = Number(/^now (\d+)$/m.exec(text)?.[1]);
  const byIndex = new Map<number, string[]>();
  for (const line of lines) {
    const m = /^(\d+) (.*)$/.exec(line);
    if (m) byIndex.set(Number(m[1]), (m[2] ?? '').split(' '));
  }
  return paths.map((path, i) => {
    const f = byIndex.get(i + 1);
    if (f === undefined || f[0] === 'missing') return { path, exists: false };
    const info: FileInfo = { path, exists: true };
    const size = Number(f[1]);
    const mtime = Number(f[2]);
    if (Number.isFinite(size)) info.size = size;
    if (Number.isFinite(mtime) && Number.isFinite(now)) info.ageSeconds = Math.max(0, now - mtime);
    if (f[0] === 'file' && f[3] && /^[0-9a-f]{64}$/.test(f[3])) info.sha256 = f[3];
    return info;
  });
}
