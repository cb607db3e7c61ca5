import semver from 'semver';
import type { z } from 'zod';
import { WardenError } from '../errors/warden-error.js';
import type { WardenEmitter } from '../events/emitter.js';
import { childLogger, type Logger } from '../internal/logger.js';
import { CORE_VERSION } from '../version.js';
import type { PluginSetupContext, StartContext, WardenPlugin } from './define-plugin.js';
import { invokeHook, toPluginError } from './invoke.js';
import type { ActionDefinition, CollectorDefinition, DiscovererDefinition, NotifierDefinition, ProbeDefinition } from './types.js';

/** A hook registered by a plugin (or core), under its full name. */
export interface Registered<D> {
  /** Full name (`snmp.interfaces`). */
  readonly name: string;
  /** Owning plugin (`core` for built-ins). */
  readonly plugin: string;
  /** The definition. */
  readonly definition: D;
}

/** The kinds of hook a plugin registers, by registry. */
export interface HookKinds {
  /** Collectors. */
  collector: CollectorDefinition<unknown>;
  /** Probes. */
  probe: ProbeDefinition<unknown>;
  /** Actions. */
  action: ActionDefinition<unknown>;
  /** Discoverers. */
  discoverer: DiscovererDefinition<unknown>;
  /** Notifiers. */
  notifier: NotifierDefinition<unknown>;
}

/** A hook kind name. */
export type HookKind = keyof HookKinds;

const HOOK_NAME = /^[a-zA-Z][a-zA-Z0-9_-]*(\.[a-zA-Z][a-zA-Z0-9_-]*)*$/;

interface InstalledPlugin {
  plugin: WardenPlugin;
  logger: Logger;
  onStart: Array<(ctx: StartContext) => Promise<void> | void>;
  onDispose: Array<() => Promise<void> | void>;
}

/**
 * Installs plugins and holds everything they registered. Installation is all-or-nothing per
 * `install()` call; names are checked for duplicates across plugins and core built-ins.
 */
