import { randomUUID } from 'node:crypto';
import { compileSelector } from '../assets/selector.js';
import type { CompiledSelector } from '../assets/selector-types.js';
import type { Asset } from '../assets/types.js';
import { WardenError } from '../errors/warden-error.js';
import { describeError, type WardenEmitter } from '../events/emitter.js';
import type { MaintenanceCalendar, MaintenanceHandle, MaintenanceSpec } from '../maintenance/types.js';
import type { ActionLedger } from '../remediation/action-ledger.js';
import { askApproval } from '../remediation/approval.js';
import { recordDecision } from '../remediation/decision.js';
import {
  type ActionRunnerDeps,
  hasBrace,
  type PreparedAction,
  prepareAction,
  resolveAction,
  runAction,
} from '../remediation/run-action.js';
import type { AuditKind, AuditRecord } from '../remediation/types.js';
import { CHANGE_PREFIX, type NormalizedChange, normalizeChange } from './change-spec.js';
import type { ChangeHandle, ChangeSpec } from './types.js';

/** What the change engine needs from the Warden. */
export interface ChangeEngineDeps extends ActionRunnerDeps {
  /** `maintenance:started`/`ended` in, `remediation:*` out. */
  emitter: WardenEmitter;
  /** The inventory. */
  assets: { get(id: string): Asset | undefined };
  /** Where inline windows are registered and open windows are read. */
  calendar: MaintenanceCalendar;
  /** The global remediation switch (a destructive change needs it or `allowDestructive`). */
  enabled: boolean;
  /** Whether the asset cannot be reached now (it, or a parent, is down). */
  isUnreachable(asset: string): boolean;
  /** Automatic actions of the last hour (changes count towards rules' global limit). */
  ledger: ActionLedger;
}

/** One asset's turn in a window occurrence. */
interface Turn {
  asset: string;
  run: string;
  prepared: PreparedAction;
}

/** One opening of the change's window. */
interface Occurrence {
  from: number;
  to: number;
  open: boolean;
  queue: Turn[];
  running: number;
  failures: number;
  halted: boolean;
}

interface ChangeEntry {
  change: NormalizedChange;
  rule: string;
  selector: CompiledSelector;
  window: MaintenanceHandle | undefined;
  occurrence: Occurrence | undefined;
  removed: boolean;
}

const iso = (ms: number): string => new Date(ms).toISOString();

const toMs = (value: unknown): number | undefined => {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : value;
  return typeof ms === 'number' && Number.isFinite(ms) ? ms : undefined;
};

/**
 * Planned changes (`warden.change()`): an action that runs on each matching asset once per
 * opening of its maintenance window, one asset at a time by default, audited like a
 * remediation (rule `change:<id>`).
 */
export class ChangeEngine {
  readonly #deps: ChangeEngineDeps;
  readonly #changes = new Map<string, ChangeEntry>();
  readonly #newId: () => string;
  #running = false;
  #closed = false;

