import { isIPv4 } from 'node:net';

/** One address to probe. */
export interface SweepTarget {
  /** IPv4 address or host name. */
  address: string;
  /** UDP port. */
  port: number;
}

/** The most addresses one sweep may cover (a /20). */
export const MAX_SWEEP_ADDRESSES = 4096;

function toInt(address: string): number {
  return address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function toAddress(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/**
 * Why a target text is not usable, or `undefined` when it is: an IPv4 address, an IPv4 CIDR
 * range (`10.0.0.0/24`, at most {@link MAX_SWEEP_ADDRESSES} addresses), or a host name; each
 * optionally with `:port`.
 *
 * @param text - the target as written
 * @returns the problem, or `undefined`
 */
export function targetProblem(text: string): string | undefined {
  const { host, port } = splitPort(text);
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65_535)) return `port in ${JSON.stringify(text)} is not 1–65535`;
  const slash = host.indexOf('/');
  if (slash >= 0) {
    const base = host.slice(0, slash);
    const bits = Number(host.slice(slash + 1));
    if (!isIPv4(base)) return `${JSON.stringify(text)} is not an IPv4 CIDR range such as 10.0.0.0/24`;
    if (!Number.isInteger(bits) || bits < 0 || bits > 32) return `prefix length in ${JSON.stringify(text)} is not 0–32`;
    if (2 ** (32 - bits) > MAX_SWEEP_ADDRESSES)
      return `${JSON.stringify(text)} covers ${2 ** (32 - bits)} addresses; sweep at most ${MAX_SWEEP_ADDRESSES} (a /20) at a time`;
    return undefined;
  }
  if (isIPv4(host)) return undefined;
  // All digits and dots but not an IPv4 address (`10.0.0.300`) is a typo, not a host name.
  if (/^[\d.]+$/.test(host)) return `${JSON.stringify(text)} is not an IPv4 address, CIDR range or host name`;
  if (/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(host)) return undefined;
  return `${JSON.stringify(text)} is not an IPv4 address, CIDR range or host name`;
}

function splitPort(text: string): { host: string; port?: number } {
  const match = /^(.*):(\d+)$/.exec(text.trim());
  return match ? { host: match[1] as string, port: Number(match[2]) } : { host: text.trim() };
}

/**
 * Expands targets into the addresses to probe, in order, without duplicates. A CIDR range
 * skips its network and broadcast addresses (except /31 and /32).
 *
 * @param targets - validated target texts (see {@link targetProblem})
 * @param defaultPort - port for targets without one
 * @returns the addresses
 * @throws RangeError when the targets cover more than {@link MAX_SWEEP_ADDRESSES} addresses in all
 */
export function expandTargets(targets: readonly string[], defaultPort: number): SweepTarget[] {
  const out: SweepTarget[] = [];
  const seen = new Set<string>();
  const push = (address: string, port: number): void => {
    const key = `${address}:${port}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ address, port });
    if (out.length > MAX_SWEEP_ADDRESSES) {
      throw new RangeError(`the targets cover more than ${MAX_SWEEP_ADDRESSES} addresses; split the sweep`);
    }
  };
  for (const text of targets) {
    const { host, port = defaultPort } = splitPort(text);
    const slash = host.indexOf('/');
    if (slash < 0) {
      push(host, port);
      continue;
    }
    const bits = Number(host.slice(slash + 1));
    const size = 2 ** (32 - bits);
    const network = toInt(host.slice(0, slash)) - (toInt(host.slice(0, slash)) % size);
    const [first, last] = size <= 2 ? [network, network + size - 1] : [network + 1, network + size - 2];
    for (let n = first; n <= last; n++) push(toAddress(n), port);
  }
  return out;
}
