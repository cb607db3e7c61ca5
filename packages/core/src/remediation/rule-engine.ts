import { randomUUID } from 'node:crypto';
import { compileSelector } from '../assets/selector.js';
import type { CompiledSelector } from '../assets/selector-types.js';
import type { Asset } from '../assets/types.js';
import { WardenError } from '../errors/warden-error.js';
import { describeError, type WardenEmitter } from '../events/emitter.js';
import type { TimerHandle } from '../internal/clock.js';
import type { CheckState } from '../warden/types.js';
import type { ActionLedger } from './action-ledger.js';
import { askApproval } from './approval.js';
import { recordDecision } from './decision.js';
import { limitRefusal } from './limits.js';
import { attemptsSince, episodeStart, IN_DOUBT_REASON, unfinishedRuns } from './recovery.js';
import { type NormalizedRule, normalizeRule, type RemediationPlan, type RemediationRuleSpec } from './rule-spec.js';
import { type ActionRunnerDeps, hasBrace, prepareAction, resolveAction, runAction } from './run-action.js';
import type { AuditKind, AuditRecord } from './types.js';

/** What the rule engine needs from the Warden. */
export interface RuleEngineDeps extends ActionRunnerDeps {
  /** The Warden emitter: `check:state` in, `remediation:*` out. */
  emitter: WardenEmitter;
  /** The inventory. */
  assets: { get(id: string): Asset | undefined; list(): Asset[] };
  /** The global switch: automatic rules act only when it is on. */
  enabled: boolean;
  /** Whether a check id is registered. */
  hasCheck(check: string): boolean;
  /** The highest attempt a registered check's problems reach (its `attempts`), or undefined when unbounded (`for:`). */
  maxAttempt(check: string): number | undefined;
  /** A pair's state from the hot cache. */
  state(check: string, asset: string): CheckState | undefined;
  /** Whether the pair is in a maintenance window now, not counting the windows `ignore` accepts (by id). */
  isInMaintenance(asset: string, check: string, ignore?: (windowId: string) => boolean): boolean;
  /** Runs the check for the asset now; resolves once applied. */
  rerun(check: string, asset: string): Promise<void>;
  /** Resolves once the results queued so far for the pair were applied to its state. */
  settled(check: string, asset: string): Promise<void>;
  /** Opens a maintenance window over the asset and its children until `until` (or `end()`). */
  quiet(window: { id: string; asset: string; until: number; reason: string }): QuietWindow;
  /** Automatic actions of the last hour, every rule and change together. */
  ledger: ActionLedger;
}

/** An automatic maintenance window opened by a `quiet` rule. */
export interface QuietWindow {
  /** The window id (`quiet:<rule>:<run>`). */
  readonly id: string;
  /** Ends the window now (idempotent). */
  end(): void;
}

/** The id prefix of `quiet` windows. */
export const QUIET_PREFIX = 'quiet:';

/** How long a quiet window outlasts the action timeout and the verify delay: room for the check's re-run. */
const QUIET_GRACE = 60_000;

/** What `warden.remediate()` returns. */
export interface RemediationHandle {
  /** The rule's id. */
  readonly id: string;
  /** Removes the rule; an action already running finishes and is audited. Idempotent. */
  remove(): void;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Per (rule, asset): the current problem episode and the cooldown clock. */
interface Episode {
  attempts: number;
  step: number;
  busy: boolean;
  lastActionAt: number | undefined;
  verifyTimer: TimerHandle | undefined;
  /** The quiet window of the action in progress (handed on at escalation). */
  quiet: QuietWindow | undefined;
  /** Whether an `on.attempt` rule already fired this episode. */
  attemptFired: boolean;
}

interface RuleEntry {
  rule: NormalizedRule;
  selector: CompiledSelector | undefined;
  episodes: Map<string, Episode>;
  /** Actions started (time, asset), newest last, kept for the longest of period and an hour. */
  history: Array<{ at: number; asset: string }>;
}

/** The automatic side of remediation: rules triggered by check transitions. */
export class RuleEngine {
  readonly #deps: RuleEngineDeps;
  readonly #rules = new Map<string, RuleEntry>();
  readonly #newId: () => string;
  // (rule, asset) pairs whose last action was found in doubt after a restart: a person decides.
  readonly #doubt = new Set<string>();
  // Checks watched by an `on.attempt` rule (how many such rules each).
  readonly #attemptChecks = new Map<string, number>();
  #closed = false;
  #recovering: Promise<void> | undefined;

