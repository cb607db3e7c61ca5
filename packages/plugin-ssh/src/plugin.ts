import { definePlugin } from '@warden/core';

/**
 * The ssh plugin for Warden. Its collectors, probes and actions arrive with the plugin's own issue.
 *
 * @example
 * ```ts
 * const warden = createWarden({ plugins: [ssh()] });
 * ```
 */
export const ssh = definePlugin({
  name: 'ssh',
  version: '0.1.0',
  core: '^0.1.0',
  setup() {},
});
