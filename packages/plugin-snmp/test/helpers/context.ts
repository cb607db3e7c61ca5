import {
  type ActionDefinition,
  type CollectorDefinition,
  type HookContext,
  type PluginSetupContext,
  type ProbeDefinition,
  type StartContext,
  silentLogger,
  systemClock,
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
    params: undefined,
  };
}

/** What the plugin registered, by full name, and its dispose hook. */
export interface Installed {
  collectors: Map<string, CollectorDefinition<unknown>>;
  probes: Map<string, ProbeDefinition<unknown>>;
  actions: Map<string, ActionDefinition<unknown>>;
  /** Runs the onStart hooks with a start context (plus whatever extra fields a test gives). */
  start(extra?: Record<string, unknown>): Promise<void>;
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
      for (const fn of starters) await fn({ signal: new AbortController().signal, logger: silentLogger, ...extra });
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
