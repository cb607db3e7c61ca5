import type { ProbeDefinition } from '../../plugins/types.js';
import { createNagiosProbe, type NagiosProbeOptions } from './nagios.js';
import { createPingProbe, type PingProbeOptions } from './ping.js';
import { createTcpProbe } from './tcp.js';

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
