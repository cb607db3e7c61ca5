// The floor of bench/snmp (b): plain net-snmp sessions (one per agent, made once and reused, as
// the exporter keeps its clients) reading what the exporter's if_mib module reads — sysUpTime
// and GETBULK walks of ifTable and ifXTable, max-repetitions 25 — with no mapping, no samples and
// no Warden around them. Every agent at once, like the other two rows.
import * as snmp from 'net-snmp';

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
export function bareNetSnmp(ports: readonly number[]): BarePoller {
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
        (err?: Error) => (err ? reject(err) : resolve(n)),
      );
    });
  const get = (session: snmp.Session): Promise<number> =>
    new Promise((resolve, reject) => session.get([SYS_UPTIME], (err, varbinds) => (err ? reject(err) : resolve(varbinds?.length ?? 0))));
  return {
    async poll() {
      const results = await Promise.allSettled(
        sessions.map(async (session) => {
          const counts = await Promise.all([get(session), walk(session, IF_ENTRY), walk(session, IFX_ENTRY)]);
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
