import { randomUUID } from 'node:crypto';
import type { Asset } from '../assets/types.js';
import { expandMacros, validateMacros } from '../checks/macros.js';
import { parseConfig } from '../errors/config-error.js';
import { WardenError } from '../errors/warden-error.js';
import { describeError } from '../events/emitter.js';
import type { TimerHandle } from '../internal/clock.js';
import type { PluginHost, Registered } from '../plugins/host.js';
import type { ActionDefinition, ActionResult } from '../plugins/types.js';
import { scrubDeepWith } from '../secrets/scrub-deep.js';
import type { StateStore } from '../store/types.js';
import type { WriteBehind } from '../store/write-behind.js';
import { createHookContext, type HookContextDeps } from '../warden/hook-context.js';
import type { ActResult, AuditRecord } from './types.js';

/** Most characters of action output kept in an audit record. */
export const AUDIT_OUTPUT_LIMIT = 16_384;

/** What running an action needs from the engine. */
export interface ActionRunnerDeps {
  /** Where actions are registered. */
  host: PluginHost;
  /** Logger, clock, secrets and emitter for the hook context. */
  hook: HookContextDeps;
  /** Intent records are awaited here, before the action starts. */
  store: StateStore;
  /** Every other audit record is queued here. */
  writer: WriteBehind;
  /** Record and run ids. @defaultValue `randomUUID` */
  newId?: () => string;
  /** Runs started by this process (so a restart check never mistakes one for a crashed run). */
  liveRuns?: Set<string>;
}

/** An action resolved and its params validated and expanded for one asset. */
export interface PreparedAction {
  /** Full action name. */
  name: string;
  /** The plugin that provides it (`core` for built-ins). */
  plugin: string;
  /** The definition. */
  definition: ActionDefinition<unknown>;
  /** The asset. */
  asset: Asset;
  /** Params after macro expansion and the schema (what `run` receives). */
  params: unknown;
  /** Params as the audit log keeps them: expanded, secrets redacted, JSON-safe. */
  auditParams: unknown;
}

/**
 * Resolves an action and checks params that do not depend on an asset (macros well formed):
 * what rule registration and `act()` do first.
 *
 * @param host - the plugin host
 * @param name - full action name
 * @param params - raw params
 * @param where - what the params belong to, for messages (`act()`, `remediation "r1" step 1`)
 * @returns the registered action
 * @throws WardenError `ERR_CONFIG_INVALID` for an unknown action (listing the known ones) or a malformed macro
 */
export function resolveAction(host: PluginHost, name: string, params: unknown, where: string): Registered<ActionDefinition<unknown>> {
  if (typeof name !== 'string' || name === '') {
    throw new WardenError('ERR_CONFIG_INVALID', `${where}: action must be a non-empty string such as 'exec.local'`);
  }
  const entry = host.resolve('action', name, where);
  validateMacros(params, `${where} params`);
  return entry;
}

/**
 * Makes params JSON-safe and replaces revealed secrets, for the audit log.
 *
 * @param value - params
 * @param scrub - the redactor's text scrubber
 * @returns a scrubbed, JSON-safe copy
 */
export function auditSafe(value: unknown, scrub: (text: string) => string): unknown {
  try {
    const json = JSON.stringify(scrubDeepWith(value, scrub));
    return json === undefined ? undefined : (JSON.parse(json) as unknown);
  } catch (err) {
    return `[params not serialisable: ${describeError(err)}]`;
  }
}

/**
 * Expands asset macros in an action's params and parses them with its schema.
 *
 * @param deps - the runner's dependencies
 * @param name - full action name
 * @param asset - the asset acted on
 * @param params - raw params
 * @param where - for messages
 * @returns the prepared action
 * @throws WardenError `ERR_CONFIG_INVALID` for an unknown action, a macro the asset cannot fill, or params the schema refuses (every issue with its path)
 */
export function prepareAction(deps: ActionRunnerDeps, name: string, asset: Asset, params: unknown, where: string): PreparedAction {
  const entry = resolveAction(deps.host, name, params, where);
  const definition = entry.definition as ActionDefinition<unknown>;
  const expanded = expandMacros(params, asset);
  const parsed = parseConfig(definition.params, expanded, `${where} params for action "${name}"`, ['params']);
  return { name, plugin: entry.plugin, definition, asset, params: parsed, auditParams: auditSafe(expanded, deps.hook.secrets.scrub) };
}

/**
 * Whether any string inside `value` has a brace (a macro to expand per asset), so params can be
 * checked against the schema only per asset.
 *
 * @param value - params
 * @returns true when some string holds `{`
 */