  /** @param deps - action runner parts, emitter, calendar, inventory, switch */
  constructor(deps: ChangeEngineDeps) {
    this.#deps = deps;
    this.#newId = deps.newId ?? randomUUID;
    deps.emitter.on('maintenance:started', ({ id, assets }) => {
      for (const entry of this.#changes.values())
        if (entry.change.window.id === id) void this.#open(entry, assets).catch((err: unknown) => this.#report(entry, err));
    });
    deps.emitter.on('maintenance:ended', ({ id }) => {
      for (const entry of this.#changes.values())
        if (entry.change.window.id === id) this.#drop(entry, 'the window closed before its turn came');
    });
  }

  /**
   * Registers a change: its shape, action, params (without macros) and inline window are checked now.
   *
   * @param raw - the change
   * @returns a handle to remove it
   * @throws WardenError `ERR_CONFIG_INVALID` for an invalid change or window, an unknown action, params its schema refuses, or a destructive action without the global switch or `allowDestructive`; `ERR_DUPLICATE` for a known id
   */
  add(raw: ChangeSpec): ChangeHandle {
    const change = normalizeChange(raw);
    const where = `change() "${change.id}"`;
    if (this.#changes.has(change.id))
      throw new WardenError('ERR_DUPLICATE', `${where}: a change with this id exists; remove it first or pick another id`);
    const action = resolveAction(this.#deps.host, change.action, change.params, where);
    if (!hasBrace(change.params) && !action.definition.params.safeParse(change.params).success)
      prepareAction(this.#deps, change.action, { id: '(any)', kind: 'host' }, change.params, where);
    if (action.definition.destructive === true && !this.#deps.enabled && !change.allowDestructive) {
      throw new WardenError(
        'ERR_CONFIG_INVALID',
        `${where}: ${change.action} is destructive; enable remediation globally (createWarden({ remediation: { enabled: true } })) or set allowDestructive: true on the change to confirm it`,
      );
    }
    const selector = compileSelector(change.assets, { where: `${where} assets` });
    const entry: ChangeEntry = {
      change,
      rule: `${CHANGE_PREFIX}${change.id}`,
      selector,
      window: undefined,
      occurrence: undefined,
      removed: false,
    };
    this.#changes.set(change.id, entry);
    if (change.window.inline !== undefined) {
      try {
        entry.window = this.#deps.calendar.add({
          ...change.window.inline,
          id: change.window.id,
          assets: change.assets,
          reason: `change "${change.id}" (${change.action})`,
        } as MaintenanceSpec);
      } catch (err) {
        this.#changes.delete(change.id);
        throw err;
      }
    }
    if (this.#running) void this.#missed(entry).catch((err: unknown) => this.#report(entry, err));
    let removed = false;
    return Object.freeze({
      id: change.id,
      remove: () => {
        if (removed) return;
        removed = true;
        entry.removed = true;
        this.#drop(entry, 'the change was removed');
        this.#changes.delete(change.id);
        entry.window?.remove();
      },
    });
  }

  /**
   * At start: a one-off inline window that ended while Warden was not running gets a `skipped`
   * record per asset that never started in it, so a missed change is on the record. Never rejects.
   *
   * @returns once done
   */
  async recover(): Promise<void> {
    this.#running = true;
    await Promise.all([...this.#changes.values()].map((entry) => this.#missed(entry).catch((err: unknown) => this.#report(entry, err))));
  }

  /** Nothing new starts afterwards (what waited is skipped, audited); actions already running finish and are audited. */
  close(): void {
    this.#closed = true;
    for (const entry of this.#changes.values()) this.#drop(entry, 'Warden stopped before its turn came');
  }

  async #missed(entry: ChangeEntry): Promise<void> {
    const inline = entry.change.window.inline;
    if (inline === undefined || !('from' in inline)) return;
    const from = toMs(inline.from);
    const to = toMs(inline.to);
    const now = this.#deps.hook.clock.now();
    if (from === undefined || to === undefined || to > now) return;
    await this.#deps.writer.flush();
    const seen = new Set((await this.#deps.store.queryAudit({ rule: entry.rule, from })).map((r) => r.asset));
    const assets = [...this.#deps.calendar.windowsBetween(from, to)]
      .filter((w) => w.window === entry.change.window.id)
      .map((w) => w.asset)
      .filter((id) => !seen.has(id));
    for (const asset of [...new Set(assets)].sort())
      this.#audit('skipped', entry, asset, { reason: `the window (${iso(from)} – ${iso(to)}) passed while Warden was not running` });
  }

  async #open(entry: ChangeEntry, covered: readonly string[]): Promise<void> {
    const d = this.#deps;
    const window = d.calendar.activeWindows().find((w) => w.id === entry.change.window.id);
    if (window === undefined || this.#closed || entry.removed) return;
    const occurrence: Occurrence = { from: window.from, to: window.to, open: true, queue: [], running: 0, failures: 0, halted: false };
    entry.occurrence = occurrence;
    const targets = covered
      .filter((id) => {
        const asset = d.assets.get(id);
        return asset !== undefined && (asset.lifecycle ?? 'active') === 'active' && entry.selector.matches(asset);
      })
      .sort();
    // After a restart inside the window: an asset whose action already started in this
    // occurrence is not acted on again (if it never finished, it is flagged in doubt at start).
    let started: Set<string>;
    try {
      await d.writer.flush();
      const records = await d.store.queryAudit({ rule: entry.rule, from: occurrence.from });
      started = new Set(records.filter((r) => r.kind === 'started').map((r) => r.asset));
    } catch (err) {
      const reason = `the audit log could not be read to tell whether this window already acted (${d.hook.secrets.scrub(describeError(err))}); not acted`;
      for (const asset of targets) this.#audit('skipped', entry, asset, { reason });
      return;
    }
    if (entry.occurrence !== occurrence || !occurrence.open) return;
    const { change } = entry;
    const span = `${iso(occurrence.from)} – ${iso(occurrence.to)}`;
    for (const id of targets) {
      if (started.has(id)) {
        this.#audit('skipped', entry, id, { reason: 'already started in this window (before a restart); not repeated' });
        continue;
      }
      const asset = d.assets.get(id) as Asset;
      let prepared: PreparedAction;
      try {
        prepared = prepareAction(d, change.action, asset, change.params, `change "${change.id}"`);
      } catch (err) {
        this.#audit('skipped', entry, id, { reason: d.hook.secrets.scrub(describeError(err)) });
        continue;
      }
      const run = this.#newId();
      const reason = `change "${change.id}" in window ${change.window.id} (${span})${change.dryRun ? ' (dry run: not acted)' : ''}`;
      this.#audit('planned', entry, id, { run, params: prepared.auditParams, reason });
      if (!change.dryRun) occurrence.queue.push({ asset: id, run, prepared });
    }
    this.#pump(entry, occurrence);
  }

  /** Starts turns while slots are free and the rollout may go on. */
  #pump(entry: ChangeEntry, occurrence: Occurrence): void {
    while (occurrence.running < entry.change.maxConcurrent && occurrence.open && !occurrence.halted && !this.#closed) {
      const turn = occurrence.queue.shift();
      if (turn === undefined) return;
      occurrence.running++;
      void this.#take(entry, occurrence, turn)
        .catch((err: unknown) => this.#report(entry, err))
        .finally(() => {
          occurrence.running--;
          this.#pump(entry, occurrence);
        });
    }
  }

  async #take(entry: ChangeEntry, occurrence: Occurrence, turn: Turn): Promise<void> {
    const d = this.#deps;
    const { change } = entry;
    const { asset, run } = turn;
    if (d.isUnreachable(asset)) {
      this.#audit('skipped', entry, asset, { run, reason: 'the asset is unreachable (it or a parent is down)' });
      return;
    }
    if (change.approve !== undefined) {
      const plan = { rule: entry.rule, action: change.action, asset, params: turn.prepared.auditParams, step: 1, steps: 1, attempt: 1 };
      const denial = await askApproval(change.approve, plan, change.approveTimeoutMs, d.hook.clock, d.hook.secrets.scrub);
      const gone = !occurrence.open || entry.removed || this.#closed;
      if (denial !== undefined || gone) {
        this.#audit('denied', entry, asset, { run, reason: denial ?? 'the window closed (or the change was removed) while waiting' });
        return;
      }
      this.#audit('approved', entry, asset, { run });
    }
    d.ledger.record(d.hook.clock.now());
    d.emitter.emit('remediation:started', { rule: entry.rule, action: change.action, asset, message: `change "${change.id}"` });
    let ok = false;
    try {
      const result = await runAction(d, turn.prepared, { rule: entry.rule, timeoutMs: change.timeoutMs, run });
      ok = result.ok;
      d.emitter.emit(ok ? 'remediation:succeeded' : 'remediation:failed', {
        rule: entry.rule,
        action: change.action,
        asset,
        message: result.error ?? result.output ?? (ok ? 'ok' : 'failed'),
      });
    } catch (err) {
      this.#audit('skipped', entry, asset, { run, reason: describeError(err) });
    }
    if (ok) return;
    occurrence.failures++;
    if (occurrence.failures >= change.maxFailures && !occurrence.halted) {
      occurrence.halted = true;
      const reason = `the rollout stopped: ${occurrence.failures} asset(s) failed in this window (maxFailures ${change.maxFailures})`;
      for (const waiting of occurrence.queue.splice(0)) this.#audit('skipped', entry, waiting.asset, { run: waiting.run, reason });
    }
  }

  /** The window closed or the change went: whatever still waits is skipped, and said so. */
  #drop(entry: ChangeEntry, reason: string): void {
    const occurrence = entry.occurrence;
    if (occurrence === undefined) return;
    occurrence.open = false;
    for (const waiting of occurrence.queue.splice(0)) this.#audit('skipped', entry, waiting.asset, { run: waiting.run, reason });
  }

  #audit(kind: AuditKind, entry: ChangeEntry, asset: string, extra: Partial<AuditRecord> = {}): void {
    const d = this.#deps;
    const sink = { writer: d.writer, emitter: d.emitter, clock: d.hook.clock, newId: this.#newId };
    recordDecision(sink, kind, { rule: entry.rule, action: entry.change.action, asset }, extra);
  }

  #report(entry: ChangeEntry, err: unknown): void {
    const error = err instanceof WardenError ? err : new WardenError('ERR_PLUGIN', describeError(err), { cause: err });
    this.#deps.emitter.emit('warden:error', { error, source: entry.rule });
  }
}
