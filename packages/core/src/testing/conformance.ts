import type { z } from 'zod';
import type { Asset } from '../assets/types.js';
import { isWardenError } from '../errors/warden-error.js';
import { describeError } from '../events/emitter.js';
import { systemClock } from '../internal/clock.js';
import { childLogger } from '../internal/logger.js';
import { validateSamples } from '../metrics/validate.js';
import type { PluginSetupContext, StartContext, WardenPlugin } from '../plugins/define-plugin.js';
import type { HookKind, HookKinds } from '../plugins/host.js';
import type { HookContext } from '../plugins/types.js';
import { createRedactor } from '../secrets/redactor.js';
import { secret } from '../secrets/secret.js';
import type { Secret } from '../secrets/types.js';
import { normalizeResult } from '../warden/result.js';
import { createCaptureLogger } from './capture-logger.js';
import { createTestHookContext } from './hook-context.js';

/** What the conformance kit is told about the plugin under test. */
export interface ConformanceOptions<O> {
  /** The plugin factory, e.g. `acme`. */
  factory: (options: O) => WardenPlugin;
  /** Options the factory accepts. */
  options: O;
  /**
   * An asset the plugin's collectors and probes can run against (an in-process peer). It gets
   * a canary secret to put where the plugin takes secrets (a password, a community): the kit
   * fails if the canary's value shows up in any sample, result, log record or event.
   */
  asset?: (canary: Secret) => Asset;
  /** Valid params by full hook name (`acme.outlet`), for hooks whose params have required fields. */
  params?: Record<string, unknown>;
  /** Full names of hooks not to run (collectors and probes run by default; actions and discoverers never). */
  skip?: readonly string[];
  /** Abort a run this long after it started, to check the hook honours its signal. @defaultValue 20 */
  abortAfterMs?: number;
  /** How long after the abort a hook may take to settle. @defaultValue 2000 */
  abortBoundMs?: number;
}

/** One rule's verdict. */
export interface ConformanceFinding {
  /** The rule (`options-strict`, `abort-honoured`, …). */
  rule: string;
  /** The hook it is about, if any. */
  hook?: string;
  /** Whether the plugin passed. */
  ok: boolean;
  /** What was found. */
  message: string;
}

const UNKNOWN_KEY = '__wardenConformanceUnknownKey__';
const METRIC_NAME = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

interface Recorded {
  hooks: Array<{ kind: HookKind; definition: HookKinds[HookKind] }>;
  onStart: Array<(ctx: StartContext) => Promise<void> | void>;
  onDispose: Array<() => Promise<void> | void>;
}

/**
 * Runs the plugin conformance rules and returns every finding (passes included). Rules:
 * names prefixed; option, asset-config and params schemas refuse unknown keys; collectors
 * return valid samples with OpenTelemetry-style names; probes return valid results; hooks
 * honour their abort signal within a bound; `onDispose` hooks may run twice; no handles leak
 * after dispose; the canary secret appears in no output.
 *
 * @param options - the factory, its options, an asset and params to run with
 * @returns the findings
 */
