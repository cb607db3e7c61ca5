import type { z } from 'zod';
import { parseConfig } from '../errors/config-error.js';
import { WardenError } from '../errors/warden-error.js';
import type { Logger } from '../internal/logger.js';
import type {
  ActionDefinition,
  CollectorDefinition,
  DiscovererDefinition,
  HookContext,
  NotifierDefinition,
  ProbeDefinition,
} from './types.js';

/**
 * What `ctx.onStart` hooks receive: the hook context (emit, assets, maintenance, store, submit,
 * secrets, clock) with a signal aborted when the start timeout passes. Everything but the
 * signal stays usable after start: a trap receiver started here emits and submits for as long
 * as the Warden runs.
 */
export interface StartContext extends HookContext {
  /** Aborted when `start()` gives up waiting (the plugin's start timeout). */
  signal: AbortSignal;
  /** The plugin's logger. */
  logger: Logger;
}

/**
 * The registration API a plugin's `setup` receives. Everything registered here is staged and
 * installed only if `setup` returns without throwing: nothing is half-registered.
 */
export interface PluginSetupContext {
  /** The plugin's name (the prefix of everything it registers). */
  readonly plugin: string;
  /** A logger tagged with the plugin name. */
  readonly logger: Logger;
  /** Registers a collector, named `<plugin>.<name>`. */
  collector<P>(definition: CollectorDefinition<P>): void;
  /** Registers a probe, named `<plugin>.<name>`. */
  probe<P>(definition: ProbeDefinition<P>): void;
  /** Registers an action, named `<plugin>.<name>`. */
  action<P>(definition: ActionDefinition<P>): void;
  /** Registers a discoverer, named `<plugin>.<name>`. */
  discoverer<P>(definition: DiscovererDefinition<P>): void;
  /** Registers a notifier, named `<plugin>.<name>`. */
  notifier<P>(definition: NotifierDefinition<P>): void;
  /** Async work to do when Warden starts (connect, load MIBs), bounded by the start timeout. */
  onStart(fn: (ctx: StartContext) => Promise<void> | void): void;
  /** Cleanup when Warden stops (close sockets, pools). Called once. */
  onDispose(fn: () => Promise<void> | void): void;
}

/** What a plugin author writes. `O` is the options' parsed type, `I` what callers pass (defaults optional). */
export interface PluginDefinition<O, I = O> {
  /** Plugin name: lower-case letters, digits and dashes (`snmp`, `acme-pdu`). Prefixes everything it registers. */
  name: string;
  /** The plugin's own version (semver). */
  version: string;
  /** The `@warden/core` versions it works with, as a semver range (`^0.1.0`). */
  core?: string;
  /** Schema for the factory's options; strict schemas refuse unknown keys. */
  options?: z.ZodType<O, I>;
  /** Schema for the plugin's connection block on assets (`asset.snmp`). */
  assetConfig?: z.ZodType;
  /** How long `onStart` hooks may take in all. @defaultValue 10s */
  startTimeoutMs?: number;
  /** Registers hooks. Must be synchronous: do async work in `ctx.onStart`. */
  setup(ctx: PluginSetupContext, options: O): void;
}

/** A plugin instance, as `createWarden({ plugins })` takes it. Made by a plugin factory. */
export interface WardenPlugin {
  /** Plugin name. */
  readonly name: string;
  /** Plugin version. */
  readonly version: string;
  /** Compatible core range, if declared. */
  readonly core: string | undefined;
  /** Connection block schema, if any. */
  readonly assetConfig: z.ZodType | undefined;
  /**
   * The schema the factory validated this plugin's options with, if it has one: for tools that
   * describe a configuration (the CLI's JSON Schema of `plugins: { snmp: {…} }`).
   */
  readonly optionsSchema?: z.ZodType | undefined;
  /** Start timeout in milliseconds. */
  readonly startTimeoutMs: number;
  /** Runs the plugin's setup with its validated options. */
  setup(ctx: PluginSetupContext): void;
}

/** The factory `definePlugin` returns: call it with options to get a plugin. */
export type PluginFactory<O> = undefined extends O ? (options?: O) => WardenPlugin : (options: O) => WardenPlugin;

const PLUGIN_NAME = /^[a-z][a-z0-9-]*$/;

/**
 * Defines a plugin. Returns a factory that validates the options at once (fail fast, every
 * issue with its path) and produces a {@link WardenPlugin} for `createWarden({ plugins })`.
 *
 * @param definition - name, version, compatible core range, option and asset schemas, setup
 * @returns the plugin factory
 * @throws WardenError `ERR_CONFIG_INVALID` when the definition itself is malformed
 * @example
 * ```ts
 * export const acme = definePlugin({
 *   name: 'acme', version: '1.0.0', core: '^0.1.0',
 *   options: z.strictObject({ token: z.string() }),
 *   setup(ctx, options) {
 *     ctx.probe({ name: 'outlet', params: z.strictObject({ outlet: z.number() }), run: async () => ({ status: 'ok', summary: 'on' }) });
 *   },
 * });
 * createWarden({ plugins: [acme({ token: 'x' })] });
 * ```
 */
export function definePlugin<O = undefined, I = O>(definition: PluginDefinition<O, I>): PluginFactory<I> {
  if (!PLUGIN_NAME.test(definition.name)) {
    throw new WardenError(
      'ERR_CONFIG_INVALID',
      `invalid plugin name ${JSON.stringify(definition.name)}: use lower-case letters, digits and dashes, starting with a letter`,
    );
  }
  if (typeof definition.setup !== 'function') {
    throw new WardenError('ERR_CONFIG_INVALID', `plugin "${definition.name}" has no setup function`);
  }
  const factory = (rawOptions?: I): WardenPlugin => {
    const options = (
      definition.options ? parseConfig(definition.options, rawOptions, `options for plugin "${definition.name}"`) : rawOptions
    ) as O;
    return Object.freeze({
      name: definition.name,
      version: definition.version,
      core: definition.core,
      assetConfig: definition.assetConfig,
      optionsSchema: definition.options,
      startTimeoutMs: definition.startTimeoutMs ?? 10_000,
      setup: (ctx: PluginSetupContext) => definition.setup(ctx, options),
    });
  };
  return factory as PluginFactory<I>;
}

/** The per-call context handed to a hook; re-exported for plugin authors' type annotations. */
export type { HookContext };
