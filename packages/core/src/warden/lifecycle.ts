import { parseConfig } from '../errors/config-error.js';
import type { MaintenanceTransition } from '../maintenance/types.js';
import type { PluginHost } from '../plugins/host.js';
import { toPluginError } from '../plugins/invoke.js';
import type { AssetProposal } from '../plugins/types.js';
import type { Scheduler } from '../scheduler/types.js';
import type { CheckStates } from './check-states.js';
import { within } from './engine-helpers.js';
import { createHookContext, type HookContextDeps } from './hook-context.js';
import type { IncidentWiring } from './incident-wiring.js';
import type { PassiveTimers } from './passive.js';

/** What {@link shutdownEngine} stops. */
export interface EngineParts {
  wiring: IncidentWiring;
  passive: PassiveTimers;
  scheduler: Scheduler;
  states: CheckStates;
  host: PluginHost;
}

/**
 * Stops the engine in order: no new edges or freshness timers, the scheduler drained (then
 * aborted), queued results applied, pending notification groups sent and deliveries in flight
 * awaited (each bounded by `timeout`), state writes flushed, the store closed when the Warden
 * made it, plugins disposed.
 *
 * @param parts - the engine's parts
 * @param timeout - how long each drain may take, ms
 */
export async function shutdownEngine(parts: EngineParts, timeout: number): Promise<void> {
  const { calendar, router, writer, store } = parts.wiring;
  calendar.stop();
  parts.passive.stop();
  await parts.scheduler.stop({ timeout });
  await within(parts.states.idle(), timeout);
  router.flush();
  const backlog = router.backlog();
  if (backlog.queued + backlog.inFlight > 0) await within(router.idle(), timeout);
  router.stop();
  parts.wiring.abortSends();
  await writer.close();
  if (parts.wiring.ownsStore) await store.close();
  await parts.host.dispose();
}

/**
 * Takes check states and open incidents back from the store (at start), so a restart neither
 * forgets a hard problem nor opens a second incident for it.
 *
 * @param wiring - store and incident manager
 * @param states - the hot cache
 */
export async function restoreFromStore(wiring: IncidentWiring, states: CheckStates): Promise<void> {
  const [records, open] = await Promise.all([wiring.store.loadCheckStates(), wiring.store.queryIncidents({ open: true })]);
  states.restore(records);
  wiring.incidents.restore(open);
}

/**
 * A maintenance window ended: every (check, asset) it covered that is out of maintenance now is
 * re-decided — a problem still failing opens its incident, an open one is delivered again.
 *
 * @param t - the transition
 * @param states - the hot cache
 * @param isActive - whether a pair is still in (another) window
 */
export function reconcileAfterMaintenance(
  t: MaintenanceTransition,
  states: CheckStates,
  isActive: (asset: string, check: string) => boolean,
): void {
  for (const asset of t.assets) {
    for (const state of states.states({ asset })) {
      if (t.window.checks !== undefined && !t.window.checks.includes(state.check)) continue;
      if (!isActive(asset, state.check)) void states.reconcile(state.check, asset);
    }
  }
}

/**
 * Runs a discoverer, wrapping anything it throws as a `PluginError`.
 *
 * @param host - the plugin host
 * @param deps - hook context deps
 * @param discoverer - its name
 * @param params - its params (validated here)
 * @param signal - cancels it
 * @param ready - resolves once plugins started
 * @returns the proposals
 * @throws WardenError `ERR_CONFIG_INVALID` for an unknown discoverer or invalid params; PluginError for its failures
 */
export async function* runDiscoverer(
  host: PluginHost,
  deps: HookContextDeps,
  discoverer: string,
  params: unknown,
  signal: AbortSignal,
  ready: () => Promise<void>,
): AsyncIterable<AssetProposal> {
  const where = `discover("${discoverer}")`;
  const entry = host.resolve('discoverer', discoverer, where);
  const parsed = parseConfig(entry.definition.params, params, `${where} params`);
  await ready();
  const ctx = createHookContext(deps, { plugin: entry.plugin, hook: entry.name, signal });
  const site = { plugin: entry.plugin, hook: entry.name, scrub: (text: string) => deps.secrets.scrub(text) };
  let iterable: AsyncIterable<AssetProposal>;
  try {
    iterable = entry.definition.discover(parsed, ctx);
  } catch (err) {
    throw toPluginError(err, site);
  }
  try {
    for await (const proposal of iterable) yield proposal;
  } catch (err) {
    throw toPluginError(err, site);
  }
}
