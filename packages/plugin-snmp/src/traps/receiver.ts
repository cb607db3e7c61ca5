import type { Asset, CheckResult, Logger } from '@warden/core';
import { WardenError } from '@warden/core';
import type { z } from 'zod';
import { SNMP_DEFAULTS, type SnmpCredential, type snmpTrapOptionsSchema } from '../options.js';
import { netSnmpUser } from '../transport/pool.js';
import { listenForTraps, type Rejection } from '../transport/trap-listener.js';
import { routeTrapCheck } from './checks.js';
import { decodeTrap } from './decode.js';
import { trapCheckResult } from './map.js';
import type { SnmpTrap, TrapCheckResult } from './types.js';

/** What the receiver needs from its host (the plugin's start context, or a test). */
export interface TrapReceiverHost {
  /** Current time in ms since the epoch (Warden's clock). */
  now(): number;
  /** Reads a community or key at start. */
  reveal(value: SnmpCredential): Promise<string>;
  /** The asset with this address, looked up per trap (so assets added later count at once). */
  assetAt?: ((address: string) => Asset | undefined) | undefined;
  /** Receives every accepted trap, attached and mapped. */
  deliver(trap: SnmpTrap): void;
  /** Hands a well-known trap's result to its passive check (`warden.submit()`). */
  submit?: ((check: string, asset: string, result: CheckResult) => Promise<void>) | undefined;
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
 * `snmpTrapAddress` or a v1 agent-addr), else the packet source's.
 *
 * @param trap - the decoded trap
 * @param assetAt - the asset with an address (Warden's `assets.byAddress`)
 * @returns the asset id, or `undefined` when no address matches
 */
export function attachTrap(trap: SnmpTrap, assetAt: (address: string) => Asset | undefined): string | undefined {
  const byAgent = trap.agentAddress === undefined ? undefined : assetAt(trap.agentAddress);
  return (byAgent ?? assetAt(trap.source.address))?.id;
}

/**
 * Starts a trap/inform receiver: validates the options, reveals the communities and v3 keys,
 * binds the port, and for every accepted notification decodes it, attaches it to an asset by
 * address, maps well-known traps to a passive check result, hands it to `host.deliver` and
 * submits the result to its passive check (a check that is not declared is logged once).
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
  const unsubmittable = new Set<string>();
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
        const asset = host.assetAt ? attachTrap(trap, host.assetAt) : undefined;
        if (asset !== undefined) trap.asset = asset;
        const mapped = trapCheckResult(trap);
        const passive = mapped && routeTrapCheck(mapped, parsed.checks);
        if (passive) trap.passive = passive;
        host.deliver(trap);
        if (passive && asset !== undefined && host.submit) submit(host, trap, asset, passive, unsubmittable);
      } catch (err) {
        host.logger.error({ err, source: raw.source }, `SNMP trap from ${raw.source.address} could not be delivered`);
      }
    },
    onReject,
  );
  return listener;
}

/**
 * Submits a trap's result to its passive check in the background. A check that is missing or
 * does not cover the asset is the user's choice not to follow that trap kind: said once per
 * (check, asset) at `info`, then at `debug`.
 */
function submit(host: TrapReceiverHost, trap: SnmpTrap, asset: string, passive: TrapCheckResult, noted: Set<string>): void {
  const what = `${trap.name ?? trap.trapOid} from ${asset}`;
  const { submit: hand } = host;
  if (!hand) return;
  // Whether the host throws at once or rejects, the answer is handled here.
  new Promise<void>((resolve) => resolve(hand(passive.check, asset, passive.result))).catch((err: unknown) => {
    if (err instanceof WardenError && err.code === 'ERR_NOT_FOUND') {
      const key = `${passive.check}\0${asset}`;
      const first = !noted.has(key);
      if (first && noted.size < MAX_NOTED_SOURCES) noted.add(key);
      (first ? host.logger.info : host.logger.debug).call(
        host.logger,
        { check: passive.check, asset },
        `${what} not submitted: ${err.message}; declare warden.check({ id: '${passive.check}', passive: true, freshness }) covering ${asset}, or turn this kind off in snmp({ traps: { checks } })`,
      );
      return;
    }
    host.logger.error({ err, check: passive.check, asset }, `${what} could not be submitted to ${passive.check}`);
  });
}
