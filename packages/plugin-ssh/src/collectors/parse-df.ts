/** One line of `df -kPT` or `df -iPT`. */
export interface DfRow {
  device: string;
  /** Filesystem type (absent when `df` had no `-T`). */
  type: string | undefined;
  /** Total, used and available: 1 KiB blocks (`-k`) or inodes (`-i`). */
  total: number;
  used: number;
  available: number;
  mountpoint: string;
}

/**
 * Parses POSIX `df -P` output, with or without the `Type` column (`-T`, GNU and BusyBox).
 * Mount points may contain spaces (everything after the capacity column). Rows whose numbers
 * are `-` (filesystems without inode counts) are skipped.
 *
 * @param text - df's output, header included
 * @returns the rows
 */
export function parseDf(text: string): DfRow[] {
  const lines = text.split('\n');
  const header = lines[0] ?? '';
  const typed = /\bType\b/.test(header);
  const row = typed ? /^(\S+)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+\S+\s+(.+)$/ : /^(\S+)\s+()(\d+)\s+(\d+)\s+(\d+)\s+\S+\s+(.+)$/;
  const out: DfRow[] = [];
  for (const line of lines.slice(1)) {
    const m = row.exec(line.trimEnd());
    if (m === null) continue;
    out.push({
      device: m[1] ?? '',
      type: typed ? m[2] : undefined,
      total: Number(m[3]),
      used: Number(m[4]),
      available: Number(m[5]),
      mountpoint: m[6] ?? '',
    });
  }
  return out;
}
