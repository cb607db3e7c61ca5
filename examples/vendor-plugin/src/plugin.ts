import { definePlugin } from '@warden/core';
import { outletsCollector } from './collector.js';
import { type AcmePduOptions, type AcmePduSettings, acmePduAssetSchema, acmePduOptionsSchema } from './options.js';
import { outletProbe } from './probe.js';
import './registry.js';

/**
 * The ACME PDU plugin: the `acme-pdu.outlets` collector and the `acme-pdu.outlet` probe, over
 * the PDU's JSON API (`GET /api/v1/status`, bearer token).
 *
 * @param options - `timeout` of one API request (default `'5s'`)
 * @returns the plugin, for `createWarden({ plugins })`
 * @throws WardenError `ERR_CONFIG_INVALID` naming every invalid option
 * @example
 * ```ts
 * const warden = createWarden({ plugins: [acmePdu({ timeout: '3s' })] });
 * warden.assets.add({ id: 'pdu-1', kind: 'pdu', address: '10.0.5.20',
 *   'acme-pdu': { token: secret.env('ACME_PDU_TOKEN') } });
 * warden.collect({ collector: 'acme-pdu.outlets', assets: 'kind=pdu', every: '30s' });
 * warden.check({ id: 'db-psu', assets: { ids: ['pdu-1'] }, probe: 'acme-pdu.outlet', params: { outlet: 3, crit: '>1500' } });
 * ```
 */
export const acmePdu = definePlugin<AcmePduSettings, AcmePduOptions | undefined>({
  name: 'acme-pdu',
  version: '1.0.0',
  // The core versions this plugin was tested with; Warden refuses to install it on others.
  core: '^0.1.0',
  options: acmePduOptionsSchema,
  assetConfig: acmePduAssetSchema,
  setup(ctx, settings) {
    // Registration only, synchronous. Names are prefixed: `outlets` becomes `acme-pdu.outlets`.
    ctx.collector(outletsCollector(settings));
    ctx.probe(outletProbe(settings));
    // fetch() keeps no per-plugin state to close; a plugin with a connection pool closes it here.
    ctx.onDispose(() => ctx.logger.debug('acme-pdu disposed'));
  },
});
