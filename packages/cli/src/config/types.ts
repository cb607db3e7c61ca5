import type {
  Asset,
  CheckSpec,
  CollectSpec,
  MaintenanceSpec,
  NotificationRouteSpec,
  RemediationRuleSpec,
  SecretLike,
  WardenOptions,
  WardenPlugin,
} from '@warden/core';
import type { ServeOptions } from '@warden/core/http';
import type { CloudOptions } from '@warden/plugin-cloud';
import type { SnmpPluginOptions } from '@warden/plugin-snmp';
import type { SshOptions } from '@warden/plugin-ssh';

/**
 * The bundled plugins to load, keyed by name, with their options (`{}` or `null` for the
 * defaults). A plugin left out is not loaded.
 */
export interface PluginsConfig {
  /** `@warden/plugin-snmp` options. */
  snmp?: SnmpPluginOptions | null;
  /** `@warden/plugin-ssh` options. */
  ssh?: SshOptions | null;
  /** `@warden/plugin-cloud` options. */
  cloud?: CloudOptions | null;
}

/** `warden.serve()` options as a config gives them: the token may be a secret. */
export interface ServeConfig extends Omit<ServeOptions, 'token'> {
  /** When set, every request needs `Authorization: Bearer <token>`. */
  token?: SecretLike;
}

/**
 * A Warden configuration: `createWarden()`'s options, plus one list per registration method
 * (`assets` → `warden.assets.add`, `collect` → `warden.collect`, `checks` → `warden.check`,
 * `maintenance`, `notify`, `remediate`), plus `serve` for `warden run`.
 *
 * In YAML and JSON files a secret is written `{ env: NAME }` or `{ file: path }`; in JS and TS
 * configs use `secret.env()` / `secret.file()`, and `plugins` may also be a list of plugin
 * instances (your own plugins included).
 *
 * @example
 * ```ts
 * import { defineConfig } from '@warden/cli';
 * export default defineConfig({
 *   assets: [{ id: 'self', kind: 'host' }],
 *   collect: [{ collector: 'host.local', assets: { ids: ['self'] }, every: '15s' }],
 *   checks: [{ id: 'disk', assets: 'kind=host', metric: 'system.filesystem.utilization', warn: '>0.8', crit: '>0.9' }],
 * });
 * ```
 */
export interface WardenConfig extends Omit<WardenOptions, 'plugins'> {
  /** Bundled plugins by name with their options, or (JS/TS configs) plugin instances. */
  plugins?: PluginsConfig | readonly WardenPlugin[];
  /** The inventory. */
  assets?: readonly Asset[];
  /** Collections, as `warden.collect()` takes them. */
  collect?: readonly CollectSpec[];
  /** Checks, as `warden.check()` takes them. */
  checks?: readonly CheckSpec[];
  /** Maintenance windows, as `warden.maintenance()` takes them. */
  maintenance?: readonly MaintenanceSpec[];
  /** Notification routes, as `warden.notify()` takes them. */
  notify?: readonly NotificationRouteSpec[];
  /** Remediation rules, as `warden.remediate()` takes them. */
  remediate?: readonly RemediationRuleSpec[];
  /** Serve `/health`, `/metrics`, `/incidents` and `POST /submit` while `warden run` runs. */
  serve?: ServeConfig;
}

/** What a JS or TS config file may export (as `default`): a config, or a function making one. */
export type ConfigExport = WardenConfig | ((context: ConfigContext) => WardenConfig | Promise<WardenConfig>);

/** What a config function receives. */
export interface ConfigContext {
  /** The command being run: `check`, `run`, `discover`. */
  command: string;
  /** The config file's absolute path. */
  file: string;
}

/**
 * Types a config in a JS or TS config file (editor completion, compile errors); returns it unchanged.
 *
 * @param config - the config, or a function returning it
 * @returns the same value
 * @example
 * ```ts
 * // warden.config.ts
 * import { defineConfig } from '@warden/cli';
 * export default defineConfig({ assets: [{ id: 'self', kind: 'host' }] });
 * ```
 */
export function defineConfig<C extends ConfigExport>(config: C): C {
  return config;
}
