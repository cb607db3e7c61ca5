import type { Asset, Logger } from '@warden/core';
import type { z } from 'zod';
import { SNMP_DEFAULTS, type SnmpCredential, type snmpTrapOptionsSchema } from '../options.js';
import { netSnmpUser } from '../transport/pool.js';
import { listenForTraps, type Rejection } from '../transport/trap-listener.js';
import { decodeTrap } from './decode.js';
import { trapCheckResult } from './map.js';
import type { SnmpTrap } from './types.js';

/** What the receiver needs from its host (the plugin, or a test). */
export interface TrapReceiverHost {
  /** Current time in ms since the epoch (Warden's clock). */
  now(): number;
  /** Reads a community or key at start. */
  reveal(value: SnmpCredential): Promise<string>;
  /** The assets traps are attached to, read per trap (so added assets count at once). */
  assets?: (() => Iterable<Asset>) | undefined;
  /** Receives every accepted trap, attached and mapped. */
  deliver(trap: SnmpTrap): void;
  /** Where refusals and delivery failures are logged. */
  logger: Logger;
}

/** A running trap receiver. */
export interface SnmpTrapReceiver {
  /** The UDP port it listens on. */
  readonly port: number;
  /** Stops it. Safe to call twice. */
  close(): Promise<void>;
}

const MAX_NOTED_SOURCES = 1024;

/** The validated `traps` options. */
export type SnmpTrapSettings = z.output<typeof snmpTrapOptionsSchema>;

/**
 * The asset a trap belongs to: the one whose address is the originating agent's (a proxy's
 * `snmpTrapAddress` or a v1 agent-addr), else the packet source's. An asset with an `snmp`
 * block wins over one without.
 *
 * @param trap - the decoded trap
 * @param assets - the registered assets
 * @returns the asset id, or `undefined` when no address matches
 */
export function attachTrap(trap: SnmpTrap, assets: Iterable<Asset>): string | undefined {
  const wanted = [trap.agentAddress, trap.source.address].filter((a): a is string => a !== undefined);
  let best: { rank: number; id: string } | undefined;
  for (const asset of assets) {
    const at = asset.address === undefined ? -1 : wanted.indexOf(asset.address);
    if (at < 0) continue;
    const rank = at * 2 + ((asset as { snmp?: unknown }).snmp === undefined ? 1 : 0);
    if (!best || rank < best.rank) best = { rank, id: asset.id };
  }
  return best?.id;
}

/**
 * Starts a trap/inform receiver: validates the options, reveals the communities and v3 keys,
 * binds the port, and for every accepted notification decodes it, attaches it to an asset by
 * address, maps well-known traps to a passive check result and hands it to `host.deliver`.
 * Refused packets (unknown community or user) are logged once per source at `warn`, then at
 * `debug`, never echoing the community they carried.
 *
 * @param parsed - `snmp({ traps })` settings, validated
 * @param host - clock, secrets, assets, delivery and logger
 * @returns the running receiver
 * @throws WardenError `ERR_UNREACHABLE` when the port cannot be bound; `ERR_SECRET_UNAVAILABLE` when a credential cannot be read
 */
export async function startTrapReceiver(parsed: SnmpTrapSettings, host: TrapReceiverHost): Promise<SnmpTrapReceiver> {
  const communities = await Promise.all((parsed.communities ?? []).map((c) => host.reveal(c)));
  const users = await Promise.all((parsed.users ?? []).map((u) => netSnmpUser(u, host.reveal)));
  const noted = new Set<string>();
  const onReject = (rejection: Rejection): void => {
    const from = rejection.source ? `${rejection.source.address}:${rejection.source.port}` : 'an unknown sender';
    const key = rejection.source?.address ?? '';
    const first = !noted.has(key);
    if (first && noted.size < MAX_NOTED_SOURCES) noted.add(key);
    const log = first ? host.logger.warn.bind(host.logger) : host.logger.debug.bind(host.logger);
    log({ source: rejection.source, reason: rejection.reason }, `SNMP trap from ${from} refused: ${rejection.reason}`);
  };
  const listener = await listenForTraps(
    { port: parsed.port ?? SNMP_DEFAULTS.trapPort, address: parsed.address ?? '0.0.0.0', communities, users, engineId: parsed.engineId },
    (raw) => {
      try {
        const trap = decodeTrap(raw, host.now());
        const asset = host.assets ? attachTrap(trap, host.assets()) : undefined;
        if (asset !== undefined) trap.asset = asset;
        const passive = trapCheckResult(trap);
        if (passive) trap.passive = passive;
        host.deliver(trap);
      } catch (err) {
        host.logger.error({ err, source: raw.source }, `SNMP trap from ${raw.source.address} could not be delivered`);
      }
    },
    onReject,
  );
  return listener;
}
