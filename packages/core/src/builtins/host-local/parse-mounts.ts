/** One line of `/proc/self/mounts` (the fstab format). */
export interface MountEntry {
  /** What is mounted: `/dev/vda`, `server:/export`, `tmpfs`. */
  device: string;
  /** Where it is mounted, with `\040`-style escapes decoded (`/mnt/my disk`). */
  mountpoint: string;
  /** Filesystem type: `ext4`, `xfs`, `nfs4`, `tmpfs`. */
  type: string;
  /** Mount options: `rw`, `relatime`, … */
  options: string[];
}

/**
 * Decodes the octal escapes the kernel writes for space, tab, newline and backslash
 * (`\040`, `\011`, `\012`, `\134`).
 *
 * @param field - a field as written in the mounts file
 * @returns the real text
 */
export function decodeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/**
 * Parses `/proc/self/mounts` (or `/proc/mounts`). Malformed lines are skipped: the file is
 * written by the kernel, and one odd line should not hide every other filesystem.
 *
 * @param text - the file's content
 * @returns the mounts in file order (a mountpoint mounted twice appears twice; the last one is visible)
 */
export function parseMounts(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const [device, mountpoint, type, options] = line.trim().split(/\s+/);
    if (device === undefined || mountpoint === undefined || type === undefined || device === '') continue;
    out.push({
      device: decodeMountField(device),
      mountpoint: decodeMountField(mountpoint),
      type,
      options: options === undefined ? [] : options.split(','),
    });
  }
  return out;
}
