import { definePlugin } from '@warden/core';

/**
 * The cloud plugin for Warden. Its collectors, probes and actions arrive with the plugin's own issue.
 *
 * @example
 * ```ts
 * const warden = createWarden({ plugins: [cloud()] });
 * ```
 */
export const cloud = definePlugin({
  name: 'cloud',
  version: '0.1.0',
  core: '^0.1.0',
  setup() {},
});
