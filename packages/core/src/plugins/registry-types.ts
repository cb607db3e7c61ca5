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
// biome-ignore lint/suspicious/noEmptyInterface: filled by core built-ins and plugins through declaration merging
export interface CollectorRegistry {}

/** Probe name → params type. See {@link CollectorRegistry} for how plugins extend it. */
// biome-ignore lint/suspicious/noEmptyInterface: filled through declaration merging
export interface ProbeRegistry {}

/** Action name → params type. See {@link CollectorRegistry} for how plugins extend it. */
// biome-ignore lint/suspicious/noEmptyInterface: filled through declaration merging
export interface ActionRegistry {}

/** Discoverer name → params type. See {@link CollectorRegistry} for how plugins extend it. */
// biome-ignore lint/suspicious/noEmptyInterface: filled through declaration merging
export interface DiscovererRegistry {}

/** Notifier name → params type. See {@link CollectorRegistry} for how plugins extend it. */
// biome-ignore lint/suspicious/noEmptyInterface: filled through declaration merging
export interface NotifierRegistry {}

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
