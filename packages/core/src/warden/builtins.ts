import { createExecLocalAction } from '../builtins/exec/exec-local.js';
import { createHostLocalCollector } from '../builtins/host-local/collector.js';
import { logNotifier } from '../builtins/log/notifier.js';
import { createCoreProbes } from '../builtins/probes/core-probes.js';
import type { PluginHost } from '../plugins/host.js';
import type { ActionDefinition, CollectorDefinition, NotifierDefinition } from '../plugins/types.js';

/**
 * Registers core's built-ins under their unprefixed names: the `host.local` collector and the
 * `tcp`, `ping` and `nagios` probes, the `log` notifier and the `exec.local` action.
 *
 * @param host - the Warden's plugin host
 */
export function registerBuiltins(host: PluginHost): void {
  host.registerBuiltin('collector', createHostLocalCollector() as CollectorDefinition<unknown>);
  for (const probe of createCoreProbes()) host.registerBuiltin('probe', probe);
  host.registerBuiltin('notifier', logNotifier as NotifierDefinition<unknown>);
  host.registerBuiltin('action', createExecLocalAction() as ActionDefinition<unknown>);
}
