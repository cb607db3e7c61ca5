import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { describeError } from '../events/emitter.js';
import type { Incident } from '../incidents/types.js';
import type { AuditRecord } from '../remediation/types.js';
import type { CheckStateRecord, StateChangeRecord, StateStore } from '../store/types.js';
import type { ConformanceFinding } from './conformance.js';
import { sampleCheckState, sampleIncident, sampleStateChange } from './store-records.js';

/** Opens a {@link StateStore} for the kit; called once per rule (and again to reopen). */
export type StateStoreFactory = () => Promise<StateStore> | StateStore;

/** What the store conformance kit is told about the store under test. */
export interface StoreConformanceOptions {
  /**
   * Whether every store the factory returns sees the same data (a durable store on one path).
   * Then the kit also closes a store, opens another and expects everything back.
   * @defaultValue false
   */
  persistent?: boolean;
}

type Add = (ok: boolean, message: string) => void;
type Rule = (open: StateStoreFactory, ids: Ids, add: Add) => Promise<void>;

/** Ids and times that belong to one rule, so rules never see each other's records on shared data. */
interface Ids {
  check: (name: string) => string;
  asset: (name: string) => string;
  /** A base time in ms, a day apart per rule. */
  t0: number;
}

function full(ids: Ids, t: number): CheckStateRecord {
  return {
    check: ids.check('disk'),
    asset: ids.asset("web-1 'quoted' %_ ünïcødé"),
    status: 'critical',
    stateType: 'soft',
    attempt: 2,
    result: {
      status: 'critical',
      summary: '/var 97% used',
      details: 'line 1\nline 2',
      code: 'ERR_TIMEOUT',
      samples: [{ name: 'system.filesystem.utilization', value: 0.97, labels: { asset: 'web-1', mountpoint: '/var' }, unit: '1' }],
    },
    lastCheckAt: t + 5,
    lastChangeAt: t + 1,
    flapWord: 0xfffffffe,
    problemSince: t,
    incidentOpen: false,
    failingKey: '/var\n/srv',
  };
}

const minimal = sampleCheckState;
const change = sampleStateChange;
const incident = (id: string, check: string, asset: string, openedAt: number, resolvedAt?: number): Incident =>
  sampleIncident(id, openedAt, resolvedAt, check, asset);

function audit(ids: Ids, n: number, asset: string, at: number, extra: Partial<AuditRecord> = {}): AuditRecord {
  return { id: ids.check(`audit-${n}`), at, kind: 'planned', rule: ids.check('restart'), action: 'exec.local', asset, ...extra };
}

function fullAudit(ids: Ids, n: number, asset: string, at: number): AuditRecord {
  return audit(ids, n, asset, at, {
    kind: 'finished',
    run: ids.check('run-1'),
    params: { command: ['systemctl', 'restart', 'nginx'], env: { TOKEN: '[redacted]' }, nested: [1, true, null] },
    reason: 'line 1\nline 2 ünïcødé',
    output: '',
    durationMs: 0,
    ok: false,
  });
}

const mineAudit = (ids: Ids) => (record: AuditRecord) => record.id.startsWith(ids.check(''));

