import { isWardenError, PluginError } from '../errors/warden-error.js';
import { describeError } from '../events/emitter.js';

/** Where a hook runs, for tagging its failure. */
export interface HookSite {
  /** Plugin name (`core` for built-ins). */
  plugin: string;
  /** Hook name (`setup`, `onStart`, `snmp.interfaces`, …). */
  hook: string;
  /** Asset id, if the hook runs for one. */
  assetId?: string;
  /** Scrubs revealed secrets from the message. */
  scrub?: (text: string) => string;
}

/**
 * Wraps anything a plugin threw into a {@link PluginError} tagged with plugin, hook and asset.
 * A coded {@link WardenError} keeps its code (`ERR_TIMEOUT`, `ERR_AUTH`, …).
 *
 * @param err - what was thrown
 * @param site - where
 * @returns the tagged error
 */
export function toPluginError(err: unknown, site: HookSite): PluginError {
  if (err instanceof PluginError && err.plugin === site.plugin && err.hook === site.hook) return err;
  const scrub = site.scrub ?? ((text: string) => text);
  const where = site.assetId ? `${site.hook} on ${site.assetId}` : `${site.plugin} ${site.hook}`;
  return new PluginError(scrub(`${where}: ${describeError(err)}`), {
    plugin: site.plugin,
    hook: site.hook,
    ...(site.assetId === undefined ? {} : { assetId: site.assetId }),
    ...(isWardenError(err) ? { code: err.code } : {}),
    cause: err,
  });
}

/**
 * Calls a plugin hook, turning a synchronous throw, a rejection or a non-Error into a
 * rejected {@link PluginError}; never throws synchronously.
 *
 * @param site - where the hook runs
 * @param fn - the hook call
 * @returns the hook's result
 */
export async function invokeHook<T>(site: HookSite, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toPluginError(err, site);
  }
}
