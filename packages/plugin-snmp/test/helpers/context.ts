import {
  type ActionDefinition,
  type CollectorDefinition,
  type HookContext,
  type PluginSetupContext,
  type ProbeDefinition,
  type StartContext,
  silentLogger,
  systemClock,
  WardenError,
} from '@warden/core';
import { snmp } from '../../src/plugin.js';

/** A hook context on the real clock, revealing secrets directly. */
export function hookContext(signal: AbortSignal = new AbortController().signal): HookContext & { params: unknown } {
  return {
    signal,
    logger: silentLogger,
    clock: systemClock,
    secrets: { reveal: async (s) => (typeof s === 'string' ? s : s.reveal()), scrub: (t) => t },
    emit: () => {},
    assets: { get: () => undefined, list: () => [], byAddress: () => undefined },
    maintenance: {
      isActive: () => false,
      windows: () => [],
      schedule: () => {
        throw new Error('no maintenance in the plugin test context');
      },
    },
    store: memoryPluginStore(),
    submit: async (check) => {
      throw new WardenError('ERR_NOT_FOUND', `unknown check "${check}" (plugin test context)`);
    },
    params: undefined,
  };
}

function memoryPluginStore(): HookContext['store'] {
  const values = new Map<string, unknown>();
  return {
    get: async <T>(key: string) => values.get(key) as T | undefined,
    set: async (key, value) => void values.set(key, value),
    delete: async (key) => void values.delete(key),
  };
}

/** What the plugin registered, by full name, and its dispose hook. */
export interface Installed {
  collectors: Map<string, CollectorDefinition<unknown>>;
  probes: Map<string, ProbeDefinition<unknown>>;
  actions: Map<string, ActionDefinition<unknown>>;
  /** Runs the onStart hooks with a start context (the hook context with whatever fields a test replaces). */
  start(extra?: Partial<StartContext>): Promise<void>;
  dispose(): Promise<void>;
}

/** Runs the plugin's setup against a recording context. */
export function install(options?: Parameters<typeof snmp>[0]): Installed {
  const plugin = snmp(options);
  const collectors = new Map<string, CollectorDefinition<unknown>>();
  const probes = new Map<string, ProbeDefinition<unknown>>();
  const actions = new Map<string, ActionDefinition<unknown>>();
  const disposers: Array<() => unknown> = [];
  const starters: Array<(ctx: StartContext) => unknown> = [];
  const ctx: PluginSetupContext = {
    plugin: plugin.name,
    logger: silentLogger,
    collector: (d) => void collectors.set(`snmp.${d.name}`, d as CollectorDefinition<unknown>),
    probe: (d) => void probes.set(`snmp.${d.name}`, d as ProbeDefinition<unknown>),
    action: (d) => void actions.set(`snmp.${d.name}`, d as ActionDefinition<unknown>),
    discoverer: () => {},
    notifier: () => {},
    onStart: (fn) => void starters.push(fn),
    onDispose: (fn) => void disposers.push(fn),
  };
  plugin.setup(ctx);
  return {
    collectors,
    probes,
    actions,
    start: async (extra = {}) => {
      for (const fn of starters) await fn({ ...hookContext(), ...extra });
    },
    dispose: async () => {
      for (const fn of disposers) await fn();
    },
  };
}

/** Parses params with a definition's schema, as Warden does before calling it. */
export function params<P>(definition: { params?: { parse(v: unknown): unknown } | undefined }, value: unknown): P {
  return (definition.params ? definition.params.parse(value) : value) as P;
}
