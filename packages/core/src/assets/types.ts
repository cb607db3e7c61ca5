/**
 * Connection blocks keyed by plugin name. Plugins add their block by declaration merging:
 *
 * @example
 * ```ts
 * declare module '@warden/core' {
 *   interface AssetConnections { snmp?: SnmpAssetConfig }
 * }
 * ```
 */
// biome-ignore lint/suspicious/noEmptyInterface: extended by plugins through declaration merging
export interface AssetConnections {}

/** Where an asset is in its life: only `active` assets get jobs. */
export type Lifecycle = 'planned' | 'active' | 'retired';

/** A group of redundant parents: up while any member is up. */
export interface AnyOfGroup {
  /** The members (asset ids). */
  anyOf: string[];
}

/** A dependency: an asset id, or a group that is up while any member is up. */
export type DependsOnEntry = string | AnyOfGroup;

/** What collectors and discoverers learn about an asset (vendor, model, serial, os, …). */
export type Facts = Record<string, string | number | boolean>;

/** The fields every asset has, whatever its kind. */
export interface AssetBase {
  /** Stable unique id (`web-1`, `sw-ams1-03`). */
  id: string;
  /** Open-ended kind: `host`, `network-device`, `ups`, `pdu`, `cloud-instance`, `service`, … */
  kind: string;
  /** Human-readable name. */
  name?: string;
  /** Host name or IP address used by probes and plugins. */
  address?: string;
  /** Labels used by selectors and copied to nothing else. */
  labels?: Record<string, string>;
  /** Every entry must be up for this asset to be reachable. */
  dependsOn?: DependsOnEntry[];
  /** @defaultValue `'active'` */
  lifecycle?: Lifecycle;
  /** Inventory facts. */
  facts?: Facts;
}

/** An asset: the base fields plus each installed plugin's connection block. */
export type Asset = AssetBase & AssetConnections;
