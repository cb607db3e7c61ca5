// The floors of bench/snmp (b): plain net-snmp sessions (one per agent, made once and reused)
// with no mapping, no samples and no Warden around them, every agent at once like the other rows.
// Two request patterns:
// - 'tables': what the exporter's if_mib module reads — sysUpTime and GETBULK walks of ifTable and
//   ifXTable, max-repetitions 25;
// - 'columns': what snmp.interfaces reads — sysUpTime and only the mapped columns, every column of
//   a table in one GETBULK of (rows seen last time + 1) repetitions, carried on while a column has
//   not ended.
import * as snmp from 'net-snmp';
import { IF_COLUMNS, IFX_COLUMNS } from '../../packages/plugin-snmp/src/collectors/interfaces.js';

const IF_ENTRY = '1.3.6.1.2.1.2.2.1';
const IFX_ENTRY = '1.3.6.1.2.1.31.1.1.1';
const SYS_UPTIME = '1.3.6.1.2.1.1.3.0';

/** Bare net-snmp clients of `ports` on 127.0.0.1. */
export interface BarePoller {
  /** Reads every agent once; resolves with the varbinds read in all and the agents that failed. */
  poll(): Promise<{ varbinds: number; failures: number }>;
  close(): void;
}

/** Opens one plain net-snmp v2c session per agent port. */
export function bareNetSnmp(ports: readonly number[], pattern: 'tables' | 'columns'): BarePoller {
  const sessions = ports.map((port) =>
    snmp.createSession('127.0.0.1', 'public', { port, version: snmp.Version2c, timeout: 2000, retries: 1 }),
  );
  const walk = (session: snmp.Session, oid: string): Promise<number> =>
    new Promise((resolve, reject) => {
      let n = 0;
      session.subtree(
        oid,
        25,
        (varbinds: snmp.Varbind[]) => {
          n += varbinds.length;
        },
        (err: Error | null) => (err ? reject(err) : resolve(n)),
      );
    });
  const get = (session: snmp.Session): Promise<number> =>
    new Promise((resolve, reject) => session.get([SYS_UPTIME], (err, varbinds) => (err ? reject(err) : resolve(varbinds?.length ?? 0))));
  const bulk = (session: snmp.Session, oids: string[], repetitions: number): Promise<snmp.Varbind[][]> =>
    new Promise((resolve, reject) =>
      session.getBulk(oids, 0, repetitions, (err, varbinds) => (err ? reject(err) : resolve(varbinds as unknown as snmp.Varbind[][]))),
    );
  // Rows each agent's table had at the last poll, by session and entry.
  const rowsSeen = new Map<snmp.Session, Map<string, number>>(sessions.map((session) => [session, new Map()]));
  const readColumns = async (session: snmp.Session, entry: string, columns: readonly number[]): Promise<number> => {
    let cursors = columns.map((column) => ({ root: `${entry}.${column}.`, at: `${entry}.${column}`, count: 0 }));
    const seen = rowsSeen.get(session) as Map<string, number>;
    const known = seen.get(entry);
    const repetitions = known === undefined ? 25 : Math.min(25, known + 1);
    let n = 0;
    let rows = 0;
    while (cursors.length > 0) {
      const batch = await bulk(
        session,
        cursors.map((c) => c.at),
        repetitions,
      );
      cursors = cursors.filter((cursor, k) => {
        const list = batch[k];
        if (!list) return true;
        let got = 0;
        for (const varbind of list) {
          if (varbind.type === snmp.ObjectType.EndOfMibView || !varbind.oid.startsWith(cursor.root)) return false;
          cursor.at = varbind.oid;
          got++;
        }
        n += got;
        cursor.count += got;
        rows = Math.max(rows, cursor.count);
        return got > 0;
      });
    }
    seen.set(entry, rows);
    return n;
  };
  const read =
    pattern === 'tables'
      ? (session: snmp.Session) => Promise.all([get(session), walk(session, IF_ENTRY), walk(session, IFX_ENTRY)])
      : (session: snmp.Session) =>
          Promise.all([get(session), readColumns(session, IF_ENTRY, IF_COLUMNS), readColumns(session, IFX_ENTRY, IFX_COLUMNS)]);
  return {
    async poll() {
      const results = await Promise.allSettled(
        sessions.map(async (session) => {
          const counts = await read(session);
          return counts[0] + counts[1] + counts[2];
        }),
      );
      let varbinds = 0;
      let failures = 0;
      for (const r of results) {
        if (r.status === 'fulfilled') varbinds += r.value;
        else failures++;
      }
      return { varbinds, failures };
    },
    close() {
      for (const session of sessions) session.close();
    },
  };
}