export class PluginHost {
  readonly #registries: { [K in HookKind]: Map<string, Registered<HookKinds[K]>> } = {
    collector: new Map(),
    probe: new Map(),
    action: new Map(),
    discoverer: new Map(),
    notifier: new Map(),
  };
  readonly #plugins = new Map<string, InstalledPlugin>();
  readonly #connectionSchemas = new Map<string, z.ZodType>();
  readonly #logger: Logger;
  readonly #emitter: WardenEmitter;
  #disposed: Promise<void> | undefined;

  /**
   * @param options - the Warden logger and emitter
   */
  constructor(options: { logger: Logger; emitter: WardenEmitter }) {
    this.#logger = options.logger;
    this.#emitter = options.emitter;
  }

  /** Connection block schemas by plugin name (for asset validation). */
  get connectionSchemas(): ReadonlyMap<string, z.ZodType> {
    return this.#connectionSchemas;
  }

  /** Installed plugin names. */
  get pluginNames(): string[] {
    return [...this.#plugins.keys()];
  }

  /**
   * Registers core's built-in hooks under their unprefixed names (`host.local`, `tcp`, …).
   *
   * @param kind - the registry
   * @param definition - the hook, whose `name` is its full name
   */
  registerBuiltin<K extends HookKind>(kind: K, definition: HookKinds[K]): void {
    this.#checkName(kind, definition.name, 'core');
    this.#registries[kind].set(definition.name, { name: definition.name, plugin: 'core', definition });
  }

  /**
   * Installs plugins: checks each one's core range, runs its setup with a staging context,
   * and commits every registration only when all plugins' setups succeeded.
   *
   * @param plugins - plugin instances from their factories
   * @throws WardenError `ERR_PLUGIN_INCOMPATIBLE`, `ERR_DUPLICATE`, `ERR_CONFIG_INVALID`, or a `PluginError` from setup
   */
  install(plugins: readonly WardenPlugin[]): void {
    const staged: Array<{ kind: HookKind; entry: Registered<HookKinds[HookKind]> }> = [];
    const stagedNames = new Set<string>();
    const installed: InstalledPlugin[] = [];
    for (const plugin of plugins) {
      if (!plugin || typeof plugin.setup !== 'function' || typeof plugin.name !== 'string') {
        throw new WardenError(
          'ERR_CONFIG_INVALID',
          'invalid plugin: expected the result of a plugin factory, e.g. plugins: [snmp()] rather than [snmp]',
        );
      }
      if (this.#plugins.has(plugin.name) || installed.some((p) => p.plugin.name === plugin.name)) {
        throw new WardenError('ERR_DUPLICATE', `plugin "${plugin.name}" is installed twice; pass each plugin once`);
      }
      if (plugin.core && !semver.satisfies(CORE_VERSION, plugin.core, { includePrerelease: true })) {
        throw new WardenError(
          'ERR_PLUGIN_INCOMPATIBLE',
          `plugin "${plugin.name}" ${plugin.version} needs @warden/core ${plugin.core}, but this is ${CORE_VERSION}; install a matching version of the plugin or of core`,
        );
      }
      const record: InstalledPlugin = { plugin, logger: childLogger(this.#logger, { plugin: plugin.name }), onStart: [], onDispose: [] };
      const stage = (kind: HookKind) => (definition: HookKinds[HookKind]) => {
        const name = prefixed(plugin.name, definition?.name);
        this.#checkName(kind, name, plugin.name);
        if (stagedNames.has(`${kind}:${name}`))
          throw new WardenError('ERR_DUPLICATE', `plugin "${plugin.name}" registers ${kind} "${name}" twice`);
        stagedNames.add(`${kind}:${name}`);
        staged.push({ kind, entry: { name, plugin: plugin.name, definition } });
      };
      const ctx: PluginSetupContext = {
        plugin: plugin.name,
        logger: record.logger,
        collector: stage('collector') as PluginSetupContext['collector'],
        probe: stage('probe') as PluginSetupContext['probe'],
        action: stage('action') as PluginSetupContext['action'],
        discoverer: stage('discoverer') as PluginSetupContext['discoverer'],
        notifier: stage('notifier') as PluginSetupContext['notifier'],
        onStart: (fn) => void record.onStart.push(fn),
        onDispose: (fn) => void record.onDispose.push(fn),
      };
      let returned: unknown;
      try {
        returned = plugin.setup(ctx);
      } catch (err) {
        throw toPluginError(err, { plugin: plugin.name, hook: 'setup' });
      }
      if (returned && typeof (returned as Promise<unknown>).then === 'function') {
        throw new WardenError(
          'ERR_CONFIG_INVALID',
          `plugin "${plugin.name}": setup returned a promise; setup must register synchronously — move async work into ctx.onStart()`,
        );
      }
      installed.push(record);
    }
    // Every setup succeeded: commit.
    for (const { kind, entry } of staged) (this.#registries[kind] as Map<string, Registered<HookKinds[HookKind]>>).set(entry.name, entry);
    for (const record of installed) {
      this.#plugins.set(record.plugin.name, record);
      if (record.plugin.assetConfig) this.#connectionSchemas.set(record.plugin.name, record.plugin.assetConfig);
    }
  }

  /**
   * Looks a hook up by its full name.
   *
   * @param kind - the registry
   * @param name - full name (`snmp.interfaces`)
   * @param where - where the name was given, for the error message
   * @returns the registered hook
   * @throws WardenError `ERR_CONFIG_INVALID` listing the known names
   */
  resolve<K extends HookKind>(kind: K, name: string, where: string): Registered<HookKinds[K]> {
    const entry = this.#registries[kind].get(name);
    if (entry) return entry;
    const known = [...this.#registries[kind].keys()].sort();
    throw new WardenError(
      'ERR_CONFIG_INVALID',
      `${where}: unknown ${kind} "${name}"; known ${kind}s: ${known.length ? known.join(', ') : '(none)'}. Is the plugin that provides it installed?`,
    );
  }

  /**
   * Every hook of a kind.
   *
   * @param kind - the registry
   * @returns the registered hooks
   */
  list<K extends HookKind>(kind: K): Array<Registered<HookKinds[K]>> {
    return [...this.#registries[kind].values()];
  }

  /**
   * Runs every plugin's `onStart` hooks, each plugin bounded by its start timeout.
   *
   * @param context - builds the context a plugin's hooks receive
   * @throws PluginError `ERR_PLUGIN_TIMEOUT` or the hook's own failure
   */
  async start(context: (plugin: string, signal: AbortSignal) => StartContext): Promise<void> {
    for (const record of this.#plugins.values()) {
      if (record.onStart.length === 0) continue;
      const controller = new AbortController();
      const site = { plugin: record.plugin.name, hook: 'onStart' };
      const ctx = context(record.plugin.name, controller.signal);
      const run = invokeHook(site, async () => {
        for (const fn of record.onStart) await fn(ctx);
      });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort();
          reject(
            toPluginError(
              new WardenError(
                'ERR_PLUGIN_TIMEOUT',
                `onStart did not finish within ${record.plugin.startTimeoutMs} ms; raise the plugin's startTimeoutMs or fix what it waits for`,
              ),
              site,
            ),
          );
        }, record.plugin.startTimeoutMs);
        timer.unref();
      });
      try {
        await Promise.race([run, timeout]);
      } finally {
        clearTimeout(timer);
        run.catch(() => {}); // a late failure after a timeout is already reported
      }
    }
  }

  /**
   * Runs every plugin's `onDispose` hooks once (later calls return the same promise). A failing
   * hook is reported as `warden:error` and does not stop the others.
   */
  dispose(): Promise<void> {
    this.#disposed ??= (async () => {
      for (const record of [...this.#plugins.values()].reverse()) {
        for (const fn of record.onDispose) {
          await invokeHook({ plugin: record.plugin.name, hook: 'onDispose' }, fn).catch((error: unknown) => {
            this.#emitter.emit('warden:error', {
              error: toPluginError(error, { plugin: record.plugin.name, hook: 'onDispose' }),
              source: `plugin:${record.plugin.name}:onDispose`,
            });
          });
        }
      }
    })();
    return this.#disposed;
  }

  #checkName(kind: HookKind, name: string, plugin: string): void {
    if (!HOOK_NAME.test(name)) {
      throw new WardenError(
        'ERR_CONFIG_INVALID',
        `plugin "${plugin}": invalid ${kind} name ${JSON.stringify(name)}; use letters, digits, "-" and "_"`,
      );
    }
    const existing = this.#registries[kind].get(name);
    if (existing) {
      throw new WardenError('ERR_DUPLICATE', `plugin "${plugin}": ${kind} "${name}" is already registered by "${existing.plugin}"`);
    }
  }
}

function prefixed(plugin: string, name: unknown): string {
  if (typeof name !== 'string' || name === '') {
    throw new WardenError('ERR_CONFIG_INVALID', `plugin "${plugin}": a registered hook has no name`);
  }
  return name.startsWith(`${plugin}.`) ? name : `${plugin}.${name}`;
}
