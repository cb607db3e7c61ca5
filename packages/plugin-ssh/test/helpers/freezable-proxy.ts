// A TCP relay on a free 127.0.0.1 port in front of a test server. `freeze()` makes the
// connections open at that moment go silent without closing them — a peer that stopped
// answering (hung, or its state lost behind a NAT): bytes in either direction are dropped.
// Connections made afterwards are relayed normally.
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';

/** A running relay. */
export interface FreezableProxy {
  port: number;
  /** Connections accepted so far. */
  accepted: number;
  /** Silence every connection open now. */
  freeze(): void;
  /** Resolves when the client side of a frozen connection is closed (by the client). */
  frozenClosed(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a relay to `127.0.0.1:targetPort`.
 *
 * @param targetPort - the server's port
 * @returns the relay
 */
export async function startFreezableProxy(targetPort: number): Promise<FreezableProxy> {
  const live = new Set<{ client: Socket; upstream: Socket; frozen: boolean }>();
  let closedWaiters: (() => void)[] = [];
  const server = createServer((client) => {
    state.accepted++;
    const upstream = connect(targetPort, '127.0.0.1');
    const pair = { client, upstream, frozen: false };
    live.add(pair);
    client.on('data', (chunk) => pair.frozen || upstream.write(chunk));
    upstream.on('data', (chunk) => pair.frozen || client.write(chunk));
    client.on('error', () => {});
    upstream.on('error', () => {});
    client.on('close', () => {
      live.delete(pair);
      if (pair.frozen) {
        for (const w of closedWaiters) w();
        closedWaiters = [];
      }
      upstream.destroy();
    });
    upstream.on('close', () => pair.frozen || client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const state: FreezableProxy = {
    port: (server.address() as AddressInfo).port,
    accepted: 0,
    freeze() {
      for (const pair of live) pair.frozen = true;
    },
    frozenClosed: () => new Promise<void>((resolve) => closedWaiters.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const { client, upstream } of live) {
          client.destroy();
          upstream.destroy();
        }
        server.close(() => resolve());
      }),
  };
  return state;
}
