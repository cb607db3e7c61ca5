import type * as snmp from 'net-snmp';
import type { SnmpTrap } from '../../src/traps/types.js';

/** Sends one notification from a net-snmp session and resolves once it is sent (or acknowledged, for an inform). */
export function send(
  session: snmp.Session,
  kind: 'trap' | 'inform',
  typeOrOid: number | string,
  varbinds: snmp.Varbind[] = [],
  options: Record<string, unknown> = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null) => (err ? reject(err) : resolve());
    if (kind === 'trap') session.trap(typeOrOid as snmp.TrapType, varbinds, options as never, done);
    else (session as unknown as { inform(...args: unknown[]): void }).inform(typeOrOid, varbinds, options, done);
  });
}

/** Collects delivered traps and lets a test wait for the next few. */
export function trapInbox(): { deliver(trap: SnmpTrap): void; next(count?: number, timeoutMs?: number): Promise<SnmpTrap[]> } {
  const queue: SnmpTrap[] = [];
  let waiter: (() => void) | undefined;
  return {
    deliver(trap) {
      queue.push(trap);
      waiter?.();
    },
    async next(count = 1, timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      while (queue.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${count} trap(s), got ${queue.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiter = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      return queue.splice(0, count);
    },
  };
}
