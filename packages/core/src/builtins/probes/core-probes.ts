import type { ProbeDefinition } from '../../plugins/types.js';
import { createNagiosProbe, type NagiosParamsInput, type NagiosProbeOptions } from './nagios.js';
import { createPingProbe, type PingParamsInput, type PingProbeOptions } from './ping.js';
import { createTcpProbe, type TcpParamsInput } from './tcp.js';

declare module '../../plugins/registry-types.js' {
  interface ProbeRegistry {
    /** Built-in TCP connect probe. */
    tcp: TcpParamsInput;
    /** Built-in ICMP echo probe (fping, else ping). */
    ping: PingParamsInput;
    /** Built-in Monitoring Plugins runner. */
    nagios: NagiosParamsInput;
  }
}

/** Options of core's built-in probes. */
export interface CoreProbeOptions {
  /** Options of the `ping` probe. */
  ping?: PingProbeOptions;
  /** Options of the `nagios` probe. */
  nagios?: NagiosProbeOptions;
}

/**
 * Core's built-in probes, `tcp`, `ping` and `nagios`, ready to register under those
 * unprefixed names.
 *
 * @param options - per-probe options
 * @returns the three probe definitions
 * @example
 * ```ts
 * for (const probe of createCoreProbes()) host.registerBuiltin('probe', probe);
 * ```
 */
export function createCoreProbes(options: CoreProbeOptions = {}): ProbeDefinition<unknown>[] {
  return [
    createTcpProbe() as ProbeDefinition<unknown>,
    createPingProbe(options.ping) as ProbeDefinition<unknown>,
    createNagiosProbe(options.nagios) as ProbeDefinition<unknown>,
  ];
}
