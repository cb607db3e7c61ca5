import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { type Asset, type HookContext, parseDuration, WardenError } from '@warden/core';
import type * as snmp from 'net-snmp';
import { SNMP_DEFAULTS, type SnmpAssetConfig, type SnmpCredential, type SnmpV3Config, snmpAssetConfigSchema } from '../options.js';
import type { SnmpReader } from '../reader.js';
import type { Varbind } from '../varbind.js';
import { type DeviceSettings, type RequestScope, SnmpDevice } from './device.js';
import { SocketHub } from './shared-socket.js';

/** Which credentials a session uses: reading, or writing (`snmp.set`). */
export type SessionRole = 'read' | 'write';

/** Options of a {@link DevicePool}. */
export interface DevicePoolOptions {
  /** Real UDP sockets shared by all devices. @defaultValue 1 */
  sockets?: number | undefined;
  /** Requests in flight per device. @defaultValue 4 */
  concurrencyPerDevice?: number | undefined;
}

const SECURITY_LEVEL: Record<string, number> = { noAuthNoPriv: 1, authNoPriv: 2, authPriv: 3 };
const AUTH: Record<string, number> = { md5: 2, sha: 3, sha224: 4, sha256: 5, sha384: 6, sha512: 7 };
const PRIV: Record<string, number> = { des: 2, aes: 4, aes256b: 6, aes256r: 8 };

/**
 * A v3 user as net-snmp takes it, keys revealed.
 *
 * @param v3 - the validated v3 block
 * @param reveal - reads a credential
 * @returns the net-snmp user
 * @throws WardenError `ERR_SECRET_UNAVAILABLE` when a key cannot be read
 */
export async function netSnmpUser(v3: SnmpV3Config, reveal: (value: SnmpCredential) => Promise<string>): Promise<snmp.User> {
  const user: snmp.User = { name: v3.user, level: SECURITY_LEVEL[v3.level] as snmp.SecurityLevel };
  if (v3.authProtocol && v3.authKey) {
    user.authProtocol = AUTH[v3.authProtocol] as snmp.AuthProtocols;
    user.authKey = await reveal(v3.authKey);
  }
  if (v3.privProtocol && v3.privKey) {
    user.privProtocol = PRIV[v3.privProtocol] as snmp.PrivProtocols;
    user.privKey = await reveal(v3.privKey);
  }
  return user;
}

/**
 * The asset's `snmp` block, validated.
 *
 * @param asset - the asset
 * @returns its parsed SNMP settings
 * @throws WardenError `ERR_CONFIG_INVALID` when the asset has no (valid) `snmp` block or no address
 */
export function snmpConfigOf(asset: Asset): SnmpAssetConfig {
  const raw = (asset as { snmp?: unknown }).snmp;
  if (raw === undefined) {
    throw new WardenError('ERR_CONFIG_INVALID', `asset "${asset.id}" has no snmp block; add snmp: { version: '2c', community: … }`);
  }
  let config = typeof raw === 'object' && raw !== null ? parsedConfigs.get(raw) : undefined;
  if (!config) {
    const parsed = snmpAssetConfigSchema.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `  - snmp.${i.path.join('.')}: ${i.message}`).join('\n');
      throw new WardenError('ERR_CONFIG_INVALID', `invalid snmp block on asset "${asset.id}":\n${issues}`);
    }
    config = parsed.data;
    if (typeof raw === 'object' && raw !== null) parsedConfigs.set(raw, config);
  }
  if (!asset.address) throw new WardenError('ERR_CONFIG_INVALID', `asset "${asset.id}" has no address; SNMP needs one`);
  return config;
}

// Parsed blocks by the asset's own block object: a collection of 1,000 assets parses none of
// them again (an updated asset brings a new block object, parsed afresh).
const parsedConfigs = new WeakMap<object, SnmpAssetConfig>();

/**
 * Sessions per device, reused across collections, on a few shared sockets. A session is rebuilt
 * when the asset's settings or revealed credentials change (rotated secrets).
 */
export class DevicePool {
  readonly #hub: SocketHub;
  readonly #concurrency: number;
  readonly #devices = new Map<string, { key: string; device: SnmpDevice }>();

  /** @param options - socket count and per-device concurrency */
  constructor(options: DevicePoolOptions = {}) {
    this.#hub = new SocketHub(options.sockets ?? 1);
    this.#concurrency = options.concurrencyPerDevice ?? SNMP_DEFAULTS.concurrencyPerDevice;
  }

  /** @returns how many devices have a session */
  get size(): number {
    return this.#devices.size;
  }

  /** @returns how many real UDP sockets are open */
  get openSockets(): number {
    return this.#hub.openSockets;
  }

