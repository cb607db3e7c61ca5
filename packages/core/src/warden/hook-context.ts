import { WardenError } from '../errors/warden-error.js';
import type { WardenEmitter } from '../events/emitter.js';
import type { WardenEventName, WardenEvents } from '../events/types.js';
import type { Clock } from '../internal/clock.js';
import { childLogger, type Logger, scrubbingLogger } from '../internal/logger.js';
import type { CollectContext, HookContext } from '../plugins/types.js';
import type { Redactor } from '../secrets/redactor.js';
import type { PluginServices } from './plugin-services.js';

/** What every hook context is built from. */
export interface HookContextDeps {
  /** The Warden logger. */
  logger: Logger;
  /** The Warden clock. */
  clock: Clock;
  /** Reveals and scrubs secrets. */
  secrets: Redactor;
  /** The Warden emitter. */
  emitter: WardenEmitter;
  /** Each plugin's views of the inventory, maintenance, store and passive submission. */
  services: (plugin: string) => PluginServices;
}

/** Core events a plugin may emit besides its own `<plugin>:<event>` ones. */
const CORE_EVENTS_PLUGINS_MAY_EMIT: ReadonlySet<string> = new Set(['discovery:progress']);

/**
 * Builds the per-call context a plugin hook receives.
 *
 * @param deps - logger, clock, secrets, emitter, plugin services
 * @param site - the plugin, hook and asset the call is for, and its signal
 * @returns the context
 */
export function createHookContext(
  deps: HookContextDeps,
  site: { plugin: string; hook: string; assetId?: string; signal: AbortSignal },
): HookContext {
  const bindings: Record<string, unknown> = { plugin: site.plugin, hook: site.hook };
  if (site.assetId !== undefined) bindings.asset = site.assetId;
  const services = deps.services(site.plugin);
  return {
    signal: site.signal,
    assets: services.assets,
    maintenance: services.maintenance,
    store: services.store,
    submit: services.submit,
    logger: scrubbingLogger(childLogger(deps.logger, bindings), deps.secrets),
    clock: deps.clock,
    secrets: deps.secrets,
    emit(event, payload) {
      if (!event.startsWith(`${site.plugin}:`) && !CORE_EVENTS_PLUGINS_MAY_EMIT.has(event)) {
        const error = new WardenError(
          'ERR_PLUGIN',
          `plugin "${site.plugin}" emitted "${event}"; a plugin emits only its own events, named "${site.plugin}:<event>"`,
        );
        deps.emitter.emit('warden:error', { error, source: `plugin:${site.plugin}:${site.hook}` });
        return;
      }
      deps.emitter.emit(event as WardenEventName, payload as WardenEvents[WardenEventName]);
    },
  };
}

/**
 * A collector's context: the hook context plus the job's params.
 *
 * @param base - the hook context
 * @param params - validated collection params
 * @returns the collect context
 */
export function createCollectContext(base: HookContext, params: unknown): CollectContext {
  return { ...base, params };
}
