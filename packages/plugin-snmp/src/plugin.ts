import { definePlugin } from '@warden/core';

/**
 * The snmp plugin for Warden. Its collectors, probes and actions arrive with the plugin's own issue.
 *
 * @example
 * ```ts
 * const warden = createWarden({ plugins: [snmp()] });
 * ```
 */
export const snmp = definePlugin({
  name: 'snmp',
  version: '0.1.0',
  core: '^0.1.0',
  setup() {},
});