  async #settings(asset: Asset, config: SnmpAssetConfig, ctx: HookContext, role: SessionRole): Promise<DeviceSettings> {
    const address = asset.address as string;
    let host = address;
    if (!isIP(address)) {
      try {
        host = (await lookup(address, { family: 4 })).address;
      } catch (err) {
        throw new WardenError(
          'ERR_UNREACHABLE',
          `${asset.id}: cannot resolve ${address} (${(err as Error).message}); check the asset address`,
          {
            cause: err,
          },
        );
      }
    }
    const port = config.port ?? SNMP_DEFAULTS.port;
    const reveal = (value: SnmpCredential): Promise<string> => ctx.secrets.reveal(value);
    const settings: DeviceSettings = {
      label: `${asset.id} (${address}:${port})`,
      host,
      port,
      version: config.version,
      timeoutMs: config.timeout === undefined ? SNMP_DEFAULTS.timeoutMs : parseDuration(config.timeout),
      retries: config.retries ?? SNMP_DEFAULTS.retries,
      maxRepetitions: config.maxRepetitions ?? SNMP_DEFAULTS.maxRepetitions,
      bulk: config.bulk ?? true,
      concurrency: this.#concurrency,
      ...(config.context ? { context: config.context } : {}),
    };
    if (config.version === '3' && config.v3) {
      settings.user = await netSnmpUser(config.v3, reveal);
    } else {
      const community = role === 'write' ? (config.writeCommunity ?? config.community) : config.community;
      settings.community = community === undefined ? 'public' : await reveal(community);
    }
    return settings;
  }

  /**
   * The device for an asset, creating or refreshing its session.
   *
   * @param asset - the asset (with an `snmp` block and an address)
   * @param ctx - the hook context (secrets)
   * @param role - read or write credentials
   * @returns the device
   * @throws WardenError `ERR_CONFIG_INVALID`, `ERR_UNREACHABLE` (unresolvable name), `ERR_SECRET_UNAVAILABLE`
   */
  async device(asset: Asset, ctx: HookContext, role: SessionRole = 'read'): Promise<SnmpDevice> {
    const config = snmpConfigOf(asset);
    const settings = await this.#settings(asset, config, ctx, role);
    const key = JSON.stringify(settings);
    const id = `${role}\0${asset.id}`;
    const existing = this.#devices.get(id);
    if (existing?.key === key) return existing.device;
    existing?.device.close();
    const device = new SnmpDevice(settings, this.#hub);
    this.#devices.set(id, { key, device });
    return device;
  }

  /**
   * A reader bound to one collection: its deadline is the asset's `snmp.deadline` from now.
   *
   * @param asset - the asset
   * @param ctx - the hook context (signal, clock, secrets)
   * @returns the reader
   * @throws as {@link DevicePool.device}
   */
  async reader(asset: Asset, ctx: HookContext): Promise<SnmpReader> {
    // Collections started together set up their sessions a few per event-loop turn.
    await this.#hub.turns.take();
    const device = await this.device(asset, ctx, 'read');
    const config = snmpConfigOf(asset);
    return bindReader(device, scopeFor(config, ctx));
  }

  /**
   * Closes and forgets an asset's sessions (both roles), e.g. after a sweep probed it.
   *
   * @param assetId - the asset id the sessions were made for
   */
  release(assetId: string): void {
    for (const role of ['read', 'write'] as const) {
      const id = `${role}\0${assetId}`;
      this.#devices.get(id)?.device.close();
      this.#devices.delete(id);
    }
  }

  /** Closes every session and socket. Safe to call twice. */
  close(): void {
    for (const { device } of this.#devices.values()) device.close();
    this.#devices.clear();
    this.#hub.close();
  }
}

/**
 * The request scope of one hook call: the asset's deadline from now, the hook's signal.
 *
 * @param config - the asset's SNMP settings
 * @param ctx - the hook context
 * @returns the scope
 */
export function scopeFor(config: SnmpAssetConfig, ctx: Pick<HookContext, 'signal' | 'clock'>): RequestScope {
  const deadlineMs = config.deadline === undefined ? SNMP_DEFAULTS.deadlineMs : parseDuration(config.deadline);
  return { signal: ctx.signal, deadline: ctx.clock.now() + deadlineMs, now: () => ctx.clock.now() };
}

/**
 * Binds a device to a scope as an {@link SnmpReader}.
 *
 * @param device - the device
 * @param scope - deadline and signal
 * @returns the reader
 */
export function bindReader(device: SnmpDevice, scope: RequestScope): SnmpReader {
  return {
    device: device.settings.label,
    version: device.settings.version,
    get: (oids: readonly string[]): Promise<Varbind[]> => device.get(oids, scope),
    walk: (oid: string) => device.walk(oid, scope),
    walkColumns: (entry: string, columns: readonly number[]) => device.walkColumns(entry, columns, scope),
  };
}
