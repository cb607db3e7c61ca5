import {
  execLocalParamsSchema,
  nagiosParamsSchema,
  type PluginSetupContext,
  pingParamsSchema,
  silentLogger,
  tcpParamsSchema,
  type WardenPlugin,
} from '@warden/core';
import type { z } from 'zod';

/** What a plugin can register. */
export type RegistrationKind = 'collector' | 'probe' | 'action' | 'discoverer' | 'notifier';

/** One thing registered by a plugin or built into core, with its params schema. */
export interface Registration {
  /** What it is. */
  kind: RegistrationKind;
  /** Its full name (`snmp.interfaces`, `tcp`). */
  name: string;
  /** One line about it, when the plugin gives one. */
  description?: string | undefined;
  /** Its params schema, when known. */
  params?: z.ZodType | undefined;
}

/** Core's built-ins (`host.local`'s and `log`'s param schemas are not part of core's API). */
const CORE: readonly Registration[] = [
  { kind: 'collector', name: 'host.local', description: 'The machine Warden runs on (CPU, memory, filesystems, network)' },
  { kind: 'probe', name: 'tcp', description: 'Connects to a TCP port', params: tcpParamsSchema },
  { kind: 'probe', name: 'ping', description: 'ICMP echo (fping when present, else ping)', params: pingParamsSchema },
  { kind: 'probe', name: 'nagios', description: 'Runs a Monitoring Plugin (check_*)', params: nagiosParamsSchema },
  { kind: 'action', name: 'exec.local', description: 'Runs a command on this machine', params: execLocalParamsSchema },
  { kind: 'notifier', name: 'log', description: "Writes incident notifications to Warden's logger" },
];

/**
 * Lists what plugins register, with their param schemas, by running each plugin's `setup`
 * against a recording context. `setup` only registers (async work belongs in `onStart`, which
 * is not run), so nothing connects or starts.
 *
 * @param plugins - plugin instances
 * @returns core's built-ins, then each plugin's registrations
 */
export function listRegistrations(plugins: readonly WardenPlugin[]): Registration[] {
  const found: Registration[] = [...CORE];
  for (const plugin of plugins) {
    const record =
      (kind: RegistrationKind) =>
      (definition: { name: string; description?: string; params?: z.ZodType }): void => {
        found.push({ kind, name: `${plugin.name}.${definition.name}`, description: definition.description, params: definition.params });
      };
    const ctx: PluginSetupContext = {
      plugin: plugin.name,
      logger: silentLogger,
      collector: record('collector'),
      probe: record('probe'),
      action: record('action'),
      discoverer: record('discoverer'),
      notifier: record('notifier'),
      onStart: () => {},
      onDispose: () => {},
    };
    plugin.setup(ctx);
  }
  return found;
}
