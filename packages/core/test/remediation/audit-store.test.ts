import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/remediation/types.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { StateStore } from '../../src/store/types.js';
import { createWriteBehind, type WriteFailure } from '../../src/store/write-behind.js';
import { createManualClock } from '../../src/testing/manual-clock.js';

const T0 = Date.UTC(2026, 0, 1);
const record = (n: number, at = T0 + n): AuditRecord => ({
  id: `r${n}`,
  at,
  kind: 'planned',
  rule: 'r',
  action: 'exec.local',
  asset: 'web-1',
});

describe('audit records in the memory store', () => {
  it('keeps at most maxAuditRecords, dropping the oldest, and refuses a bad bound', async () => {
    const store = createMemoryStore({ maxAuditRecords: 3 });
    await store.appendAudit([record(1), record(2)]);
    await store.appendAudit([record(3), record(4), record(5)]);
    expect((await store.queryAudit()).map((r) => r.id)).toEqual(['r3', 'r4', 'r5']);
    expect(() => createMemoryStore({ maxAuditRecords: 0 })).toThrow(/maxAuditRecords/);
  });

  it('drops audit records older than maxAge', async () => {
    const clock = createManualClock(T0);
    const store = createMemoryStore({ maxAge: '1h', clock });
    await store.appendAudit([record(1, T0), record(2, T0 + 30 * 60_000)]);
    await clock.advance(61 * 60_000);
    expect((await store.queryAudit()).map((r) => r.id)).toEqual(['r2']);
  });
});

describe('audit records through the write-behind', () => {
  it('are queued, written in order after the delay, and kept and retried when the store fails', async () => {
    const clock = createManualClock(T0);
    const inner = createMemoryStore();
    let failing = true;
    const store: StateStore = {
      ...inner,
      appendAudit: async (records) => {
        if (failing) throw new Error('disk full');
        await inner.appendAudit(records);
      },
    };
    const failures: WriteFailure[] = [];
    const writer = createWriteBehind({ store, clock, delay: '1s', retryDelay: '1s', onError: (_e, f) => void failures.push(f) });
    writer.appendAudit(record(1));
    writer.appendAudit(record(2));
    expect(writer.pending).toBe(2);
    await clock.advance(1_000);
    expect(failures).toMatchObject([{ operation: 'appendAudit', records: 2, retryInMs: 1_000 }]);
    expect(writer.pending).toBe(2);
    failing = false;
    writer.appendAudit(record(3));
    await clock.advance(1_000);
    expect((await inner.queryAudit()).map((r) => r.id)).toEqual(['r1', 'r2', 'r3']);
    expect(writer.pending).toBe(0);
    await writer.close();
    expect(() => writer.appendAudit(record(4))).toThrow(expect.objectContaining({ code: 'ERR_STOPPED' }));
  });
});
