/** Round-trip statistics of one ping run; times in seconds. */
export interface PingStats {
  /** Echo requests sent. */
  sent: number;
  /** Replies received. */
  received: number;
  /** Share of requests without a reply, 0–1. */
  loss: number;
  /** Round-trip times in seconds, when at least one reply came back. */
  rtt?: { min: number; avg: number; max: number };
}

const round = (value: number, digits = 12): number => Number(value.toFixed(digits));

/**
 * Parses `fping -C <count> -q <host>` output (fping writes it to stderr):
 * `127.0.0.1 : 0.021 0.043 -` — one round-trip time in milliseconds per request, `-` for
 * none. Lines for other hosts and diagnostics are skipped.
 *
 * @param text - fping's stderr (and stdout)
 * @param host - the host pinged, to pick its line (the first result line when omitted)
 * @returns the statistics, or undefined when no result line is found
 * @example
 * ```ts
 * parseFping('10.0.0.9 : 0.52 - 0.61 - -\n'); // { sent: 5, received: 2, loss: 0.6, rtt: { min: 0.00052, avg: 0.000565, max: 0.00061 } }
 * ```
 */
export function parseFping(text: string, host?: string): PingStats | undefined {
  for (const line of text.split(/\r?\n/)) {
    const match = /^(\S+)\s+:\s+((?:(?:\d+(?:\.\d+)?|-)\s*)+)$/.exec(line.trim());
    if (!match || (host !== undefined && match[1] !== host)) continue;
    const fields = (match[2] as string).trim().split(/\s+/);
    const times = fields.filter((field) => field !== '-').map((field) => Number(field) / 1000);
    const stats: PingStats = { sent: fields.length, received: times.length, loss: round(1 - times.length / fields.length) };
    if (times.length > 0) {
      const sum = times.reduce((a, b) => a + b, 0);
      stats.rtt = { min: Math.min(...times), avg: round(sum / times.length), max: Math.max(...times) };
    }
    return stats;
  }
  return undefined;
}

/**
 * Parses the summary of iputils `ping -c <count>` (Linux):
 * `5 packets transmitted, 3 received, +2 errors, 40% packet loss, time 812ms` and
 * `rtt min/avg/max/mdev = 0.029/0.035/0.042/0.004 ms`.
 *
 * @param text - ping's stdout
 * @returns the statistics, or undefined when the summary line is missing
 */
export function parseIputilsPing(text: string): PingStats | undefined {
  const counts = /(\d+) packets transmitted, (\d+) (?:packets )?received/.exec(text);
  if (!counts) return undefined;
  const sent = Number(counts[1]);
  const received = Number(counts[2]);
  const stats: PingStats = { sent, received, loss: sent === 0 ? 1 : round(1 - received / sent) };
  const rtt = /(?:rtt|round-trip) min\/avg\/max(?:\/(?:mdev|stddev))? = ([\d.]+)\/([\d.]+)\/([\d.]+)(?:\/[\d.]+)? ms/.exec(text);
  if (rtt && received > 0) {
    stats.rtt = { min: Number(rtt[1]) / 1000, avg: Number(rtt[2]) / 1000, max: Number(rtt[3]) / 1000 };
  }
  return stats;
}
