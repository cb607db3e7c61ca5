import type { WardenPlugin } from '@warden/core';
import { cloud } from '@warden/plugin-cloud';
import { snmp } from '@warden/plugin-snmp';
import { ssh } from '@warden/plugin-ssh';

/** A plugin the CLI bundles, by the name a config file uses under `plugins`. */
export type BundledPluginName = 'snmp' | 'ssh' | 'cloud';

/** The plugins the CLI bundles, by the name a config file uses. */
export const BUNDLED_PLUGINS = {
  snmp: (options?: unknown) => snmp(options as Parameters<typeof snmp>[0]),
  ssh: (options?: unknown) => ssh(options as Parameters<typeof ssh>[0]),
  cloud: (options?: unknown) => cloud(options as Parameters<typeof cloud>[0]),
} satisfies Record<BundledPluginName, (options?: unknown) => WardenPlugin>;

/** Whether `name` is a bundled plugin. */
export function isBundledPlugin(name: string): name is BundledPluginName {
  return Object.hasOwn(BUNDLED_PLUGINS, name);
}
