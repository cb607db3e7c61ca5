import { parseCount, parseError } from './parse-error.js';

/** What `/proc/uptime` holds, in seconds. */
export interface Uptime {
  /** Seconds since boot. */
  uptime: number;
  /** Seconds all CPUs together spent idle since boot. */
  idle: number;
}

/**
 * Parses `/proc/uptime` (`409.06 723.00`).
 *
 * @param text - the file's content
 * @returns uptime and idle seconds
 * @throws WardenError `ERR_COLLECT` when the first field is not a number
 */
export function parseUptime(text: string): Uptime {
  const [up, idle] = text.trim().split(/\s+/);
  const uptime = parseCount(up);
  if (uptime === undefined) throw parseError('/proc/uptime', 'expected "uptime idle" in seconds', text);
  return { uptime, idle: parseCount(idle) ?? 0 };
}