  /** @param deps - action runner parts, emitter, switch and check-state accessors */
  constructor(deps: RuleEngineDeps) {
    this.#deps = deps;
    this.#newId = deps.newId ?? randomUUID;
    deps.emitter.on('check:state', (event) => {
      // After the state machine finished this result (the listener runs inside it).
      queueMicrotask(() => this.#transition(event.check, event.asset, event.status, event.stateType));
    });
    // `on.attempt` rules count results, which change no state once a problem is under way.
    deps.emitter.on('check:result', (event) => {
      if (this.#closed) return;
      // Every check result passes here: a set lookup, no allocation, unless an attempt rule watches it.
      if (!this.#attemptChecks.has(event.check)) return;
      const counting = [...this.#rules.values()].filter((e) => e.rule.check === event.check && e.rule.attempt !== undefined);
      // The result is queued for the state machine right after this event: wait for it to apply.
      queueMicrotask(() => {
        void deps.settled(event.check, event.asset).then(() => {
          for (const entry of counting) this.#attemptReached(entry, event.asset);
        });
      });
    });
  }

  /**
   * Registers a rule: its shape, its check and every step's action and params are checked now.
   *
   * @param raw - the rule
   * @returns a handle to remove it
   * @throws WardenError `ERR_CONFIG_INVALID` for an invalid rule, a missing check, an unknown action or params its schema refuses; `ERR_DUPLICATE` for a known id
   */
  add(raw: RemediationRuleSpec): RemediationHandle {
    const rule = normalizeRule(raw);
    const where = `remediate() rule "${rule.id}"`;
    if (this.#rules.has(rule.id))
      throw new WardenError('ERR_DUPLICATE', `${where}: a rule with this id exists; remove it first or pick another id`);
    if (!this.#deps.hasCheck(rule.check)) {
      throw new WardenError(
        'ERR_CONFIG_INVALID',
        `${where}: on.check "${rule.check}" is not a registered check; register it with warden.check() first`,
      );
    }
    const reachable = this.#deps.maxAttempt(rule.check);
    if (rule.attempt !== undefined && reachable !== undefined && rule.attempt > reachable) {
      throw new WardenError(
        'ERR_CONFIG_INVALID',
        `${where}: on.attempt ${rule.attempt} is never reached: check "${rule.check}" goes hard at attempt ${reachable} and counts no further; use at most ${reachable}`,
      );
    }
    rule.steps.forEach((step, i) => {
      const entry = resolveAction(this.#deps.host, step.action, step.params, `${where} steps[${i}]`);
      // Params without macros can be checked against the schema now; with macros, per asset.
      if (!hasBrace(step.params)) {
        const parsed = entry.definition.params.safeParse(step.params);
        if (!parsed.success) prepareAction(this.#deps, step.action, { id: '(any)', kind: 'host' }, step.params, `${where} steps[${i}]`);
      }
    });
    const selector = rule.assets === undefined ? undefined : compileSelector(rule.assets, { where: `${where} assets` });
    this.#rules.set(rule.id, { rule, selector, episodes: new Map(), history: [] });
    if (rule.attempt !== undefined) this.#attemptChecks.set(rule.check, (this.#attemptChecks.get(rule.check) ?? 0) + 1);
    let removed = false;
    return Object.freeze({
      id: rule.id,
      remove: () => {
        if (removed) return;
        removed = true;
        const entry = this.#rules.get(rule.id);
        for (const episode of entry?.episodes.values() ?? []) {
          episode.verifyTimer?.cancel();
          episode.quiet?.end();
        }
        this.#rules.delete(rule.id);
        const watching = (this.#attemptChecks.get(rule.check) ?? 0) - (rule.attempt === undefined ? 0 : 1);
        if (watching > 0) this.#attemptChecks.set(rule.check, watching);
        else this.#attemptChecks.delete(rule.check);
      },
    });
  }

  /**
   * After a restart: reads the recent audit log so cooldowns carry on, and flags every action
   * that started (intent committed) but never finished — Warden stopped or crashed while it ran —
   * with an `in-doubt` record and `remediation:failed`. The rule then skips that asset until its
   * check is OK again: an action in doubt is never retried blindly. Never rejects.
   *
   * @returns once done
   */
  recover(): Promise<void> {
    this.#recovering ??= this.#recover();
    return this.#recovering;
  }

  async #recover(): Promise<void> {
    const d = this.#deps;
    const now = d.hook.clock.now();
    const horizon = Math.max(DAY, ...[...this.#rules.values()].map((e) => e.rule.cooldownMs));
    let records: AuditRecord[];
    try {
      await d.writer.flush();
      records = await d.store.queryAudit({ from: now - horizon });
    } catch (err) {
      const error = new WardenError('ERR_STORE', `remediation could not read the audit log at start: ${describeError(err)}`, {
        cause: err,
      });
      d.emitter.emit('warden:error', { error, source: 'remediation:recover' });
      return;
    }
    try {
      await this.#recoverAttempts(records);
    } catch (err) {
      const error = new WardenError('ERR_STORE', `remediation could not read the state history at start: ${describeError(err)}`, {
        cause: err,
      });
      d.emitter.emit('warden:error', { error, source: 'remediation:recover' });
    }
    for (const record of records) {
      if (record.kind !== 'started') continue;
      // The global hourly limit carries on too (manual acts do not count towards it).
      if (record.rule !== 'act' && record.at > now - HOUR) d.ledger.record(record.at);
      const entry = this.#rules.get(record.rule);
      if (entry === undefined) continue;
      const episode = this.#episode(entry, record.asset);
      episode.lastActionAt = Math.max(episode.lastActionAt ?? record.at, record.at);
      entry.history.push({ at: record.at, asset: record.asset });
    }
    for (const record of unfinishedRuns(records, d.liveRuns)) {
      if (this.#rules.has(record.rule)) this.#doubt.add(`${record.rule}\u0000${record.asset}`);
      const { rule, action, asset, run } = record;
      const doubt: AuditRecord = { id: this.#newId(), at: now, kind: 'in-doubt', rule, action, asset, run, reason: IN_DOUBT_REASON };
      try {
        d.writer.appendAudit(doubt);
      } catch {
        // Stopping meanwhile.
      }
      d.emitter.emit('remediation:failed', { rule, action, asset, message: IN_DOUBT_REASON });
    }
  }

  /**
   * Attempt counts of problem episodes still open at the restart: the actions a rule started
   * on the asset since its check last left OK (from the state-change history).
   */
  async #recoverAttempts(records: readonly AuditRecord[]): Promise<void> {
    const d = this.#deps;
    const seen = new Set<string>();
    for (const record of records) {
      const entry = this.#rules.get(record.rule);
      const key = `${record.rule}\u0000${record.asset}`;
      if (record.kind !== 'started' || entry === undefined || seen.has(key)) continue;
      seen.add(key);
      const status = d.state(entry.rule.check, record.asset)?.status;
      if (status === undefined || status === 'ok' || status === 'pending') continue;
      const opened = episodeStart(await d.store.queryStateChanges({ check: entry.rule.check, asset: record.asset }));
      this.#episode(entry, record.asset).attempts = attemptsSince(records, record.rule, record.asset, opened);
    }
  }

  /** Cancels pending verifications; no rule acts afterwards. */
  close(): void {
    this.#closed = true;
    for (const entry of this.#rules.values()) for (const episode of entry.episodes.values()) episode.verifyTimer?.cancel();
  }

  #transition(check: string, asset: string, status: CheckState['status'], stateType: 'soft' | 'hard'): void {
    if (this.#closed) return;
    for (const entry of this.#rules.values()) {
      const { rule } = entry;
      if (rule.check !== check || !rule.enabled) continue;
      if (status === 'ok') {
        // The episode is over: attempts and escalation start afresh next time; the cooldown stays.
        const episode = entry.episodes.get(asset);
        this.#doubt.delete(`${rule.id}\u0000${asset}`);
        if (episode && !episode.busy) {
          episode.verifyTimer?.cancel();
          Object.assign(episode, { attempts: 0, step: 0, verifyTimer: undefined });
        }
        if (episode) episode.attemptFired = false;
        continue;
      }
      if (rule.attempt !== undefined || status === 'pending' || !rule.statuses.has(status)) continue;
      if (rule.stateType === 'hard' && stateType !== 'hard') continue;
      this.#start(entry, asset);
    }
  }

  /** An `on.attempt` rule: fires once per episode when the pair's attempt reaches the rule's. */
  #attemptReached(entry: RuleEntry, asset: string): void {
    const { rule } = entry;
    if (this.#closed || this.#rules.get(rule.id) !== entry || !rule.enabled) return;
    const state = this.#deps.state(rule.check, asset);
    if (state === undefined || state.status === 'ok' || state.status === 'pending' || !rule.statuses.has(state.status)) return;
    if (state.attempt !== rule.attempt) return;
    const episode = this.#episode(entry, asset);
    if (episode.attemptFired) return;
    episode.attemptFired = true;
    this.#start(entry, asset);
  }

  /** Triggers the rule on a matching asset, reporting what escapes as `warden:error`. */
  #start(entry: RuleEntry, asset: string): void {
    const target = this.#deps.assets.get(asset);
    if (target === undefined || (entry.selector && !entry.selector.matches(target))) return;
    void this.#trigger(entry, asset, false).catch((err: unknown) => {
      const error = err instanceof WardenError ? err : new WardenError('ERR_PLUGIN', describeError(err), { cause: err });
      this.#deps.emitter.emit('warden:error', { error, source: `remediation:${entry.rule.id}` });
    });
  }

  #episode(entry: RuleEntry, asset: string): Episode {
    let episode = entry.episodes.get(asset);
    if (!episode) {
      episode = {
        attempts: 0,
        step: 0,
        busy: false,
        lastActionAt: undefined,
        verifyTimer: undefined,
        quiet: undefined,
        attemptFired: false,
      };
      entry.episodes.set(asset, episode);
    }
    return episode;
  }

  /** Why the rule must not act on the asset now, or undefined. */
  #refusal(entry: RuleEntry, asset: string, episode: Episode, escalating: boolean): string | undefined {
    const { rule } = entry;
    const d = this.#deps;
    if (!d.enabled && !rule.dryRun) return 'remediation is disabled globally (createWarden({ remediation: { enabled: true } }))';
    const state = d.state(rule.check, asset);
    if (state?.reachable === false) return 'the asset is unreachable (a parent is down)';
    if (state?.flapping) return 'the check is flapping';
    // Quiet windows are not planned maintenance: 'only' never acts in one, and a rule's own
    // (handed on at escalation) does not stop its next step.
    const own = episode.quiet?.id;
    const inMaintenance = d.isInMaintenance(asset, rule.check, (id) =>
      rule.maintenance === 'only' ? id.startsWith(QUIET_PREFIX) : id === own,
    );
    if (rule.maintenance === 'skip' && inMaintenance) return 'the asset is in a maintenance window';
    if (rule.maintenance === 'only' && !inMaintenance) return "the asset is not in a maintenance window (maintenance: 'only')";
    if (this.#doubt.has(`${rule.id}\u0000${asset}`))
      return 'an earlier action on this asset is in doubt (Warden stopped while it ran); it waits until the check is OK';
    if (episode.attempts >= rule.maxAttempts) return `maxAttempts (${rule.maxAttempts}) reached for this problem episode`;
    const since = episode.lastActionAt === undefined ? undefined : d.hook.clock.now() - episode.lastActionAt;
    if (!escalating && since !== undefined && since < rule.cooldownMs)
      return `in cooldown (${since} ms of ${rule.cooldownMs} ms since the last action)`;
    const now = d.hook.clock.now();
    const keep = Math.max(rule.periodMs, HOUR);
    while (entry.history.length > 0 && (entry.history[0] as { at: number }).at <= now - keep) entry.history.shift();
    let busy = 0;
    for (const e of entry.episodes.values()) if (e.busy) busy++;
    return limitRefusal(rule, asset, now, {
      busy,
      history: entry.history,
      globalLastHour: () => d.ledger.lastHour(now),
      covered: () =>
        d.assets
          .list()
          .filter((a) => (entry.selector === undefined || entry.selector.matches(a)) && d.state(rule.check, a.id) !== undefined).length,
    });
  }

  #audit(kind: AuditKind, entry: RuleEntry, asset: string, action: string, extra: Partial<AuditRecord> = {}): void {
    const d = this.#deps;
    recordDecision(
      { writer: d.writer, emitter: d.emitter, clock: d.hook.clock, newId: this.#newId },
      kind,
      { rule: entry.rule.id, action, asset },
      extra,
    );
  }

  async #trigger(entry: RuleEntry, asset: string, escalating: boolean): Promise<void> {
    const { rule } = entry;
    const episode = this.#episode(entry, asset);
    if (episode.busy || this.#closed || this.#rules.get(rule.id) !== entry) return;
    const step = rule.steps[episode.step];
    if (step === undefined) {
      this.#audit('skipped', entry, asset, (rule.steps.at(-1) as { action: string }).action, {
        reason: 'every step was tried; a person must look',
      });
      return;
    }
    const refusal = this.#refusal(entry, asset, episode, escalating);
    if (refusal !== undefined) {
      this.#audit('skipped', entry, asset, step.action, { reason: refusal });
      return;
    }
    const target = this.#deps.assets.get(asset);
    if (target === undefined) return;
    let prepared: ReturnType<typeof prepareAction>;
    try {
      prepared = prepareAction(this.#deps, step.action, target, step.params, `remediation "${rule.id}" step ${episode.step + 1}`);
    } catch (err) {
      this.#audit('skipped', entry, asset, step.action, { reason: this.#deps.hook.secrets.scrub(describeError(err)) });
      return;
    }
    const run = this.#newId();
    const reason = `${rule.check} on ${asset}: step ${episode.step + 1} of ${rule.steps.length}${rule.dryRun ? ' (dry run: not acted)' : ''}`;
    this.#audit('planned', entry, asset, step.action, { run, params: prepared.auditParams, reason });
    if (rule.dryRun) return;
    episode.busy = true;
    if (rule.approve !== undefined) {
      const plan: RemediationPlan = {
        rule: rule.id,
        action: step.action,
        asset,
        params: prepared.auditParams,
        step: episode.step + 1,
        steps: rule.steps.length,
        attempt: episode.attempts + 1,
      };
      const { clock, secrets } = this.#deps.hook;
      const denial = await askApproval(rule.approve, plan, rule.approveTimeoutMs, clock, secrets.scrub);
      if (denial !== undefined || this.#closed || this.#rules.get(rule.id) !== entry) {
        episode.busy = false;
        this.#audit('denied', entry, asset, step.action, { run, reason: denial ?? 'the rule was removed or Warden stopped while waiting' });
        return;
      }
      this.#audit('approved', entry, asset, step.action, { run });
    }
    episode.attempts++;
    episode.lastActionAt = this.#deps.hook.clock.now();
    entry.history.push({ at: episode.lastActionAt, asset });
    this.#deps.ledger.record(episode.lastActionAt);
    if (rule.quiet) {
      // Opened before the previous step's window ends, so an escalation stays quiet throughout.
      const previous = episode.quiet;
      episode.quiet = this.#deps.quiet({
        id: `${QUIET_PREFIX}${rule.id}:${run}`,
        asset,
        until: episode.lastActionAt + rule.timeoutMs + (rule.verifyAfterMs ?? 0) + QUIET_GRACE,
        reason: `remediation "${rule.id}" step ${episode.step + 1} (${step.action}) and its verification`,
      });
      previous?.end();
    }
    this.#deps.emitter.emit('remediation:started', { rule: rule.id, action: step.action, asset, message: reason });
    let ok = false;
    try {
      const result = await runAction(this.#deps, prepared, { rule: rule.id, timeoutMs: rule.timeoutMs, run });
      ok = result.ok;
      this.#deps.emitter.emit(ok ? 'remediation:succeeded' : 'remediation:failed', {
        rule: rule.id,
        action: step.action,
        asset,
        message: result.error ?? result.output ?? (ok ? 'ok' : 'failed'),
      });
    } catch (err) {
      // The intent could not be committed: nothing ran. Audited (best effort) and not retried blindly.
      this.#audit('skipped', entry, asset, step.action, { run, reason: describeError(err) });
      episode.busy = false;
      this.#endQuiet(episode);
      return;
    }
    if (!ok) return this.#escalate(entry, asset, episode, step.action, run);
    if (rule.verifyAfterMs === undefined) {
      episode.busy = false;
      this.#endQuiet(episode);
      return;
    }
    episode.verifyTimer = this.#deps.hook.clock.setTimer(() => {
      episode.verifyTimer = undefined;
      void this.#verify(entry, asset, episode, step.action, run);
    }, rule.verifyAfterMs);
  }

  async #verify(entry: RuleEntry, asset: string, episode: Episode, action: string, run: string): Promise<void> {
    if (this.#closed) return;
    await this.#deps.rerun(entry.rule.check, asset);
    const status = this.#deps.state(entry.rule.check, asset)?.status;
    if (status === 'ok') {
      this.#audit('verified', entry, asset, action, { run, ok: true, reason: 'the check is OK again' });
      Object.assign(episode, { attempts: 0, step: 0, busy: false });
      this.#endQuiet(episode);
      return;
    }
    this.#audit('verified', entry, asset, action, { run, ok: false, reason: `the check is still ${status ?? 'unknown'}` });
    return this.#escalate(entry, asset, episode, action, run);
  }

  async #escalate(entry: RuleEntry, asset: string, episode: Episode, action: string, run: string): Promise<void> {
    episode.busy = false;
    episode.step++;
    const quiet = episode.quiet;
    if (episode.step >= entry.rule.steps.length) {
      this.#audit('skipped', entry, asset, action, {
        run,
        reason: 'the last step failed; nothing more will be tried this episode: a person must look',
      });
    } else await this.#trigger(entry, asset, true);
    // The next step took the window over, or there is none: then it ends, and a check still failing opens its incident.
    if (episode.quiet === quiet) this.#endQuiet(episode);
  }

  #endQuiet(episode: Episode): void {
    const quiet = episode.quiet;
    episode.quiet = undefined;
    quiet?.end();
  }
}
