import { createWarden, type Warden, type WardenOptions, type WardenPlugin } from '@warden/core';
import { IssueCollector } from './config-error.js';
import { configFileSchema } from './file-schema.js';
import type { LoadedConfig } from './load.js';
import { BUNDLED_PLUGINS, type BundledPluginName, isBundledPlugin } from './plugins.js';
import type { ServeConfig, WardenConfig } from './types.js';

/** Options of {@link buildWarden}. */
export interface BuildWardenOptions {
  /** Bundled plugins to load even when the config does not name them (`discover snmp` needs snmp). */
  require?: readonly BundledPluginName[];
  /** Options passed to `createWarden()` over the config's (a logger, a clock in tests). */
  overrides?: Omit<WardenOptions, 'plugins'>;
}

/** A Warden made from a config file. */
export interface BuiltWarden {
  /** The Warden, with every asset, collection, check, window, route and rule registered; not started. */
  warden: Warden;
  /** The config's `serve` options, as written (a `token` may be a secret: `warden run` reveals it when it starts serving). */
  serve: ServeConfig | undefined;
}

/**
 * Makes a Warden from a loaded config: the plugins, `createWarden()` with the config's options,
 * then each section through the method it configures. Validation is Warden's own; every problem
 * found (not only the first) is reported at its line in the file.
 *
 * @param loaded - the config, from {@link loadConfig}
 * @param options - plugins to load regardless, and createWarden() overrides
 * @returns the Warden (idle) and the `serve` options
 * @throws WardenError `ERR_CONFIG_INVALID` listing each problem as `file:line:col path: message`
 * @example
 * ```ts
 * const { warden } = await buildWarden(await loadConfig('warden.yaml'));
 * const report = await warden.runOnce();
 * await warden.stop();
 * ```
 */
export async function buildWarden(loaded: LoadedConfig, options: BuildWardenOptions = {}): Promise<BuiltWarden> {
  const issues = new IssueCollector(loaded);
  const shape = configFileSchema.safeParse(loaded.config);
  if (!shape.success) {
    for (const issue of shape.error.issues) {
      const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
      if (issue.code === 'unrecognized_keys') for (const key of issue.keys) issues.add([...path, key], unknownKey(key, path), 'key');
      else issues.add(path, issue.message);
    }
    throw issues.toError();
  }
  const config = loaded.config;
  const plugins = makePlugins(config.plugins, options.require ?? [], issues);
  if (issues.failed) throw issues.toError();

  const { plugins: _plugins, assets, collect, checks, maintenance, notify, remediate, serve, ...wardenOptions } = config;
  let warden: Warden;
  try {
    warden = createWarden({ ...wardenOptions, ...options.overrides, plugins });
  } catch (err) {
    issues.addError([], err);
    throw issues.toError();
  }

  if (assets !== undefined) {
    try {
      warden.assets.addMany(assets, { path: 'assets' });
    } catch (err) {
      issues.addError([], err); // addMany's paths start at `assets[i]` already
    }
  }
  // Registered in this order: a rule names a check, a check's selector the assets.
  const sections: [string, readonly unknown[] | undefined, (entry: never) => unknown][] = [
    ['collect', collect, (entry) => warden.collect(entry)],
    ['checks', checks, (entry) => warden.check(entry)],
    ['maintenance', maintenance, (entry) => warden.maintenance(entry)],
    ['notify', notify, (entry) => warden.notify(entry)],
    ['remediate', remediate, (entry) => warden.remediate(entry)],
  ];
  for (const [section, entries, register] of sections) {
    (entries ?? []).forEach((entry, index) => {
      try {
        register(entry as never);
      } catch (err) {
        issues.addError([section, index], err);
      }
    });
  }
  if (issues.failed) {
    await warden.stop();
    throw issues.toError();
  }
  return { warden, serve };
}

function makePlugins(given: WardenConfig['plugins'], required: readonly BundledPluginName[], issues: IssueCollector): WardenPlugin[] {
  if (Array.isArray(given)) {
    const names = new Set(given.map((plugin: WardenPlugin) => plugin.name));
    return [...given, ...required.filter((name) => !names.has(name)).map((name) => BUNDLED_PLUGINS[name]())];
  }
  const byName = { ...(given as Record<string, unknown> | undefined) };
  for (const name of required) if (!(name in byName)) byName[name] = undefined;
  const plugins: WardenPlugin[] = [];
  for (const [name, pluginOptions] of Object.entries(byName)) {
    if (!isBundledPlugin(name)) continue; // the file schema has refused it already
    try {
      plugins.push(BUNDLED_PLUGINS[name](pluginOptions ?? undefined));
    } catch (err) {
      issues.addError(['plugins', name], err);
    }
  }
  return plugins;
}

function unknownKey(key: string, path: readonly (string | number)[]): string {
  const known =
    path.length === 0
      ? 'plugins, assets, collect, checks, maintenance, notify, remediate, serve and createWarden() options'
      : 'snmp, ssh, cloud';
  return `unknown key "${key}"; expected ${known}`;
}