export async function checkPluginConformance<O>(options: ConformanceOptions<O>): Promise<ConformanceFinding[]> {
  const findings: ConformanceFinding[] = [];
  const add = (rule: string, ok: boolean, message: string, hook?: string) =>
    void findings.push({ rule, ok, message, ...(hook ? { hook } : {}) });
  const baseline = activeResources();
  const plugin = options.factory(options.options);

  // Options: an unknown key must be refused with ERR_CONFIG_INVALID.
  try {
    options.factory({ ...(options.options as object), [UNKNOWN_KEY]: true } as O);
    add('options-strict', false, 'the factory accepted an unknown option key; declare `options` as z.strictObject(...)');
  } catch (err) {
    add('options-strict', isWardenError(err) && err.code === 'ERR_CONFIG_INVALID', `unknown option key refused: ${describeError(err)}`);
  }

  // Setup, recorded: names and schemas.
  const recorded = record(plugin);
  for (const { kind, definition } of recorded.hooks) {
    const full = definition.name.startsWith(`${plugin.name}.`) ? definition.name : `${plugin.name}.${definition.name}`;
    const foreign = /^[a-z][a-z0-9-]*\./.test(definition.name) && !definition.name.startsWith(`${plugin.name}.`);
    add('names-prefixed', !foreign, foreign ? `${kind} "${definition.name}" carries another plugin's prefix` : `${kind} ${full}`, full);
    const schema = (definition as { params?: z.ZodType }).params;
    if (!schema) {
      add('params-strict', false, `${kind} ${full} declares no params schema; use z.strictObject({}) when it takes none`, full);
      continue;
    }
    const valid = (options.params?.[full] as object | undefined) ?? {};
    const refused = !schema.safeParse({ ...valid, [UNKNOWN_KEY]: true }).success;
    add(
      'params-strict',
      refused,
      refused ? `${kind} ${full} refuses unknown params` : `${kind} ${full} accepted an unknown params key`,
      full,
    );
  }
  const canaryValue = `canary-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const canary = secret.value(canaryValue);
  const asset = options.asset?.(canary);
  if (plugin.assetConfig) {
    const block = (asset as unknown as Record<string, unknown> | undefined)?.[plugin.name];
    const refused = !plugin.assetConfig.safeParse({ ...(block as object | undefined), [UNKNOWN_KEY]: true }).success;
    add('asset-config-strict', refused, refused ? 'the asset block refuses unknown keys' : 'the asset block accepted an unknown key');
  }

  // Runs: collectors and probes against the asset, honouring abort, leaking no secret.
  const logger = createCaptureLogger();
  const outputs: unknown[] = [];
  const redactor = createRedactor();
  const validAsset =
    asset && plugin.assetConfig
      ? { ...asset, [plugin.name]: plugin.assetConfig.parse((asset as unknown as Record<string, unknown>)[plugin.name]) }
      : asset;
  // Services (assets, maintenance, store) as in a Warden; one redactor, so every revealed
  // canary is known, and every emitted event kept to be searched for it.
  const services = createTestHookContext({ plugin: plugin.name, logger, assets: validAsset ? [validAsset as Asset] : [] });
  const context = (signal: AbortSignal, hook: string): HookContext => ({
    signal,
    logger: childLogger(logger, { plugin: plugin.name, hook }),
    clock: systemClock,
    secrets: redactor,
    emit: (event, payload) => void outputs.push({ event, payload }),
    assets: services.assets,
    maintenance: services.maintenance,
    store: services.store,
    submit: async (check, assetId, result) => void outputs.push({ check, asset: assetId, result }),
  });
  try {
    const start = context(new AbortController().signal, 'onStart');
    for (const fn of recorded.onStart) await fn(start);
  } catch (err) {
    add('on-start', false, `onStart failed: ${describeError(err)}`);
  }
  if (validAsset) {
    for (const { kind, definition } of recorded.hooks) {
      if (kind !== 'collector' && kind !== 'probe') continue;
      const full = definition.name.startsWith(`${plugin.name}.`) ? definition.name : `${plugin.name}.${definition.name}`;
      if (options.skip?.includes(full)) continue;
      const schema = (definition as { params?: z.ZodType }).params;
      const params = schema ? schema.safeParse(options.params?.[full] ?? {}) : { success: true as const, data: undefined };
      if (!params.success) {
        add('runs', false, `no valid params for ${full}; pass them in options.params["${full}"]`, full);
        continue;
      }
      const call = (signal: AbortSignal) =>
        kind === 'collector'
          ? (definition as HookKinds['collector']).collect(
              validAsset as Asset,
              { ...context(signal, full), params: params.data },
              params.data,
            )
          : (definition as HookKinds['probe']).run(validAsset as Asset, params.data, context(signal, full));
      try {
        const value = await call(new AbortController().signal);
        outputs.push(value);
        if (kind === 'collector') {
          const issues = validateSamples('conformance', value);
          const badNames = Array.isArray(value)
            ? value.filter((s: { name?: unknown }) => typeof s?.name !== 'string' || !METRIC_NAME.test(s.name))
            : [];
          add(
            'samples-valid',
            issues.length === 0,
            issues.length ? issues.map((i) => `${i.path}: ${i.message}`).join('; ') : `${full} samples valid`,
            full,
          );
          add(
            'metric-names',
            badNames.length === 0,
            badNames.length
              ? `names not lower-case dotted: ${badNames.map((s: { name?: unknown }) => String(s.name)).join(', ')}`
              : 'OpenTelemetry-style names',
            full,
          );
        } else {
          const result = normalizeResult(value, full);
          const valid = result === value;
          add('result-valid', valid, valid ? `${full} returned ${result.status}` : result.summary, full);
        }
      } catch (err) {
        outputs.push(redactor.scrub(describeError(err)));
        add('runs', false, `${full} threw against the given asset: ${describeError(err)}`, full);
      }
      add('abort-honoured', ...(await abortHonoured(call, options.abortAfterMs ?? 20, options.abortBoundMs ?? 2000)), full);
    }
  }

  // Dispose twice, then nothing may be left running.
  for (let round = 1; round <= 2; round++) {
    for (const fn of recorded.onDispose) {
      try {
        await fn();
      } catch (err) {
        add('dispose-idempotent', false, `onDispose failed on call ${round}: ${describeError(err)}`);
      }
    }
  }
  if (!findings.some((f) => f.rule === 'dispose-idempotent'))
    add('dispose-idempotent', true, `${recorded.onDispose.length} onDispose hook(s) ran twice without error`);
  const leaked = await settleResources(baseline);
  add('no-leaked-handles', leaked.length === 0, leaked.length ? `still open after dispose: ${leaked.join(', ')}` : 'no handle left open');

  const haystack = JSON.stringify({ outputs, logs: logger.records }, (_key, value) =>
    typeof value === 'bigint' ? value.toString() : value,
  );
  const leakedSecret = haystack.includes(canaryValue);
  add(
    'no-secret-in-output',
    !leakedSecret,
    leakedSecret ? 'the canary secret value appeared in samples, results, logs or events' : 'the canary secret never appeared',
  );
  return findings;
}

/**
 * Runs {@link checkPluginConformance} and throws one error listing every failed rule.
 *
 * @param options - as for checkPluginConformance
 * @throws Error listing each failure (`rule [hook]: message`)
 * @example
 * ```ts
 * it('conforms', async () => {
 *   await assertPluginConformance({ factory: acme, options: { token: 't' }, asset: (canary) => ({ id: 'pdu', kind: 'pdu', acme: { port, token: canary } }) });
 * });
 * ```
 */
export async function assertPluginConformance<O>(options: ConformanceOptions<O>): Promise<void> {
  const failures = (await checkPluginConformance(options)).filter((f) => !f.ok);
  if (failures.length > 0) {
    throw new Error(
      `plugin conformance failed:\n${failures.map((f) => `  - ${f.rule}${f.hook ? ` [${f.hook}]` : ''}: ${f.message}`).join('\n')}`,
    );
  }
}

function record(plugin: WardenPlugin): Recorded {
  const recorded: Recorded = { hooks: [], onStart: [], onDispose: [] };
  const stage = (kind: HookKind) => (definition: HookKinds[HookKind]) => void recorded.hooks.push({ kind, definition });
  const ctx: PluginSetupContext = {
    plugin: plugin.name,
    logger: createCaptureLogger(),
    collector: stage('collector') as PluginSetupContext['collector'],
    probe: stage('probe') as PluginSetupContext['probe'],
    action: stage('action') as PluginSetupContext['action'],
    discoverer: stage('discoverer') as PluginSetupContext['discoverer'],
    notifier: stage('notifier') as PluginSetupContext['notifier'],
    onStart: (fn) => void recorded.onStart.push(fn),
    onDispose: (fn) => void recorded.onDispose.push(fn),
  };
  plugin.setup(ctx);
  return recorded;
}

async function abortHonoured(call: (signal: AbortSignal) => unknown, afterMs: number, boundMs: number): Promise<[boolean, string]> {
  const controller = new AbortController();
  const started = performance.now();
  const settled = Promise.resolve()
    .then(() => call(controller.signal))
    .then(
      () => performance.now(),
      () => performance.now(),
    );
  const abortTimer = setTimeout(() => controller.abort(), afterMs);
  let boundTimer: NodeJS.Timeout | undefined;
  const bound = new Promise<'hung'>((resolve) => {
    boundTimer = setTimeout(() => resolve('hung'), afterMs + boundMs);
  });
  const outcome = await Promise.race([settled, bound]);
  clearTimeout(abortTimer);
  clearTimeout(boundTimer);
  if (outcome === 'hung') return [false, `did not settle within ${boundMs} ms of its signal being aborted`];
  return [true, `settled after ${Math.round(outcome - started)} ms`];
}

function activeResources(): string[] {
  return process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap' && r !== 'Timeout' && r !== 'Immediate');
}

async function settleResources(baseline: readonly string[]): Promise<string[]> {
  // Sockets close a tick or two after `end()`: give them up to half a second.
  for (let i = 0; i < 25; i++) {
    const extra = difference(activeResources(), baseline);
    if (extra.length === 0) return [];
    await new Promise((r) => setTimeout(r, 20));
  }
  return difference(activeResources(), baseline);
}

function difference(now: readonly string[], before: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const r of before) counts.set(r, (counts.get(r) ?? 0) + 1);
  const out: string[] = [];
  for (const r of now) {
    const left = counts.get(r) ?? 0;
    if (left > 0) counts.set(r, left - 1);
    else out.push(r);
  }
  return out;
}
