import { parseCount, parseError } from './parse-error.js';

/**
 * Parses `/proc/meminfo` into bytes: `MemTotal: 24731708 kB` becomes `MemTotal → 25325268992`.
 * Fields without a unit (`HugePages_Total`) are counts and kept as they are.
 *
 * @param text - the file's content
 * @returns field name to value
 * @throws WardenError `ERR_COLLECT` when `MemTotal` is missing
 */
export function parseMeminfo(text: string): Map<string, number> {
  const fields = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([^:\s]+):\s+(\d+)(?:\s+(kB))?\s*$/.exec(line);
    if (match === null) continue;
    const value = parseCount(match[2]);
    if (value === undefined) continue;
    fields.set(match[1] as string, match[3] === 'kB' ? value * 1024 : value);
  }
  if (!fields.has('MemTotal')) throw parseError('/proc/meminfo', 'no MemTotal field', text);
  return fields;
}
