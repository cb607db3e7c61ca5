import { setMaxListeners } from 'node:events';
import { type Asset, type AssetProposal, type DiscovererDefinition, type HookContext, isWardenError, parseDuration } from '@warden/core';
import type { z } from 'zod';
import { SYSTEM_OIDS } from '../collectors/system.js';
import type { SnmpAssetConfig } from '../options.js';
import { DevicePool } from '../transport/pool.js';
import { asString, type Varbind } from '../varbind.js';
import { snmpSweepParamsSchema as schema, type snmpSweepParamsSchema } from './params.js';
import { expandTargets, type SweepTarget } from './targets.js';
import { guessDevice } from './vendors.js';

type Params = z.output<typeof snmpSweepParamsSchema>;
type Credential = Pick<SnmpAssetConfig, 'version' | 'community' | 'v3'>;

const DEFAULT_PORT = 161;
const IDENTITY = [SYSTEM_OIDS.sysDescr, SYSTEM_OIDS.sysObjectID, SYSTEM_OIDS.sysName, SYSTEM_OIDS.sysLocation, SYSTEM_OIDS.sysContact];
const INVALID_ID_CHARS = /[^A-Za-z0-9._:/@-]+/g;

function credentialsOf(params: Params): Credential[] {
  const version = params.version ?? '2c';
  const communities = params.communities ?? (params.v3?.length ? [] : ['public']);
  return [...communities.map((community) => ({ version, community })), ...(params.v3 ?? []).map((v3) => ({ version: '3' as const, v3 }))];
}

/**
 * The stable id of a discovered device: sysName and address (`core-sw-1@10.0.0.2`, plus
 * `:port` when not 161), characters asset ids do not allow replaced by `-`.
 *
 * @param sysName - the agent's sysName, if any
 * @param target - where it answered
 * @returns the asset id
 */
export function proposalId(sysName: string | undefined, target: SweepTarget): string {
  const name =
    (sysName ?? '')
      .trim()
      .replace(INVALID_ID_CHARS, '-')
      .replace(/^[^A-Za-z0-9_]+/, '') || 'snmp';
  return `${name.slice(0, 120)}@${target.address}${target.port === DEFAULT_PORT ? '' : `:${target.port}`}`;
}

/**
 * Turns the system group of an answering agent into an asset proposal: id from sysName +
 * address, kind and vendor guessed from sysObjectID/sysDescr, the identity as facts, and the
 * credential that worked as the `snmp` block.
 *
 * @param target - where it answered
 * @param credential - the version and community or v3 user that worked
 * @param varbinds - the GET answer for the identity OIDs
 * @param labels - labels to add
 * @returns the proposal
 */
export function toProposal(
  target: SweepTarget,
  credential: Credential,
  varbinds: readonly Varbind[],
  labels?: Record<string, string>,
): AssetProposal {
  const by = new Map(varbinds.map((v) => [v.oid, asString(v)]));
  const sysName = by.get(SYSTEM_OIDS.sysName) || undefined;
  const sysDescr = by.get(SYSTEM_OIDS.sysDescr);
  const sysObjectID = by.get(SYSTEM_OIDS.sysObjectID);
  const guess = guessDevice(sysObjectID, sysDescr);
  const facts: Record<string, string | number> = {};
  if (guess.vendor) facts.vendor = guess.vendor;
  if (guess.enterprise !== undefined) facts.enterprise = guess.enterprise;
  if (guess.os) facts.os = guess.os;
  if (sysObjectID) facts.sysObjectID = sysObjectID;
  if (sysDescr) facts.sysDescr = sysDescr.length > 255 ? `${sysDescr.slice(0, 252)}...` : sysDescr;
  if (sysName) facts.sysName = sysName;
  for (const key of ['sysLocation', 'sysContact'] as const) {
    const value = by.get(SYSTEM_OIDS[key]);
    if (value) facts[key] = value;
  }
  const snmp: SnmpAssetConfig = { ...credential, ...(target.port === DEFAULT_PORT ? {} : { port: target.port }) };
  const proposal: Asset = { id: proposalId(sysName, target), kind: guess.kind, address: target.address, facts, snmp } as Asset;
  if (sysName) proposal.name = sysName;
  if (labels && Object.keys(labels).length > 0) proposal.labels = { ...labels };
  return proposal;
}

