import type { CheckResult, CheckStatus } from '../../src/checks/types.js';
import type { Notification } from '../../src/plugins/types.js';
import { createTestWarden, type TestWarden, type TestWardenOptions } from '../../src/testing/test-warden.js';
import type { RunCheckSpec } from '../../src/warden/specs.js';
import { type FakeCalls, fakePlugin } from './fixtures.js';

/** A test Warden whose `run` checks return statuses the test sets, with a recording notifier. */
export interface Harness {
  warden: TestWarden;
  calls: FakeCalls;
  /** What `fake.record` received. */
  sent: Notification[];
  /** Runs so far, as `check/asset`. */
  runs: string[];
  /** Sets what `check` returns for `asset` (or for every asset when `asset` is omitted). */
  set(status: CheckStatus, check: string, asset?: string): void;
  /** A `run` function for `check` returning the status set for it. */
  run(check: string): RunCheckSpec['run'];
  /** `kind asset/check` of every notification item sent so far. */
  items(): string[];
}

const created: TestWarden[] = [];

/**
 * Makes a harness; `stopAll()` stops every Warden made so far.
 *
 * @param options - test warden options (notifications default to no grouping)
 * @returns the harness
 */
export function harness(options: TestWardenOptions = {}): Harness {
  const sent: Notification[] = [];
  const calls: FakeCalls = { collect: [], probe: [], notifications: sent };
  const warden = createTestWarden({ plugins: [fakePlugin(calls)], notifications: { groupWindow: 0 }, ...options });
  created.push(warden);
  const statuses = new Map<string, CheckStatus>();
  const runs: string[] = [];
  return {
    warden,
    calls,
    sent,
    runs,
    set(status, check, asset) {
      statuses.set(asset === undefined ? check : `${check}/${asset}`, status);
    },
    run(check) {
      return (asset): CheckResult => {
        runs.push(`${check}/${asset.id}`);
        const status = statuses.get(`${check}/${asset.id}`) ?? statuses.get(check) ?? 'ok';
        return { status, summary: `${check} on ${asset.id} is ${status}` };
      };
    },
    items() {
      return sent.flatMap((n) => (n.group ?? [n]).map((item) => `${item.kind} ${item.incident.asset}/${item.incident.check}`));
    },
  };
}

/** Stops every harness Warden. */
export async function stopAll(): Promise<void> {
  await Promise.all(created.splice(0).map((w) => w.stop()));
}

/**
 * Counts the runs of one pair.
 *
 * @param runs - the harness runs
 * @param pair - `check/asset`
 * @returns how many
 */
export function count(runs: readonly string[], pair: string): number {
  return runs.filter((r) => r === pair).length;
}
