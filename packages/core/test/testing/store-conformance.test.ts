import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/incidents/types.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { StateStore } from '../../src/store/types.js';
import { assertStateStore, checkStateStore } from '../../src/testing/store-conformance.js';

const failures = async (open: () => StateStore, persistent = false) =>
  (await checkStateStore(open, { persistent })).filter((f) => !f.ok).map((f) => `${f.rule}: ${f.message}`);

describe('checkStateStore', () => {
  it('passes the in-memory store on every rule', async () => {
    const findings = await checkStateStore(() => createMemoryStore());
    expect(findings.filter((f) => !f.ok)).toEqual([]);
    expect(new Set(findings.map((f) => f.rule))).toEqual(
      new Set([
        'check-states-round-trip',
        'check-states-upsert',
        'check-states-copied',
        'check-states-delete',
        'state-changes-round-trip',
        'state-changes-order',
        'state-changes-filters',
        'state-changes-large-batch',
        'incidents-upsert',
        'incidents-filters',
        'audit-round-trip',
        'audit-filters',
        'plugin-state',
        'closed',
      ]),
    );
    await expect(assertStateStore(() => createMemoryStore())).resolves.toBeUndefined();
  });

  it('passes stores that share one memory store (the rules do not assume an empty store)', async () => {
    const shared = createMemoryStore();
    const open = (): StateStore => ({ ...shared, close: async () => undefined });
    const failed = (await failures(open)).filter((f) => !f.startsWith('closed:'));
    expect(failed).toEqual([]);
  });

  it('fails the reopen rule for a store that forgets everything, when told it is persistent', async () => {
    expect(await failures(() => createMemoryStore(), true)).toEqual([
      expect.stringMatching(/^reopen-persistence: check states after reopen/),
      expect.stringMatching(/^reopen-persistence: state changes after reopen/),
      expect.stringMatching(/^reopen-persistence: incidents after reopen/),
      expect.stringMatching(/^reopen-persistence: audit records after reopen/),
      expect.stringMatching(/^reopen-persistence: plugin state after reopen/),
    ]);
    const shared = createMemoryStore();
    expect(await failures(() => ({ ...shared, close: async () => undefined }), true)).toEqual([
      expect.stringMatching(/^closed: saveCheckStates after close\(\) resolved/),
      expect.stringMatching(/^closed: appendStateChanges after close\(\) resolved/),
      expect.stringMatching(/^closed: queryIncidents after close\(\) resolved/),
      expect.stringMatching(/^closed: appendAudit after close\(\) resolved/),
    ]);
  });

  it('names the rule a store breaks: unsorted history, lost optional fields, no upsert, ignored filter', async () => {
    const unsorted = (): StateStore => {
      const store = createMemoryStore();
      return { ...store, queryStateChanges: async (q) => (await store.queryStateChanges(q)).reverse() };
    };
    expect((await failures(unsorted)).some((f) => f.startsWith('state-changes-order: oldest first'))).toBe(true);

    const lossy = (): StateStore => {
      const store = createMemoryStore();
      return { ...store, loadCheckStates: async () => (await store.loadCheckStates()).map(({ result: _r, ...rest }) => rest) };
    };
    expect((await failures(lossy)).some((f) => f.startsWith('check-states-round-trip: every field'))).toBe(true);

    const appendOnly = (): StateStore => {
      const store = createMemoryStore();
      const saved: Incident[] = [];
      return { ...store, saveIncidents: async (list) => void saved.push(...list), queryIncidents: async () => structuredClone(saved) };
    };
    expect((await failures(appendOnly)).some((f) => f.startsWith('incidents-upsert: a second save'))).toBe(true);

    const noOpenFilter = (): StateStore => {
      const store = createMemoryStore();
      return { ...store, queryIncidents: async ({ open: _o, ...rest } = {}) => store.queryIncidents(rest) };
    };
    expect(await failures(noOpenFilter)).toEqual([
      expect.stringMatching(/^incidents-filters: open: true/),
      expect.stringMatching(/^incidents-filters: open: false/),
      expect.stringMatching(/^incidents-filters: asset \+ open/),
    ]);
  });

  it('reports a rule that throws instead of stopping, and assertStateStore lists every failure', async () => {
    const broken = (): StateStore => ({
      ...createMemoryStore(),
      appendStateChanges: async () => {
        throw new Error('disk on fire');
      },
    });
    const failed = await failures(broken);
    expect(failed).toContain('state-changes-round-trip: threw: disk on fire');
    expect(failed.some((f) => f.startsWith('incidents-filters'))).toBe(false);
    await expect(assertStateStore(broken)).rejects.toThrow(
      /StateStore conformance failed:\n {2}- state-changes-round-trip: threw: disk on fire/,
    );
  });
});
