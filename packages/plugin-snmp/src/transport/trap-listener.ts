import { createSocket, type Socket } from 'node:dgram';
import { WardenError } from '@warden/core';
import * as snmp from 'net-snmp';
import type { RawNotification } from '../traps/decode.js';
import { fromNetSnmp } from './convert.js';

/** What the listener binds and whom it accepts, secrets revealed. */
export interface ListenerSettings {
  /** UDP port. */
  port: number;
  /** Bind address. */
  address: string;
  /** Accepted communities. */
  communities: readonly string[];
  /** Accepted v3 users. */
  users: readonly snmp.User[];
  /** Engine ID (hex) for informs; random when absent. */
  engineId?: string | undefined;
}

/** A notification the listener refused (unknown community or user, bad packet). */
export interface Rejection {
  /** Who sent it, when known. */
  source?: { address: string; port: number };
  /** Why, without echoing the community the sender used. */
  reason: string;
}

/** A running listener. */
export interface TrapListener {
  /** The bound port. */
  readonly port: number;
  /** Stops listening. Safe to call twice. */
  close(): Promise<void>;
}

interface NetSnmpNotification {
  pdu: {
    type: number;
    scoped?: boolean;
    varbinds?: snmp.Varbind[];
    user?: string;
    enterprise?: string;
    agentAddr?: string;
    generic?: number;
    specific?: number;
    upTime?: number;
  };
  rinfo: { address: string; port: number };
}

function reasonOf(err: Error): string {
  // net-snmp's messages quote the community the sender tried: never repeat it.
  if (/community/i.test(err.message)) return 'unknown community';
  if (/user/i.test(err.message)) return `unknown SNMPv3 user or wrong keys (${err.name})`;
  return `${err.name}: ${err.message}`;
}

/**
 * Listens for traps and informs on net-snmp's receiver (it acknowledges informs and answers
 * SNMPv3 engine discovery), delivering each accepted notification decoded.
 *
 * @param settings - bind address, port and who may send
 * @param onNotification - called for each accepted notification
 * @param onReject - called for each refused packet
 * @returns the listener, once its socket is bound
 * @throws WardenError `ERR_UNREACHABLE` when the port cannot be bound (in use, no permission)
 */
export async function listenForTraps(
  settings: ListenerSettings,
  onNotification: (raw: RawNotification) => void,
  onReject: (rejection: Rejection) => void,
): Promise<TrapListener> {
  const sockets: Socket[] = [];
  // Our own dgram module: we learn when the socket is bound (or fails to) and can unref it.
  const dgramModule = {
    createSocket: (type: 'udp4' | 'udp6') => {
      const socket = createSocket(type);
      sockets.push(socket);
      return socket;
    },
  };
  let started = false;
  let failStart: ((err: Error) => void) | undefined;
  const callback = (err: (Error & { rinfo?: { address: string; port: number } }) | null, data?: NetSnmpNotification): void => {
    if (err) {
      if (!started) {
        failStart?.(err);
        return;
      }
      const rejection: Rejection = { reason: reasonOf(err) };
      if (err.rinfo) rejection.source = { address: err.rinfo.address, port: err.rinfo.port };
      onReject(rejection);
      return;
    }
    if (!data) return;
    const { pdu, rinfo } = data;
    onNotification({
      pduType: pdu.type,
      scoped: pdu.scoped === true,
      varbinds: (pdu.varbinds ?? []).map(fromNetSnmp),
      source: { address: rinfo.address, port: rinfo.port },
      user: pdu.user,
      enterprise: pdu.enterprise,
      agentAddr: pdu.agentAddr,
      generic: pdu.generic,
      specific: pdu.specific,
      upTime: pdu.upTime,
    });
  };
  const options: Record<string, unknown> = {
    port: settings.port,
    address: settings.address,
    includeAuthentication: true,
    dgramModule,
  };
  if (settings.engineId) options.engineID = settings.engineId;
  const receiver = snmp.createReceiver(options as never, callback as never) as unknown as {
    getAuthorizer(): { addCommunity(c: string): void; addUser(u: unknown): void };
    close(cb?: () => void): void;
  };
  const authorizer = receiver.getAuthorizer();
  for (const community of settings.communities) authorizer.addCommunity(community);
  for (const user of settings.users) authorizer.addUser({ ...user });
  const socket = sockets[0];
  if (!socket) throw new WardenError('ERR_PROTOCOL', 'net-snmp created no socket for the trap receiver');
  await new Promise<void>((resolve, reject) => {
    failStart = (err) => {
      try {
        socket.close();
      } catch {
        // never bound
      }
      reject(
        new WardenError(
          'ERR_UNREACHABLE',
          `SNMP trap receiver cannot listen on ${settings.address}:${settings.port} (${err.message}); pick a free port (162 needs privileges)`,
          { cause: err },
        ),
      );
    };
    socket.once('listening', () => resolve());
  });
  started = true;
  // A receiver is not a reason to keep the host process alive.
  socket.unref();
  let closed: Promise<void> | undefined;
  return {
    port: socket.address().port,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        try {
          socket.close(() => resolve());
        } catch {
          resolve();
        }
      });
      return closed;
    },
  };
}
