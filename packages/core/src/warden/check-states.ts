import type { AssetRegistry } from '../assets/registry-types.js';
import { applyCheckResult, isHardProblem, nextCheckState, reconcileCheckState } from '../checks/state-machine.js';
import type { StateContext, StateInput } from '../checks/state-types.js';
import type { CheckResult } from '../checks/types.js';
import { WardenError } from '../errors/warden-error.js';
import type { WardenEmitter } from '../events/emitter.js';
import type { IncidentManager } from '../incidents/manager-types.js';
import type { Incident } from '../incidents/types.js';
import type { Clock } from '../internal/clock.js';
import type { Logger } from '../internal/logger.js';
import type { Scheduler } from '../scheduler/types.js';
import { checkStateRecordOf, stateChangeRecordOf } from '../store/records.js';
import type { CheckStateRecord } from '../store/types.js';
import type { WriteBehind } from '../store/write-behind.js';
import { type DependencyView, isAssetUp, isPairReachable, type LivenessView, livenessToVerify, ParentWarnings } from './dependencies.js';
import { type PairEntry, PairTable, type StateCheckDef } from './pair-table.js';
import type { CheckState } from './types.js';

/** What {@link CheckStates} is built from. */
export interface CheckStatesDeps {
  clock: Clock;
  logger: Logger;
  emitter: WardenEmitter;
  registry: AssetRegistry;
  writer: WriteBehind;
  incidents: IncidentManager;
  scheduler: Pick<Scheduler, 'has' | 'reschedule'>;
  /** Whether the pair is in a maintenance window now. */
  isInMaintenance(asset: string, check: string): boolean;
  /** Runs a check for an asset now and resolves once its result was applied. */
  rerun(check: string, asset: string): Promise<void>;
  /** An open incident whose pair left maintenance still failing: deliver it again. */
  redeliver(incident: Incident): void;
  /** A pair's status changed (aggregates listen). */
  changed(check: string, asset: string): void;
}

/**
 * The hot cache of check states: one state machine per (check, asset), fed every result in
 * order, turning transitions into events, history records, incidents and retry schedules.
 */
export class CheckStates implements DependencyView {
  readonly #deps: CheckStatesDeps;
  readonly #table = new PairTable();
  readonly #warnings: ParentWarnings;

  /** @param deps - clock, emitter, store writer, incidents, scheduler and callbacks */
  constructor(deps: CheckStatesDeps) {
    this.#deps = deps;
    this.#warnings = new ParentWarnings(deps.logger);
  }

  /** The inventory, for dependency decisions. */
  get registry(): AssetRegistry {
    return this.#deps.registry;
  }

  /** Registers a check's state settings. */
  add(def: StateCheckDef): void {
    this.#table.add(def);
  }

