import { parseCount, parseError } from './parse-error.js';

/** Counters of one network interface since boot, from `/proc/net/dev`. */
export interface NetDevCounters {
  /** Kernel interface name (`eth0`, `eth0.100`, `br-lan`). */
  device: string;
  /** Bytes received. */
  rxBytes: number;
  /** Packets received. */
  rxPackets: number;
  /** Receive errors. */
  rxErrors: number;
  /** Received packets dropped. */
  rxDropped: number;
  /** Bytes sent. */
  txBytes: number;
  /** Packets sent. */
  txPackets: number;
  /** Transmit errors. */
  txErrors: number;
  /** Outgoing packets dropped. */
  txDropped: number;
}

/**
 * Parses `/proc/net/dev`. The interface name ends at the line's last colon (counters never
 * contain one), and a large first counter may follow the colon with no space.
 *
 * @param text - the file's content
 * @returns one entry per interface, in file order
 * @throws WardenError `ERR_COLLECT` when an interface line has fewer than 16 counters
 */
export function parseNetDev(text: string): NetDevCounters[] {
  const out: NetDevCounters[] = [];
  for (const line of text.split('\n')) {
    // The two header lines use `|` between column groups.
    if (line.includes('|') || line.trim() === '') continue;
    const colon = line.lastIndexOf(':');
    if (colon === -1) throw parseError('/proc/net/dev', `no "name:" in line "${line.trim()}"`, text);
    const device = line.slice(0, colon).trim();
    const fields = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(parseCount);
    if (device === '' || fields.length < 16 || fields.some((f) => f === undefined)) {
      throw parseError('/proc/net/dev', `expected 16 counters for "${device}"`, text);
    }
    const f = fields as number[];
    out.push({
      device,
      rxBytes: f[0]!,
      rxPackets: f[1]!,
      rxErrors: f[2]!,
      rxDropped: f[3]!,
      txBytes: f[8]!,
      txPackets: f[9]!,
      txErrors: f[10]!,
      txDropped: f[11]!,
    });
  }
  return out;
}
