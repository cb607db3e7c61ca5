import { definePlugin } from '@warden/core';
import { setAction } from './actions/set.js';
import { mibCollectors, type ReaderFor, tableCollector } from './collectors/definitions.js';
import { type SnmpPluginOptions, snmpAssetConfigSchema, snmpPluginOptionsSchema } from './options.js';
import { getProbe, interfaceProbe, reachableProbe } from './probes/probes.js';
import { DevicePool, scopeFor, snmpConfigOf } from './transport/pool.js';
import './registry.js';

/**
 * The SNMP plugin: collectors `snmp.system`, `snmp.interfaces`, `snmp.storage`, `snmp.cpu`,
 * `snmp.ucd`, `snmp.ups`, `snmp.sensors`, `snmp.table`; probes `snmp.reachable`, `snmp.get`,
 * `snmp.interface`; action `snmp.set`. Sessions are reused per device over a few shared UDP
 * sockets and closed when Warden stops.
 *
 * @param options - per-device concurrency and shared socket count
 * @returns the plugin for `createWarden({ plugins })`
 * @throws WardenError `ERR_CONFIG_INVALID` for unknown or invalid options
 * @example
 * ```ts
 * const warden = createWarden({ plugins: [snmp()] });
 * warden.assets.add({ id: 'sw-1', kind: 'network-device', address: '10.0.0.2',
 *   snmp: { version: '2c', community: secret.env('SNMP_COMMUNITY') } });
 * warden.collect({ collector: 'snmp.interfaces', assets: 'kind=network-device', every: '30s' });
 * ```
 */
export const snmp = definePlugin<SnmpPluginOptions>({
  name: 'snmp',
  version: '0.1.0',
  core: '^0.1.0',
  options: snmpPluginOptionsSchema,
  assetConfig: snmpAssetConfigSchema,
  setup(ctx, options) {
    const pool = new DevicePool({ sockets: options?.sockets, concurrencyPerDevice: options?.concurrencyPerDevice });
    const readerFor: ReaderFor = (asset, hookCtx) => pool.reader(asset, hookCtx);
    for (const collector of mibCollectors(readerFor)) ctx.collector(collector);
    ctx.collector(tableCollector(readerFor));
    ctx.probe(reachableProbe(readerFor));
    ctx.probe(getProbe(readerFor));
    ctx.probe(interfaceProbe(readerFor));
    ctx.action(
      setAction(async (asset, hookCtx, varbinds) => {
        const device = await pool.device(asset, hookCtx, 'write');
        return device.set(varbinds, scopeFor(snmpConfigOf(asset), hookCtx));
      }),
    );
    ctx.onDispose(() => pool.close());
  },
});