async function probe(pool: DevicePool, target: SweepTarget, params: Params, ctx: HookContext): Promise<AssetProposal | undefined> {
  const timeoutMs = parseDuration(params.timeout ?? '1s');
  const retries = params.retries ?? 0;
  const id = `sweep:${target.address}:${target.port}`;
  try {
    for (const credential of credentialsOf(params)) {
      const asset = {
        id,
        kind: 'host',
        address: target.address,
        snmp: { ...credential, port: target.port, timeout: timeoutMs, retries, deadline: timeoutMs * (retries + 1) + 1000 },
      } as Asset;
      try {
        const reader = await pool.reader(asset, ctx);
        let varbinds: Varbind[];
        try {
          varbinds = await reader.get(IDENTITY);
        } catch (err) {
          // SNMPv1 agents fail the whole GET (noSuchName) when one OID is missing.
          if (!isWardenError(err) || err.code !== 'ERR_PROTOCOL') throw err;
          varbinds = await reader.get([SYSTEM_OIDS.sysDescr, SYSTEM_OIDS.sysObjectID]);
        }
        return toProposal(target, credential, varbinds, params.labels);
      } catch (err) {
        if (!isWardenError(err)) throw err;
        if (err.code === 'ERR_ABORTED') throw err;
        // Silence or refused credentials: the next credential may fit.
        if (err.code === 'ERR_TIMEOUT' || err.code === 'ERR_AUTH') continue;
        ctx.logger.debug({ target, code: err.code }, `snmp.sweep: ${target.address}:${target.port} skipped: ${err.message}`);
        return undefined;
      }
    }
    return undefined;
  } finally {
    pool.release(id);
  }
}

/**
 * Sweeps addresses and ranges for SNMP agents, `concurrency` at a time, trying each community
 * (then each v3 user) until one answers, and yields a proposal per agent as soon as it answers.
 * Reports `discovery:progress` about 100 times per sweep (and at the end). Stops at once when
 * the signal fires or the consumer stops iterating; every session is closed either way.
 *
 * @param params - validated sweep params
 * @param ctx - signal, logger, emit, secrets
 * @returns the proposals, in the order agents answered
 * @throws WardenError `ERR_ABORTED` when the signal fires mid-sweep
 */
export async function* sweep(params: Params, ctx: HookContext): AsyncGenerator<AssetProposal> {
  const targets = expandTargets(params.targets, params.port ?? DEFAULT_PORT);
  const concurrency = Math.min(params.concurrency ?? 32, targets.length);
  const pool = new DevicePool({ sockets: 1, concurrencyPerDevice: 1 });
  // Every request in flight listens to the signal: give the sweep its own, with room for them
  // all (Node warns past 10 listeners), following the caller's and aborted when the sweep ends.
  const controller = new AbortController();
  setMaxListeners(concurrency * 4 + 16, controller.signal);
  const follow = (): void => controller.abort(ctx.signal.reason);
  if (ctx.signal.aborted) follow();
  else ctx.signal.addEventListener('abort', follow, { once: true });
  const probeCtx: HookContext = { ...ctx, signal: controller.signal };
  const ready: AssetProposal[] = [];
  let wake: (() => void) | undefined;
  let failure: unknown;
  let next = 0;
  let done = 0;
  let found = 0;
  let stopped = false;
  const step = Math.max(1, Math.floor(targets.length / 100));
  const progress = (): void => ctx.emit('discovery:progress', { discoverer: 'snmp.sweep', done, total: targets.length, found });
  const worker = async (): Promise<void> => {
    while (!stopped && failure === undefined && next < targets.length) {
      const target = targets[next++] as SweepTarget;
      try {
        const proposal = await probe(pool, target, params, probeCtx);
        if (proposal && !stopped) {
          found++;
          ready.push(proposal);
        }
      } catch (err) {
        failure ??= err;
      }
      done++;
      if (done % step === 0 || done === targets.length) progress();
      wake?.();
    }
  };
  const workers = Promise.all(Array.from({ length: concurrency }, worker));
  let finished = false;
  void workers.then(() => {
    finished = true;
    wake?.();
  });
  try {
    for (;;) {
      while (ready.length > 0) yield ready.shift() as AssetProposal;
      if (failure !== undefined) throw failure;
      if (finished) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  } finally {
    stopped = true;
    // Aborting fails the requests in flight, so an early exit does not wait for their timeouts.
    ctx.signal.removeEventListener('abort', follow);
    controller.abort();
    await workers.catch(() => {});
    pool.close();
  }
}

/**
 * The `snmp.sweep` discoverer.
 *
 * @returns the discoverer definition
 */
export function sweepDiscoverer(): DiscovererDefinition<Params> {
  return {
    name: 'sweep',
    description: 'Finds SNMP agents in addresses and CIDR ranges and proposes assets with vendor, kind and identity facts',
    params: schema,
    discover: (params, ctx) => sweep(params, ctx),
  };
}
