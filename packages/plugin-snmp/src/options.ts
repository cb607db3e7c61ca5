import { parseDuration, type SecretLike, zSecret } from '@warden/core';
import { z } from 'zod';
import type { SnmpTrap } from './traps/types.js';

/**
 * A credential field (community, v3 key): a secret from `secret.env()`, `secret.file()` or
 * `secret.value()` in `@warden/core`, or (discouraged) a plain string.
 */
export type SnmpCredential = SecretLike;

// zSecret() types only its output; give the input type too so asset configs stay typed.
const credential = zSecret() as z.ZodType<SecretLike, SecretLike>;

const duration = z.union([z.number(), z.string()]).superRefine((value, ctx) => {
  try {
    parseDuration(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not a duration; use milliseconds or '2s', '500ms'` });
  }
});

/** SNMPv3 authentication protocols net-snmp supports. */
export const AUTH_PROTOCOLS = ['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512'] as const;
/** SNMPv3 privacy protocols net-snmp supports (`des` needs `--openssl-legacy-provider` on Node 20). */
export const PRIV_PROTOCOLS = ['des', 'aes', 'aes256b', 'aes256r'] as const;

/**
 * The `v3` block of an asset's `snmp` settings: a USM user. `authNoPriv` needs the auth pair,
 * `authPriv` both pairs; keys accept secrets.
 *
 * @example
 * ```ts
 * snmp: { version: '3', v3: { user: 'monitor', level: 'authPriv', authProtocol: 'sha256',
 *   authKey: secret.env('SNMP_AUTH'), privProtocol: 'aes', privKey: secret.env('SNMP_PRIV') } }
 * ```
 */
export const snmpV3Schema = z
  .strictObject({
    /** The v3 (USM) user name. */
    user: z.string().min(1),
    /** Security level: no authentication, authentication only, or authentication and privacy (encryption). */
    level: z.enum(['noAuthNoPriv', 'authNoPriv', 'authPriv']),
    /** Authentication hash (required from `authNoPriv` up). */
    authProtocol: z.enum(AUTH_PROTOCOLS).optional(),
    /** Authentication pass phrase (a secret; at least 8 characters for Net-SNMP agents). */
    authKey: credential.optional(),
    /** Privacy cipher (required for `authPriv`). */
    privProtocol: z.enum(PRIV_PROTOCOLS).optional(),
    /** Privacy pass phrase (a secret). */
    privKey: credential.optional(),
  })
  .superRefine((v3, ctx) => {
    if (v3.level !== 'noAuthNoPriv') {
      if (!v3.authProtocol) ctx.addIssue({ code: 'custom', path: ['authProtocol'], message: `required for level ${v3.level}` });
      if (!v3.authKey) ctx.addIssue({ code: 'custom', path: ['authKey'], message: `required for level ${v3.level}` });
    }
    if (v3.level === 'authPriv') {
      if (!v3.privProtocol) ctx.addIssue({ code: 'custom', path: ['privProtocol'], message: 'required for level authPriv' });
      if (!v3.privKey) ctx.addIssue({ code: 'custom', path: ['privKey'], message: 'required for level authPriv' });
    }
  });

/** SNMPv3 user settings of an asset. */
export type SnmpV3Config = z.infer<typeof snmpV3Schema>;

/**
 * The `snmp` connection block of an asset: validated when the asset is added.
 *
 * @example
 * ```ts
 * warden.assets.add({ id: 'sw-1', kind: 'network-device', address: '10.0.0.2',
 *   snmp: { version: '2c', community: secret.env('SNMP_COMMUNITY') } });
 * ```
 */
export const snmpAssetConfigSchema = z
  .strictObject({
    /** Protocol version. */
    version: z.enum(['1', '2c', '3']),
    /** UDP port. @defaultValue 161 */
    port: z.number().int().min(1).max(65_535).optional(),
    /** Read community (v1/v2c). @defaultValue `'public'` */
    community: credential.optional(),
    /** Write community used by `snmp.set` (v1/v2c). @defaultValue the read community */
    writeCommunity: credential.optional(),
    /** SNMPv3 user (required with version `'3'`). */
    v3: snmpV3Schema.optional(),
    /** SNMPv3 context name. */
    context: z.string().optional(),
    /** Per-request timeout. @defaultValue `'2s'` */
    timeout: duration.optional(),
    /** Retries per request after a timeout. @defaultValue 1 */
    retries: z.number().int().min(0).max(10).optional(),
    /** Starting GETBULK max-repetitions (shrunk automatically for agents that choke). @defaultValue 25 */
    maxRepetitions: z.number().int().min(1).max(1000).optional(),
    /** Use GETBULK (v2c/v3); `false` walks with GETNEXT. @defaultValue true */
    bulk: z.boolean().optional(),
    /** Whole-collection deadline: walks stop there and keep what they got. @defaultValue `'20s'` */
    deadline: duration.optional(),
  })
  .superRefine((config, ctx) => {
    if (config.version === '3' && !config.v3) {
      ctx.addIssue({ code: 'custom', path: ['v3'], message: "version '3' needs a v3 block: { user, level, … }" });
    }
    if (config.version !== '3' && config.v3) {
      ctx.addIssue({ code: 'custom', path: ['v3'], message: `a v3 block needs version '3' (got '${config.version}')` });
    }
  });

/** The `snmp` connection block of an asset, as written by the user. */
export type SnmpAssetConfig = z.input<typeof snmpAssetConfigSchema>;

// A check id (what core accepts, `{key}` allowed) or false.
const trapCheckId = z
  .union([
    z.literal(false),
    z.string().regex(/^[A-Za-z0-9{][A-Za-z0-9._{}-]{0,127}$/, 'a passive check id: letters, digits, ".", "_", "-", optionally with {key}'),
  ])
  .optional();

/**
 * The trap/inform receiver settings (`snmp({ traps })`). Communities and v3 users say who may
 * send: anything else is dropped and logged.
 *
 * @example
 * ```ts
 * snmp({ traps: { port: 1162, communities: [secret.env('SNMP_TRAP_COMMUNITY')] } })
 * ```
 */
export const snmpTrapOptionsSchema = z
  .strictObject({
    /** UDP port to listen on (162 needs privileges; 1162 is common). @defaultValue 162 */
    port: z.number().int().min(1).max(65_535).optional(),
    /** Address to bind. @defaultValue `'0.0.0.0'` (every IPv4 address) */
    address: z.string().min(1).optional(),
    /** Communities accepted from v1/v2c senders (secrets or strings). */
    communities: z.array(credential).optional(),
    /** SNMPv3 users accepted from v3 senders (traps and informs), with their keys. */
    users: z.array(snmpV3Schema).optional(),
    /** The receiver's SNMPv3 engine ID (hex, 10–64 digits), for informs. @defaultValue a random one per start */
    engineId: z
      .string()
      .regex(/^([0-9a-fA-F]{2}){5,32}$/, 'expected 10 to 64 hex digits')
      .optional(),
    /**
     * The passive checks well-known traps are submitted to, by kind; `false` stops submitting
     * that kind. `{key}` in an id is replaced by the interface (link) or alarm (UPS) the trap
     * is about, with characters a check id cannot hold turned into `_`, for one check per port.
     * A trap is submitted only when it is attached to an asset the check covers.
     * @defaultValue `snmp.trap.link`, `snmp.trap.restart`, `snmp.trap.auth`, `snmp.trap.ups.power`, `snmp.trap.ups.alarm`
     */
    checks: z
      .strictObject({
        /** linkDown / linkUp. */
        link: trapCheckId,
        /** coldStart / warmStart. */
        restart: trapCheckId,
        /** authenticationFailure. */
        auth: trapCheckId,
        /** UPS on battery (upsTrapOnBattery, upsAlarmOnBattery added / removed). */
        upsPower: trapCheckId,
        /** Other UPS-MIB alarms added / removed. */
        upsAlarm: trapCheckId,
      })
      .optional(),
    /**
     * Called with every accepted trap, after it was attached to its asset and mapped, besides
     * the `snmp:trap` event. Exceptions it throws are logged and ignored.
     */
    onTrap: z.custom<(trap: SnmpTrap) => void>((fn) => typeof fn === 'function', 'expected a function (trap) => void').optional(),
  })
  .superRefine((traps, ctx) => {
    if ((traps.communities?.length ?? 0) + (traps.users?.length ?? 0) === 0) {
      ctx.addIssue({ code: 'custom', message: 'name who may send traps: give communities (v1/v2c) or users (v3)' });
    }
  });

/** The trap receiver settings, as written. */
export type SnmpTrapOptions = z.input<typeof snmpTrapOptionsSchema>;

/** Options of the `snmp()` plugin factory. */
export const snmpPluginOptionsSchema = z
  .strictObject({
    /** Starts a trap/inform receiver when Warden starts (closed when it stops). */
    traps: snmpTrapOptionsSchema.optional(),
    /** Requests in flight per device at most. @defaultValue 4 */
    concurrencyPerDevice: z.number().int().min(1).max(64).optional(),
    /**
     * MIB module files (SMIv1/SMIv2 text, e.g. a vendor's `PowerNet-MIB.txt`) loaded into
     * net-snmp's module store when the plugin is set up, in order (imports first), so
     * `snmp.table` profiles may name objects `MODULE::object`. net-snmp's base modules
     * (SNMPv2-MIB, RFC1213-MIB, SNMPv2-SMI/TC/CONF, …) are always there.
     */
    mibs: z.array(z.string().min(1)).optional(),
    /** How many UDP sockets all devices share (requests are routed by agent address). @defaultValue 1 */
    sockets: z.number().int().min(1).max(64).optional(),
  })
  .optional();

/** Options of the `snmp()` plugin factory. */
export type SnmpPluginOptions = z.input<typeof snmpPluginOptionsSchema>;

/** Defaults applied to an asset's `snmp` block. */
export const SNMP_DEFAULTS = {
  /** Agent UDP port. */
  port: 161,
  /** Per-request timeout in milliseconds. */
  timeoutMs: 2_000,
  /** Retries per request after a timeout. */
  retries: 1,
  /** Starting GETBULK max-repetitions. */
  maxRepetitions: 25,
  /** Whole-collection deadline in milliseconds. */
  deadlineMs: 20_000,
  /** Requests in flight per device. */
  concurrencyPerDevice: 4,
  /** Trap receiver UDP port. */
  trapPort: 162,
} as const;
