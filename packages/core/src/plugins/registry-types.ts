import type { ExecLocalParamsInput } from '../builtins/exec/exec-local.js';
import type { HostLocalParams } from '../builtins/host-local/options.js';
import type { LogNotifierParams } from '../builtins/log/notifier.js';
import type { NagiosParamsInput } from '../builtins/probes/nagios.js';
import type { PingParamsInput } from '../builtins/probes/ping.js';
import type { TcpParamsInput } from '../builtins/probes/tcp.js';

/**
 * Typed registries: each maps a registered name to its params type. Plugins add their names
 * by declaration merging, so `warden.check({ probe: 'snmp.gett' })` or wrong params are
 * compile errors:
 *
 * @example
 * ```ts
 * declare module '@warden/core' {
 *   interface ProbeRegistry { 'acme.outlet': { outlet: number } }
 * }
 * ```
 */
export interface CollectorRegistry {
  /** Built-in: measures the machine Warden runs on. */
  'host.local': HostLocalParams;
}

/** Probe name → params type. See {@link CollectorRegistry} for how plugins extend it. */
export interface ProbeRegistry {
  /** Built-in TCP connect probe. */
  tcp: TcpParamsInput;
  /** Built-in ICMP echo probe (fping, else ping). */
  ping: PingParamsInput;
  /** Built-in Monitoring Plugins runner. */
  nagios: NagiosParamsInput;
}

/** Action name → params type. See {@link CollectorRegistry} for how plugins extend it. */
export interface ActionRegistry {
  /** Built-in: runs a program (argv, no shell) on the machine Warden runs on. */
  'exec.local': ExecLocalParamsInput;
}

/** Discoverer name → params type. See {@link CollectorRegistry} for how plugins extend it. */
// biome-ignore lint/suspicious/noEmptyInterface: filled through declaration merging
export interface DiscovererRegistry {}

/** Notifier name → params type. See {@link CollectorRegistry} for how plugins extend it. */
export interface NotifierRegistry {
  /** Built-in: writes notifications to the Warden logger. */
  log: LogNotifierParams;
}

/** A registered collector name. */
export type CollectorName = keyof CollectorRegistry & string;
/** A registered probe name. */
export type ProbeName = keyof ProbeRegistry & string;
/** A registered action name. */
export type ActionName = keyof ActionRegistry & string;
/** A registered discoverer name. */
export type DiscovererName = keyof DiscovererRegistry & string;
/** A registered notifier name. */
export type NotifierName = keyof NotifierRegistry & string;