export function hasBrace(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{');
  if (Array.isArray(value)) return value.some(hasBrace);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(hasBrace);
  return false;
}

function garbage(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return `expected { ok, output?, error? }, got ${describeError(value)}`;
  const r = value as Record<string, unknown>;
  if (typeof r.ok !== 'boolean') return 'its "ok" is not a boolean';
  if (r.output !== undefined && typeof r.output !== 'string') return 'its "output" is not a string';
  if (r.error !== undefined && typeof r.error !== 'string') return 'its "error" is not a string';
  return undefined;
}

const clip = (text: string): string =>
  text.length > AUDIT_OUTPUT_LIMIT ? `${text.slice(0, AUDIT_OUTPUT_LIMIT)}\n[truncated at ${AUDIT_OUTPUT_LIMIT} characters]` : text;

/**
 * Runs a prepared action under an audit trail: a `started` intent record is committed to the
 * store (awaited) before the action starts; then the action runs with a timeout and an abort
 * signal; whatever it does — returns, throws, hangs, returns garbage — ends as an
 * {@link ActResult} and a `finished` record (queued through the write-behind) with output,
 * error and duration, secrets scrubbed. Never rejects once the action has started.
 *
 * @param deps - the runner's dependencies
 * @param action - the prepared action
 * @param audit - the rule id (`'act'` for manual acts), an optional reason, the timeout
 * @returns the contained result
 * @throws WardenError `ERR_STORE` when the intent record cannot be committed (the action does not start)
 */
export async function runAction(
  deps: ActionRunnerDeps,
  action: PreparedAction,
  audit: { rule: string; timeoutMs: number; reason?: string; run?: string },
): Promise<ActResult> {
  const newId = deps.newId ?? randomUUID;
  const { clock, secrets } = deps.hook;
  const run = audit.run ?? newId();
  deps.liveRuns?.add(run);
  const base = { rule: audit.rule, action: action.name, asset: action.asset.id, run };
  const intent: AuditRecord = { id: newId(), at: clock.now(), kind: 'started', ...base };
  if (action.auditParams !== undefined) intent.params = action.auditParams;
  if (audit.reason !== undefined) intent.reason = secrets.scrub(audit.reason);
  try {
    // Earlier decisions (planned, approved) first, then the intent, committed before acting.
    await deps.writer.flush();
    await deps.store.appendAudit([intent]);
  } catch (err) {
    throw new WardenError(
      'ERR_STORE',
      `${action.name} on "${action.asset.id}" was not started: its intent record could not be written (${secrets.scrub(describeError(err))}); fix the state store and try again`,
      { cause: err },
    );
  }

  const started = clock.now();
  const controller = new AbortController();
  const ctx = createHookContext(deps.hook, {
    plugin: action.plugin,
    hook: `action:${action.name}`,
    assetId: action.asset.id,
    signal: controller.signal,
  });
  let timer: TimerHandle | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = clock.setTimer(() => resolve('timeout'), audit.timeoutMs);
  });
  let outcome: ActionResult & { code?: ActResult['code'] };
  try {
    const result = await Promise.race([Promise.resolve().then(() => action.definition.run(action.asset, action.params, ctx)), timedOut]);
    if (result === 'timeout') {
      controller.abort(new WardenError('ERR_TIMEOUT', `${action.name} timed out`));
      outcome = {
        ok: false,
        error: `${action.name} did not finish within ${audit.timeoutMs} ms; it was aborted and abandoned`,
        code: 'ERR_TIMEOUT',
      };
    } else {
      const bad = garbage(result);
      outcome =
        bad === undefined
          ? result
          : { ok: false, error: `${action.name} returned something that is not an ActionResult: ${bad}`, code: 'ERR_PLUGIN' };
    }
  } catch (err) {
    outcome = { ok: false, error: `${action.name} threw: ${describeError(err)}`, code: 'ERR_PLUGIN' };
  } finally {
    timer?.cancel();
  }
  const durationMs = clock.now() - started;
  const result: ActResult = { ok: outcome.ok, run, durationMs };
  if (outcome.output !== undefined) result.output = secrets.scrub(outcome.output);
  if (outcome.error !== undefined) result.error = secrets.scrub(outcome.error);
  if (outcome.code !== undefined) result.code = outcome.code;
  const finished: AuditRecord = { id: newId(), at: clock.now(), kind: 'finished', ...base, ok: result.ok, durationMs };
  if (result.output !== undefined) finished.output = clip(result.output);
  if (result.error !== undefined) finished.reason = clip(result.error);
  try {
    deps.writer.appendAudit(finished);
  } catch (err) {
    // The writer is closed (Warden stopping): write directly rather than lose the outcome.
    await deps.store.appendAudit([finished]).catch(() => deps.hook.logger.error({ err, run }, 'audit record lost'));
  }
  return result;
}