/** Runs `fn` with a freshly opened store and closes it afterwards, whatever happens. */
async function using<T>(open: StateStoreFactory, fn: (store: StateStore) => Promise<T>): Promise<T> {
  const store = await open();
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const show = (value: unknown): string => JSON.stringify(value);

function same(add: Add, what: string, actual: unknown, expected: unknown): void {
  const ok = isDeepStrictEqual(actual, expected);
  add(ok, ok ? `${what}: as saved` : `${what}: expected ${show(expected)}, got ${show(actual)}`);
}

const mine = (ids: Ids) => (record: { check: string }) => record.check.startsWith(ids.check(''));

const RULES: Record<string, Rule> = {
  'check-states-round-trip': (open, ids, add) =>
    using(open, async (store) => {
      const rich = full(ids, ids.t0);
      const bare = minimal(ids.check('ping'), ids.asset('web-1'));
      const open2 = { ...minimal(ids.check('ping'), ids.asset('web-2')), incidentOpen: true };
      await store.saveCheckStates([rich, bare, open2]);
      const loaded = (await store.loadCheckStates()).filter(mine(ids));
      const byKey = (r: CheckStateRecord) => `${r.check}\u0000${r.asset}`;
      const sorted = (list: CheckStateRecord[]) => [...list].sort((a, b) => (byKey(a) < byKey(b) ? -1 : 1));
      same(add, 'every field, and no field that was not saved', sorted(loaded), sorted([rich, bare, open2]));
    }),
  'check-states-upsert': (open, ids, add) =>
    using(open, async (store) => {
      const a = ids.check('disk');
      await store.saveCheckStates([minimal(a, ids.asset('x')), minimal(a, ids.asset('y'))]);
      await store.saveCheckStates([{ ...minimal(a, ids.asset('x'), 3), status: 'warning', stateType: 'hard' }]);
      await store.saveCheckStates([]);
      const loaded = (await store.loadCheckStates()).filter(mine(ids)).sort((p, q) => (p.asset < q.asset ? -1 : 1));
      same(add, 'a second save of (check, asset) replaces the first', loaded, [
        { ...minimal(a, ids.asset('x'), 3), status: 'warning', stateType: 'hard' },
        minimal(a, ids.asset('y')),
      ]);
    }),
  'check-states-copied': (open, ids, add) =>
    using(open, async (store) => {
      const record = full(ids, ids.t0);
      await store.saveCheckStates([record]);
      record.attempt = 99;
      (record.result as { summary: string }).summary = 'mutated after save';
      const first = (await store.loadCheckStates()).filter(mine(ids));
      (first[0] as CheckStateRecord).attempt = 77;
      const again = (await store.loadCheckStates()).filter(mine(ids));
      same(add, 'records are copied in and out', again, [full(ids, ids.t0)]);
    }),
  'check-states-delete': (open, ids, add) =>
    using(open, async (store) => {
      const [disk, ping] = [ids.check('disk'), ids.check('ping')];
      const [x, y] = [ids.asset('x'), ids.asset('y')];
      await store.saveCheckStates([minimal(disk, x), minimal(disk, y), minimal(ping, x)]);
      await store.deleteCheckStates([
        { check: disk, asset: y },
        { check: ids.check('absent'), asset: x },
      ]);
      const pairs = async () => (await store.loadCheckStates()).filter(mine(ids)).map((r) => `${r.check}|${r.asset}`);
      same(add, 'deleting one pair keeps the others', (await pairs()).sort(), [`${disk}|${x}`, `${ping}|${x}`]);
      await store.deleteCheckStates([{ check: disk }]);
      same(add, 'deleting a check without asset removes all its pairs', await pairs(), [`${ping}|${x}`]);
    }),
  'state-changes-round-trip': (open, ids, add) =>
    using(open, async (store) => {
      const records = [
        change(ids.check('disk'), ids.asset('a'), ids.t0, { unreachable: true, inMaintenance: true }),
        change(ids.check('disk'), ids.asset('a'), ids.t0 + 1, { status: 'pending', previous: 'unknown', stateType: 'soft' }),
      ];
      await store.appendStateChanges(records);
      await store.appendStateChanges([]);
      same(add, 'every field, and no field that was not saved', await store.queryStateChanges({ check: ids.check('disk') }), records);
    }),
  'state-changes-order': (open, ids, add) =>
    using(open, async (store) => {
      const c = ids.check('disk');
      const at = (n: number, asset: string) => change(c, ids.asset(asset), ids.t0 + n);
      await store.appendStateChanges([at(2, 'first'), at(1, 'a')]);
      await store.appendStateChanges([at(0, 'a'), at(2, 'second')]);
      await store.appendStateChanges([at(2, 'third')]);
      const got = (await store.queryStateChanges({ check: c })).map((r) => `${r.at - ids.t0}:${r.asset}`);
      same(
        add,
        'oldest first, ties in append order',
        got,
        [0, 1, 2, 2, 2].map((n, i) => `${n}:${ids.asset(['a', 'a', 'first', 'second', 'third'][i] as string)}`),
      );
      const all = await store.queryStateChanges();
      const sorted = all.every((r, i) => i === 0 || (all[i - 1] as StateChangeRecord).at <= r.at);
      add(sorted && all.filter(mine(ids)).length === 5, `an unfiltered query returns every record, oldest first (${all.length} records)`);
    }),
  'state-changes-filters': (open, ids, add) =>
    using(open, async (store) => {
      const [disk, ping, a, b] = [ids.check('disk'), ids.check('ping'), ids.asset('a'), ids.asset('b')];
      const t = ids.t0;
      await store.appendStateChanges([change(disk, a, t), change(disk, b, t + 10), change(ping, a, t + 20), change(disk, a, t + 30)]);
      const q = async (query: Parameters<StateStore['queryStateChanges']>[0]) =>
        (await store.queryStateChanges(query))
          .filter(mine(ids))
          .map((r) => `${r.check === disk ? 'disk' : 'ping'}/${r.asset === a ? 'a' : 'b'}@${r.at - t}`);
      same(add, 'check', await q({ check: disk }), ['disk/a@0', 'disk/b@10', 'disk/a@30']);
      same(add, 'asset', await q({ asset: a }), ['disk/a@0', 'ping/a@20', 'disk/a@30']);
      same(add, 'from is inclusive, to exclusive', await q({ from: t + 10, to: t + 30 }), ['disk/b@10', 'ping/a@20']);
      same(add, 'check + asset + from', await q({ check: disk, asset: a, from: t + 1 }), ['disk/a@30']);
      same(add, 'nothing matches', await q({ check: disk, to: t }), []);
    }),
  'state-changes-large-batch': (open, ids, add) =>
    using(open, async (store) => {
      const c = ids.check('bulk');
      const records = Array.from({ length: 5000 }, (_, i) => change(c, ids.asset(`a${i % 50}`), ids.t0 + i));
      await store.appendStateChanges(records);
      const got = await store.queryStateChanges({ check: c });
      add(isDeepStrictEqual(got, records), `one batch of 5000 state changes comes back whole and in order (${got.length} returned)`);
    }),
  'incidents-upsert': (open, ids, add) =>
    using(open, async (store) => {
      const [c, a] = [ids.check('disk'), ids.asset('web-1')];
      const first = incident(ids.check('i1'), c, a, ids.t0);
      await store.saveIncidents([first]);
      const resolved: Incident = {
        ...incident(ids.check('i1'), c, a, ids.t0, ids.t0 + 60_000),
        severity: 'warning',
        failingSeries: ['/var', '/srv'],
        flapping: true,
        notified: true,
        acknowledgement: { by: 'ana', note: 'new disk ordered', at: ids.t0 + 1000, expiresAt: ids.t0 + 9000, sticky: true },
        timeline: [
          { at: ids.t0, kind: 'opened', status: 'critical', text: 'disk full' },
          { at: ids.t0 + 1000, kind: 'acknowledged', text: 'new disk ordered' },
          { at: ids.t0 + 60_000, kind: 'resolved', status: 'ok' },
        ],
      };
      await store.saveIncidents([resolved]);
      await store.saveIncidents([]);
      same(add, 'a second save of an id replaces the first, every field kept', await store.queryIncidents({ check: c }), [resolved]);
    }),
  'incidents-filters': (open, ids, add) =>
    using(open, async (store) => {
      const [disk, ping, a, b] = [ids.check('disk'), ids.check('ping'), ids.asset('a'), ids.asset('b')];
      const t = ids.t0;
      await store.saveIncidents([
        incident(ids.check('i3'), disk, a, t + 20),
        incident(ids.check('i1'), disk, a, t, t + 5),
        incident(ids.check('i2'), ping, b, t + 10),
        incident(ids.check('i4'), disk, b, t + 30, t + 40),
      ]);
      const q = async (query: Parameters<StateStore['queryIncidents']>[0]) =>
        (await store.queryIncidents(query)).filter(mine(ids)).map((i) => i.id.slice(ids.check('').length));
      same(add, 'everything, oldest opened first', await q({}), ['i1', 'i2', 'i3', 'i4']);
      same(add, 'open: true', await q({ open: true }), ['i2', 'i3']);
      same(add, 'open: false', await q({ open: false }), ['i1', 'i4']);
      same(add, 'check', await q({ check: disk }), ['i1', 'i3', 'i4']);
      same(add, 'asset + open', await q({ asset: b, open: true }), ['i2']);
      same(add, 'from inclusive, to exclusive (on openedAt)', await q({ from: t + 10, to: t + 30 }), ['i2', 'i3']);
    }),
  'audit-round-trip': (open, ids, add) =>
    using(open, async (store) => {
      const a = ids.asset('web-1');
      const records = [fullAudit(ids, 1, a, ids.t0), audit(ids, 2, a, ids.t0 + 1)];
      await store.appendAudit(records);
      await store.appendAudit([]);
      same(add, 'every field, and no field that was not saved', await store.queryAudit({ asset: a }), records);
      const copy = records[0] as AuditRecord;
      (copy.params as { nested: unknown[] }).nested.push('mutated');
      const again = await store.queryAudit({ asset: a });
      (again[0] as AuditRecord).ok = true;
      same(add, 'records are copied in and out', await store.queryAudit({ asset: a }), [
        fullAudit(ids, 1, a, ids.t0),
        audit(ids, 2, a, ids.t0 + 1),
      ]);
    }),
  'audit-filters': (open, ids, add) =>
    using(open, async (store) => {
      const [a, b, t] = [ids.asset('a'), ids.asset('b'), ids.t0];
      const other = ids.check('other');
      await store.appendAudit([audit(ids, 1, a, t + 20), audit(ids, 2, b, t + 10, { rule: other }), audit(ids, 3, a, t)]);
      await store.appendAudit([audit(ids, 4, a, t + 10), audit(ids, 5, b, t + 30)]);
      const q = async (query: Parameters<StateStore['queryAudit']>[0]) =>
        (await store.queryAudit(query)).filter(mineAudit(ids)).map((r) => r.id.slice(ids.check('audit-').length));
      same(add, 'everything, oldest first, ties in append order', await q({}), ['3', '2', '4', '1', '5']);
      same(add, 'asset', await q({ asset: a }), ['3', '4', '1']);
      same(add, 'rule', await q({ rule: other }), ['2']);
      same(add, 'from inclusive, to exclusive', await q({ from: t + 10, to: t + 30 }), ['2', '4', '1']);
      same(add, 'asset + rule + from', await q({ asset: b, rule: ids.check('restart'), from: t + 1 }), ['5']);
    }),
  'plugin-state': (open, ids, add) =>
    using(open, async (store) => {
      const [plugin, other] = [ids.check('acme'), ids.check('other')];
      same(add, 'a missing key reads undefined', await store.getPluginState(plugin, 'k'), undefined);
      const value = { n: 1, list: ['a', "b 'quoted' ünïcødé"], nested: { ok: true, none: null } };
      await store.setPluginState(plugin, 'k', value);
      await store.setPluginState(other, 'k', 'other plugin');
      same(add, 'a value round-trips', await store.getPluginState(plugin, 'k'), value);
      same(add, 'keys are per plugin', await store.getPluginState(other, 'k'), 'other plugin');
      value.list.push('mutated');
      const read = (await store.getPluginState(plugin, 'k')) as typeof value;
      read.n = 2;
      same(add, 'values are copied in and out', await store.getPluginState(plugin, 'k'), {
        n: 1,
        list: ['a', "b 'quoted' ünïcødé"],
        nested: { ok: true, none: null },
      });
      await store.setPluginState(plugin, 'k', 42);
      same(add, 'a set replaces', await store.getPluginState(plugin, 'k'), 42);
      await store.setPluginState(plugin, 'k', undefined);
      same(add, 'undefined deletes', await store.getPluginState(plugin, 'k'), undefined);
      same(add, 'deleting leaves other plugins alone', await store.getPluginState(other, 'k'), 'other plugin');
    }),
  closed: async (open, ids, add) => {
    const store = await open();
    await store.close();
    for (const [name, call] of [
      ['saveCheckStates', () => store.saveCheckStates([minimal(ids.check('x'), ids.asset('x'))])],
      ['appendStateChanges', () => store.appendStateChanges([change(ids.check('x'), ids.asset('x'), ids.t0)])],
      ['queryIncidents', () => store.queryIncidents()],
      ['appendAudit', () => store.appendAudit([audit(ids, 1, ids.asset('x'), ids.t0)])],
    ] as const) {
      const failed = await call().then(
        () => false,
        () => true,
      );
      add(failed, failed ? `${name} after close() rejects` : `${name} after close() resolved; it must reject`);
    }
    const again = await store.close().then(
      () => undefined,
      (err: unknown) => describeError(err),
    );
    add(again === undefined, again === undefined ? 'close() twice resolves' : `second close() rejected: ${again}`);
  },
};

const REOPEN: Rule = async (open, ids, add) => {
  const [c, a] = [ids.check('disk'), ids.asset('web-1')];
  await using(open, async (store) => {
    await store.saveCheckStates([full(ids, ids.t0), minimal(ids.check('gone'), a)]);
    await store.deleteCheckStates([{ check: ids.check('gone') }]);
    await store.appendStateChanges([change(c, a, ids.t0), change(c, a, ids.t0 + 1, { unreachable: true })]);
    await store.saveIncidents([incident(ids.check('i1'), c, a, ids.t0), incident(ids.check('i2'), c, a, ids.t0 + 1, ids.t0 + 2)]);
    await store.appendAudit([fullAudit(ids, 1, a, ids.t0), audit(ids, 2, a, ids.t0)]);
    await store.setPluginState(ids.check('acme'), 'baseline', { digest: 'abc' });
  });
  await using(open, async (store) => {
    same(add, 'check states after reopen', (await store.loadCheckStates()).filter(mine(ids)), [full(ids, ids.t0)]);
    same(add, 'state changes after reopen', await store.queryStateChanges({ check: c }), [
      change(c, a, ids.t0),
      change(c, a, ids.t0 + 1, { unreachable: true }),
    ]);
    same(add, 'incidents after reopen', await store.queryIncidents({ check: c }), [
      incident(ids.check('i1'), c, a, ids.t0),
      incident(ids.check('i2'), c, a, ids.t0 + 1, ids.t0 + 2),
    ]);
    same(add, 'audit records after reopen', (await store.queryAudit({ asset: a })).filter(mineAudit(ids)), [
      fullAudit(ids, 1, a, ids.t0),
      audit(ids, 2, a, ids.t0),
    ]);
    same(add, 'plugin state after reopen', await store.getPluginState(ids.check('acme'), 'baseline'), { digest: 'abc' });
  });
};

/**
 * Checks a {@link StateStore} against the contract every store keeps: upserts by key, records
 * copied in and out with every field (and no extra one), filters and ordering of queries,
 * deletes, open/resolved incident queries, append-only audit records and their filters, rejection after `close()`, and — for a persistent
 * store — everything back after a reopen. Plain async code with no test framework, so it runs
 * under any runner.
 *
 * Rules never assume an empty store: each uses its own ids and times, so a persistent factory
 * may return stores on one shared database.
 *
 * @param open - opens a store; called once per rule, and twice for the reopen rule
 * @param options - whether stores from `open` share their data
 * @returns one finding per rule and aspect (`ok: false` for each violation)
 * @example
 * ```ts
 * const findings = await checkStateStore(() => createSqliteStore({ path }), { persistent: true });
 * expect(findings.filter((f) => !f.ok)).toEqual([]);
 * ```
 */
export async function checkStateStore(open: StateStoreFactory, options: StoreConformanceOptions = {}): Promise<ConformanceFinding[]> {
  const findings: ConformanceFinding[] = [];
  const token = randomUUID().slice(0, 8);
  const rules: Array<[string, Rule]> = Object.entries(RULES);
  if (options.persistent === true) rules.push(['reopen-persistence', REOPEN]);
  for (const [index, [rule, run]] of rules.entries()) {
    const ids: Ids = {
      check: (name) => `conf-${token}-${rule}-${name}`,
      asset: (name) => `${name}-${token}`,
      t0: Date.UTC(2024, 0, 1) + index * 86_400_000,
    };
    try {
      await run(open, ids, (ok, message) => void findings.push({ rule, ok, message }));
    } catch (err) {
      findings.push({ rule, ok: false, message: `threw: ${describeError(err)}` });
    }
  }
  return findings;
}

/**
 * Runs {@link checkStateStore} and throws one error listing every failed rule.
 *
 * @param open - as for checkStateStore
 * @param options - as for checkStateStore
 * @throws Error listing each failure (`rule: message`)
 * @example
 * ```ts
 * it('conforms', () => assertStateStore(() => createMemoryStore()));
 * ```
 */
export async function assertStateStore(open: StateStoreFactory, options: StoreConformanceOptions = {}): Promise<void> {
  const failed = (await checkStateStore(open, options)).filter((f) => !f.ok);
  if (failed.length > 0) throw new Error(`StateStore conformance failed:\n${failed.map((f) => `  - ${f.rule}: ${f.message}`).join('\n')}`);
}
