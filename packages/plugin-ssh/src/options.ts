import { zSecret } from '@warden/core';
import { z } from 'zod';
import { durationSchema } from './duration-schema.js';

const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}=?$/;

/** Where trusted host keys come from (OpenSSH `known_hosts` file or text, pinned fingerprints). */
export const knownHostsSchema = z.union([
  z.string().min(1, 'expected the path of a known_hosts file'),
  z
    .strictObject({
      /** A known_hosts file (read again when it changes; TOFU entries are appended to it). */
      file: z.string().min(1).optional(),
      /** known_hosts lines given inline. */
      text: z.string().optional(),
      /** Pinned `SHA256:` fingerprints (as `ssh-keygen -lf` prints them). */
      fingerprints: z.array(z.string().regex(FINGERPRINT, 'expected a fingerprint such as "SHA256:…" (43 base64 characters)')).optional(),
      /** Accept and record the key of a host seen for the first time. Needs `file`. */
      trustOnFirstUse: z.boolean().optional(),
    })
    .refine((v) => !v.trustOnFirstUse || v.file !== undefined, {
      message: 'trustOnFirstUse needs a file to record the keys in; set knownHosts.file',
      path: ['trustOnFirstUse'],
    }),
]);

/** Trusted host keys: a known_hosts path, or an object with file, inline text, fingerprints and TOFU. */
export type KnownHostsOption = z.input<typeof knownHostsSchema>;

const algorithmList = z.array(z.string().min(1)).min(1);

/** ssh2 algorithm overrides (each list replaces the default, in order of preference). */
export const algorithmsSchema = z.strictObject({
  /** Key exchange (`curve25519-sha256`, `ecdh-sha2-nistp256`, …). */
  kex: algorithmList.optional(),
  /** Ciphers (`aes128-gcm@openssh.com`, `chacha20-poly1305@openssh.com`, …). */
  cipher: algorithmList.optional(),
  /** Host key types accepted from the server (`ssh-ed25519`, `ecdsa-sha2-nistp256`, `rsa-sha2-512`, …). */
  serverHostKey: algorithmList.optional(),
  /** MACs, for ciphers without built-in integrity (`hmac-sha2-256-etm@openssh.com`, …). */
  hmac: algorithmList.optional(),
  /** Compression (`none`, `zlib@openssh.com`). */
  compress: algorithmList.optional(),
});

const keepaliveSchema = z.union([
  z.literal(false),
  z.strictObject({
    /**
     * Keepalive period: a peer silent for `interval × countMax` is declared dead, its commands
     * fail and the next command reconnects. @defaultValue '15s'
     */
    interval: durationSchema.optional(),
    /** Keepalives sent, unanswered, before the connection is declared dead. @defaultValue 3 */
    countMax: z.number().int().positive().optional(),
  }),
]);

const credentials = {
  /** TCP port. @defaultValue 22 */
  port: z.number().int().min(1).max(65535).optional(),
  /** Login name. */
  username: z.string().min(1, 'expected the login name'),
  /** Private key (PEM or OpenSSH format) as a secret. */
  privateKey: zSecret().optional(),
  /** Passphrase of an encrypted private key. */
  passphrase: zSecret().optional(),
  /** Password authentication. */
  password: zSecret().optional(),
  /** ssh-agent socket path; `true` uses `SSH_AUTH_SOCK`. */
  agent: z.union([z.literal(true), z.string().min(1)]).optional(),
};

/** A jump host (bastion): reached first, the target is then reached through it. */
export const jumpSchema = z.strictObject({
  /** Name or address of the jump host. */
  host: z.string().min(1, 'expected the jump host name or address'),
  ...credentials,
  /** Trusted host keys of the jump host. @defaultValue the plugin's `knownHosts` */
  knownHosts: knownHostsSchema.optional(),
});

/** The `ssh` block of an asset. */
export const sshAssetSchema = z
  .strictObject({
    ...credentials,
    /** Host to connect to. @defaultValue the asset's `address`, else its `id` */
    host: z.string().min(1).optional(),
    /** A bastion to go through, or a chain of them (first reached first, as `ProxyJump a,b`). */
    jump: z.union([jumpSchema, z.array(jumpSchema).min(1).max(8)]).optional(),
    /** Algorithm overrides. */
    algorithms: algorithmsSchema.optional(),
    /** Keepalive (dead peers detected); `false` turns it off. @defaultValue `{ interval: '15s', countMax: 3 }` */
    keepalive: keepaliveSchema.optional(),
    /** Trusted host keys for this asset, replacing the plugin's. */
    knownHosts: knownHostsSchema.optional(),
    /** Channels per connection (the server's MaxSessions). */
    maxSessions: z.number().int().min(1).max(100).optional(),
    /** Run commands through `sudo -n` (or with a password given over stdin). */
    sudo: z
      .union([
        z.boolean(),
        z.strictObject({
          /** The account's password, written to `sudo -S` only when sudo prompts. */
          password: zSecret(),
        }),
      ])
      .optional(),
  })
  .refine((v) => v.privateKey !== undefined || v.password !== undefined || v.agent !== undefined, {
    message: 'no credentials: set privateKey, password or agent',
    path: ['privateKey'],
  });

/** The `ssh` block of an asset, as written. */
export type SshAssetConfig = z.input<typeof sshAssetSchema>;
/** The `ssh` block of an asset, validated. */
export type SshAssetSettings = z.output<typeof sshAssetSchema>;
/** A jump host, validated. */
export type SshJumpSettings = z.output<typeof jumpSchema>;

/** Options of the `ssh()` plugin factory. */
export const sshOptionsSchema = z.strictObject({
  /** Trusted host keys for every asset (an asset's `ssh.knownHosts` replaces it). */
  knownHosts: knownHostsSchema.optional(),
  /** Channels per connection before requests queue. @defaultValue 10 (OpenSSH's MaxSessions) */
  maxSessions: z.number().int().min(1).max(100).optional(),
  /** Close a connection unused for this long. @defaultValue '5m' */
  idleTimeout: durationSchema.optional(),
  /** TCP connect plus handshake and authentication. @defaultValue '10s' */
  connectTimeout: durationSchema.optional(),
  /** Default command timeout. @defaultValue '60s' */
  commandTimeout: durationSchema.optional(),
  /** Bytes kept per output stream; the rest is dropped and the result marked truncated. @defaultValue 1 MiB */
  maxOutputBytes: z.number().int().positive().optional(),
  /** Keepalive for every connection (an asset may override). */
  keepalive: keepaliveSchema.optional(),
  /** Commands `ssh.exec` may run: each entry is an argv prefix (`['systemctl', 'status']`). */
  allowCommands: z.array(z.array(z.string().min(1)).min(1)).optional(),
});

/** Options of the `ssh()` plugin factory, as written. */
export type SshOptions = z.input<typeof sshOptionsSchema>;
/** Options of the `ssh()` plugin factory, validated. */
export type SshSettings = z.output<typeof sshOptionsSchema>;