  /** Removes a check: its incidents are resolved (`check removed`) and its stored states deleted. */
  remove(id: string): void {
    if (!this.#table.remove(id)) return;
    this.#deps.incidents.resolveFor({ check: id }, 'check removed');
    this.#deps.writer.deleteCheckStates({ check: id });
  }

  /** Starts tracking a pair: `pending`, or its stored state when one was loaded. */
  track(check: string, asset: string): void {
    this.#table.track(check, asset);
  }

  /**
   * Stops tracking a pair (its asset left the selector or was retired): its incident is resolved.
   *
   * @param reason - the resolution
   */
  untrack(check: string, asset: string, reason = 'no longer monitored'): void {
    if (!this.#table.entry(check, asset)) return;
    this.#table.drop(check, asset);
    this.#deps.incidents.resolveFor({ check, asset }, reason);
    this.#deps.writer.deleteCheckStates({ check, asset });
  }

  /** Forgets every pair of a removed asset, resolving its incidents (`asset removed`). */
  forgetAsset(asset: string): void {
    for (const entry of [...this.#table.entriesOf(asset)]) this.untrack(entry.check, asset, 'asset removed');
    this.#deps.incidents.resolveFor({ asset }, 'asset removed');
    this.#warnings.reset();
  }

  /** Takes back states loaded from the store (at start). */
  restore(records: readonly CheckStateRecord[]): void {
    this.#table.restore(records);
  }

  /** Whether the pair is tracked. */
  has(check: string, asset: string): boolean {
    return this.#table.entry(check, asset) !== undefined;
  }

  /** The assets a check is tracked on. */
  assetsOf(check: string): string[] {
    return this.#table.assetsOf(check);
  }

  /** {@link DependencyView.livenessOf}. */
  livenessOf(asset: string): readonly LivenessView[] {
    return this.#table.livenessOf(asset);
  }

  /** Whether an asset is up by its liveness checks (`undefined`: no liveness result). */
  isUp(asset: string): boolean | undefined {
    return isAssetUp(this, asset);
  }

  /**
   * Applies one result to a pair, after the results before it (never concurrently).
   *
   * @param check - check id
   * @param asset - asset id
   * @param result - the raw result
   * @param series - the failing series, for metric checks over several series
   * @returns resolves once applied (never rejects)
   */
  apply(check: string, asset: string, result: CheckResult, series?: readonly string[]): Promise<void> {
    const entry = this.#table.entry(check, asset);
    const def = this.#table.def(check);
    if (!entry || !def) return Promise.resolve();
    return this.#enqueue(entry, () => this.#process(def, entry, result, series));
  }

  /**
   * Re-decides a pair's incident without a new result (its maintenance ended, or its parent
   * recovered and it cannot be re-run): opens it if still failing, redelivers it if open.
   */
  reconcile(check: string, asset: string): Promise<void> {
    const entry = this.#table.entry(check, asset);
    const def = this.#table.def(check);
    if (!entry || !def) return Promise.resolve();
    return this.#enqueue(entry, () => {
      const ctx = this.#context(def, entry, this.#deps.clock.now());
      const open = entry.machine.incidentOpen ? this.#deps.incidents.open(check, asset) : undefined;
      if (open && isHardProblem(entry.machine)) {
        if (ctx.reachable !== false && ctx.inMaintenance !== true) this.#deps.redeliver(open);
        return;
      }
      const r = reconcileCheckState(entry.machine, def.settings, ctx);
      entry.machine.incidentOpen = r.state.incidentOpen;
      if (r.incident.kind !== 'none') this.#deps.incidents.apply(check, asset, r.incident, this.#info(entry));
      this.#save(entry);
    });
  }

  /** Resolves once the results queued so far for a pair were applied. */
  settled(check: string, asset: string): Promise<void> {
    return this.#table.entry(check, asset)?.chain ?? Promise.resolve();
  }

  /** Resolves once every result queued so far was applied. */
  async idle(): Promise<void> {
    await Promise.all([...this.#table.entries()].map((entry) => entry.chain));
  }

  /** A frozen snapshot of one pair's state. */
  state(check: string, asset: string): CheckState | undefined {
    const entry = this.#table.entry(check, asset);
    return entry && this.#table.snapshot(entry);
  }

  /** Snapshots of the pairs matching a filter. */
  states(filter: { check?: string | undefined; asset?: string | undefined }): CheckState[] {
    return this.#table.states(filter);
  }

  #enqueue(entry: PairEntry, work: () => void | Promise<void>): Promise<void> {
    entry.chain = entry.chain.then(work).catch((err: unknown) => {
      const error =
        err instanceof WardenError
          ? err
          : new WardenError('ERR_PLUGIN', `applying a result of check "${entry.check}" on ${entry.asset} failed: ${String(err)}`, {
              cause: err,
            });
      this.#deps.emitter.emit('warden:error', { error, source: `check:${entry.check}` });
    });
    return entry.chain;
  }

  #context(def: StateCheckDef, entry: PairEntry, now: number): StateContext {
    return {
      now,
      reachable: isPairReachable(this, entry.asset, def.liveness),
      inMaintenance: this.#deps.isInMaintenance(entry.asset, def.id),
    };
  }

  async #process(def: StateCheckDef, entry: PairEntry, result: CheckResult, series: readonly string[] | undefined): Promise<void> {
    if (this.#table.entry(def.id, entry.asset) !== entry) return; // untracked meanwhile
    this.#warnings.examine(this, entry.asset);
    const input: StateInput = { status: result.status, series };
    const { clock } = this.#deps;
    let ctx = this.#context(def, entry, clock.now());
    // Before opening an incident, re-run the liveness checks of the asset and its ancestors, so a
    // child never alerts ahead of its dead parent (Nagios' on-demand host checks).
    const mayOpen = result.status !== 'ok' && !entry.machine.incidentOpen && ctx.reachable === true && ctx.inMaintenance !== true;
    if (mayOpen && nextCheckState(entry.machine, input, def.settings, ctx).incident.kind === 'open') {
      const due = livenessToVerify(this, entry.asset, !def.liveness, ctx.now);
      if (due.length > 0) {
        await Promise.all(due.map((pair) => this.#deps.rerun(pair.check, pair.asset)));
        if (this.#table.entry(def.id, entry.asset) !== entry) return;
        ctx = this.#context(def, entry, clock.now());
      }
    }
    const wasUp = def.liveness ? this.isUp(entry.asset) : undefined;
    const t = applyCheckResult(entry.machine, input, def.settings, ctx);
    entry.result = result;
    entry.series = series;
    entry.lastCheckAt = ctx.now;
    entry.reachable = ctx.reachable !== false;
    const { emitter, writer } = this.#deps;
    if (t.change) {
      emitter.emit('check:state', {
        check: def.id,
        asset: entry.asset,
        status: t.change.status,
        previous: t.change.previous,
        stateType: entry.machine.stateType,
      });
      writer.appendStateChange(stateChangeRecordOf(def.id, entry.asset, t.change, ctx));
    }
    if (t.flap) emitter.emit('check:flapping', { check: def.id, asset: entry.asset, flapping: t.flap.flapping, percent: t.flap.percent });
    if (t.incident.kind !== 'none' || t.flap) this.#deps.incidents.apply(def.id, entry.asset, t.incident, this.#info(entry));
    this.#save(entry);
    this.#retry(def, entry, t.retry);
    if (t.change) this.#deps.changed(def.id, entry.asset);
    if (wasUp === false && this.isUp(entry.asset) !== false) void this.#recheckAfterRecovery(entry.asset);
  }

  #info(entry: PairEntry): { status: CheckState['status']; summary: string; series?: readonly string[] } {
    return {
      status: entry.machine.status,
      summary: entry.result?.summary ?? entry.machine.status,
      ...(entry.series === undefined ? {} : { series: entry.series }),
    };
  }

  #save(entry: PairEntry): void {
    this.#deps.writer.saveCheckState(
      checkStateRecordOf(entry.check, entry.asset, entry.machine, { result: entry.result, lastCheckAt: entry.lastCheckAt }),
    );
  }

  #retry(def: StateCheckDef, entry: PairEntry, retry: boolean): void {
    if (def.schedule === undefined || def.retryEvery === undefined || retry === entry.retrying) return;
    entry.retrying = retry;
    const key = `check:${def.id}:${entry.asset}`;
    if (this.#deps.scheduler.has(key)) this.#deps.scheduler.reschedule(key, retry ? { every: def.retryEvery } : def.schedule);
  }

  /**
   * An asset came back up: its other checks and every check of its descendants that is failing
   * are re-run before anything is raised, so stale failures from the outage do not page.
   */
  async #recheckAfterRecovery(asset: string): Promise<void> {
    const assets = [asset, ...this.registry.descendants(asset)];
    const due: Array<{ check: string; asset: string }> = [];
    for (const id of assets) {
      for (const entry of this.#table.entriesOf(id)) {
        if (id === asset && this.#table.def(entry.check)?.liveness) continue;
        const status = entry.machine.status;
        if (status !== 'ok' && status !== 'pending') due.push({ check: entry.check, asset: id });
      }
    }
    await Promise.all(due.map((pair) => this.#deps.rerun(pair.check, pair.asset)));
  }
}
