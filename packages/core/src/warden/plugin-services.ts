import type { AssetRegistry } from '../assets/registry-types.js';
import type { Asset } from '../assets/types.js';
import type { CheckResult } from '../checks/types.js';
import type { MaintenanceCalendar, MaintenanceHandle } from '../maintenance/types.js';
import { normalizeMaintenanceSpec } from '../maintenance/validate.js';
import type { PluginAssets, PluginMaintenance, PluginStore } from '../plugins/types.js';
import type { StateStore } from '../store/types.js';

/** The engine parts behind the services a plugin's context offers; read when a service is used. */
export interface PluginServiceParts {
  /** The inventory (what `get` and `list` of the registry answer). */
  assets(): Pick<AssetRegistry, 'get' | 'list'>;
  /** The maintenance calendar. */
  calendar(): MaintenanceCalendar;
  /** The state store (`createWarden({ store })` or the in-memory default). */
  store(): StateStore;
  /** `warden.submit()`. */
  submit(check: string, asset: string, result: CheckResult): Promise<void>;
}

/** What one plugin's hook contexts share: its views of the inventory, maintenance and store. */
export interface PluginServices {
  /** Read-only inventory. */
  assets: PluginAssets;
  /** Maintenance windows. */
  maintenance: PluginMaintenance;
  /** The plugin's persistent key-value state. */
  store: PluginStore;
  /** Passive-check submission. */
  submit(check: string, asset: string, result: CheckResult): Promise<void>;
}

/**
 * Normalises an address for comparison: brackets and an IPv4-mapped IPv6 prefix removed
 * (a UDP socket bound to `::` reports IPv4 senders as `::ffff:10.0.0.1`), lower case.
 *
 * @param address - an IP literal or host name
 * @returns the comparable form
 */
export function normalizeAddress(address: string): string {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const lower = bare.toLowerCase();
  return lower.startsWith('::ffff:') && lower.includes('.') ? lower.slice('::ffff:'.length) : lower;
}

/**
 * Builds the services of each plugin's hook contexts, one set per plugin, created on first use.
 * Maintenance windows a plugin schedules are namespaced `<plugin>:<id>`, and scheduling an id
 * again replaces that window (a cloud provider moved its event).
 *
 * @param parts - the engine parts, read lazily (the engine builds them after the contexts' deps)
 * @returns a lookup by plugin name
 */
export function createPluginServices(parts: PluginServiceParts): (plugin: string) => PluginServices {
  const byPlugin = new Map<string, PluginServices>();
  const assets: PluginAssets = {
    get: (id) => parts.assets().get(id),
    list: (selector) => parts.assets().list(selector),
    byAddress(address) {
      const wanted = normalizeAddress(address);
      let found: Asset | undefined;
      for (const asset of parts.assets().list()) {
        if (asset.address === undefined || normalizeAddress(asset.address) !== wanted) continue;
        if (found === undefined || asset.id < found.id) found = asset;
      }
      return found;
    },
  };
  const build = (plugin: string): PluginServices => {
    const scheduled = new Map<string, { key: string; handle: MaintenanceHandle }>();
    const maintenance: PluginMaintenance = {
      isActive: (asset, options = {}) => parts.calendar().isActive({ asset, check: options.check, at: options.at }),
      windows(asset, options = {}) {
        return parts
          .calendar()
          .activeWindows(options.at)
          .filter((window) => window.assets.includes(asset))
          .map(({ assets: _covered, ...window }) => window);
      },
      schedule(spec) {
        const id = spec.id.startsWith(`${plugin}:`) ? spec.id : `${plugin}:${spec.id}`;
        // Validated before the old window goes, so a bad spec leaves the old one in place; the
        // same window scheduled again (a provider polled every minute) changes nothing.
        const key = JSON.stringify(normalizeMaintenanceSpec({ ...spec, id }, id));
        let current = scheduled.get(id);
        if (current?.key !== key) {
          current?.handle.remove();
          current = { key, handle: parts.calendar().add({ ...spec, id }) };
          scheduled.set(id, current);
        }
        const mine = current;
        return {
          id,
          remove() {
            if (scheduled.get(id) === mine) scheduled.delete(id);
            mine.handle.remove();
          },
        };
      },
    };
    const store: PluginStore = {
      get: async <T>(key: string) => (await parts.store().getPluginState(plugin, key)) as T | undefined,
      set: (key, value) => parts.store().setPluginState(plugin, key, value),
      delete: (key) => parts.store().setPluginState(plugin, key, undefined),
    };
    return { assets, maintenance, store, submit: parts.submit };
  };
  return (plugin) => {
    let services = byPlugin.get(plugin);
    if (services === undefined) {
      services = build(plugin);
      byPlugin.set(plugin, services);
    }
    return services;
  };
}
