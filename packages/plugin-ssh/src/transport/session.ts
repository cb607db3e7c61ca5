import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { Asset, HookContext, SecretLike } from '@warden/core';
import { parseDuration, WardenError } from '@warden/core';
import type { SshAssetSettings, SshJumpSettings, SshSettings } from '../options.js';
import { buildCommandLine, buildKillLine } from './command-line.js';
import { type ConnectTarget, openConnection } from './connection.js';
import { classifyError } from './errors.js';
import { describeKill, ExecInterrupted, type ExecResult, type KillOutcome, runOnChannel, timeoutError } from './exec.js';
import { SshPool } from './pool.js';
import { putFileAtomic } from './sftp.js';
import type { SshClient } from './ssh2.js';
import { createTrustStore, type TrustStore } from './trust-store.js';

/** Options of one remote command. */
export interface ExecOptions {
  /** Variables for the command. */
  env?: Readonly<Record<string, string>> | undefined;
  /** Standard input. */
  stdin?: string | Buffer | undefined;
  /** Deadline; on expiry the remote process group is killed. @defaultValue the plugin's commandTimeout */
  timeout?: number | string | undefined;
  /** Run through sudo as the asset's `ssh.sudo` says. @defaultValue false */
  sudo?: boolean | undefined;
  /** Per-stream output cap in bytes. @defaultValue the plugin's maxOutputBytes */
  maxOutputBytes?: number | undefined;
}

/** What a command produced, with its duration. */
export interface CommandResult extends ExecResult {
  /** Wall time in milliseconds, queueing included. */
  durationMs: number;
}

/** The connection layer the plugin's hooks use. */
export interface SshSessions {
  /** Runs a command (argv, quoted for the remote shell). Timeouts kill the remote process group. */
  exec(asset: Asset, argv: readonly string[], ctx: HookContext, options?: ExecOptions): Promise<CommandResult>;
  /** Writes a file atomically over SFTP. */
  putFile(asset: Asset, path: string, content: Buffer, ctx: HookContext, mode?: number): Promise<number>;
  /** Connects (or reuses the connection) without running anything; returns the connect time in ms. */
  connect(asset: Asset, ctx: HookContext): Promise<number>;
  /** Drops the asset's pooled connection (after a reboot). */
  forget(asset: Asset): void;
  /** The pool, for diagnostics. */
  readonly pool: SshPool;
  /** Closes every connection. */
  dispose(): Promise<void>;
}

interface Resolved {
  key: string;
  label: string;
  config: SshAssetSettings;
  open: () => Promise<SshClient>;
}

/**
 * Creates the plugin's connection layer from its validated options.
 *
 * @param settings - plugin options
 * @returns the sessions object
 */
export function createSshSessions(settings: SshSettings): SshSessions {
  const idleTimeoutMs = parseDuration(settings.idleTimeout ?? '5m', 'idleTimeout');
  const connectTimeoutMs = parseDuration(settings.connectTimeout ?? '10s', 'connectTimeout');
  const commandTimeoutMs = parseDuration(settings.commandTimeout ?? '60s', 'commandTimeout');
  const maxOutputBytes = settings.maxOutputBytes ?? 1024 * 1024;
  const pool = new SshPool({ maxSessions: settings.maxSessions ?? 10, idleTimeoutMs });
  const defaultTrust = createTrustStore(settings.knownHosts);
  const trustByOption = new Map<unknown, TrustStore>();

  const trustFor = (option: SshAssetSettings['knownHosts']): TrustStore => {
    if (option === undefined) return defaultTrust;
    let store = trustByOption.get(option);
    if (!store) {
      store = createTrustStore(option);
      trustByOption.set(option, store);
    }
    return store;
  };

  const credentialId = (c: SecretLike | undefined) => (c === undefined ? '-' : typeof c === 'string' ? 'plain' : c.description);

  async function target(
    cfg: SshAssetSettings | SshJumpSettings,
    host: string,
    label: string,
    ctx: HookContext,
    keepalive: SshAssetSettings['keepalive'],
  ): Promise<ConnectTarget> {
    const ka = keepalive ?? settings.keepalive ?? {};
    const t: ConnectTarget = {
      host,
      port: cfg.port ?? 22,
      username: cfg.username,
      timeoutMs: connectTimeoutMs,
      trust: trustFor(cfg.knownHosts),
      label,
    };
    if (ka !== false) t.keepalive = { intervalMs: parseDuration(ka.interval ?? '15s', 'keepalive.interval'), countMax: ka.countMax ?? 3 };
    if (cfg.privateKey !== undefined) t.privateKey = await ctx.secrets.reveal(cfg.privateKey);
    if (cfg.passphrase !== undefined) t.passphrase = await ctx.secrets.reveal(cfg.passphrase);
    if (cfg.password !== undefined) t.password = await ctx.secrets.reveal(cfg.password);
    if (cfg.agent !== undefined) {
      const sock = cfg.agent === true ? process.env.SSH_AUTH_SOCK : cfg.agent;
      if (sock === undefined) throw new WardenError('ERR_CONFIG_INVALID', `ssh to ${label}: agent: true but SSH_AUTH_SOCK is not set`);
      t.agent = sock;
    }
    if ('algorithms' in cfg && cfg.algorithms !== undefined) t.algorithms = cfg.algorithms as NonNullable<ConnectTarget['algorithms']>;
    return t;
  }

  function resolve(asset: Asset, ctx: HookContext): Resolved {
    const config = (asset as { ssh?: SshAssetSettings }).ssh;
    if (config === undefined) {
      throw new WardenError(
        'ERR_CONFIG_INVALID',
        `asset "${asset.id}" has no ssh block; add ssh: { username, privateKey | password | agent }`,
      );
    }
    const host = config.host ?? asset.address ?? asset.id;
    const port = config.port ?? 22;
    const label = `${asset.id} (${host}:${port})`;
    const jumps = config.jump === undefined ? [] : Array.isArray(config.jump) ? config.jump : [config.jump];
    // Each hop's key names the path to it: one host reached through different bastions is a
    // different connection.
    const hopKeys: string[] = [];
    for (const hop of jumps) {
      const via = hopKeys.length ? ` via ${hopKeys[hopKeys.length - 1]}` : '';
      hopKeys.push(`${hop.username}@${hop.host}:${hop.port ?? 22}#${credentialId(hop.privateKey)}|${credentialId(hop.password)}${via}`);
    }
    const lastHop = hopKeys[hopKeys.length - 1];
    const key = `${config.username}@${host}:${port}#${credentialId(config.privateKey)}|${credentialId(config.password)}${lastHop ? ` via ${lastHop}` : ''}${config.algorithms ? ` ${JSON.stringify(config.algorithms)}` : ''}`;
    // A stream to host:port through an open hop (direct-tcpip).
    const forward = (hop: SshClient, toHost: string, toPort: number, toLabel: string, username: string) =>
      new Promise<Duplex>((ok, fail) =>
        hop.forwardOut('127.0.0.1', 0, toHost, toPort, (err, ch) =>
          err ? fail(classifyError(err, { label: toLabel, username })) : ok(ch),
        ),
      );
    // Opens a connection through a held one: the hold lasts as long as the new connection.
    const through = async (held: { client: SshClient; release: () => void }, opening: (via: SshClient) => Promise<SshClient>) => {
      try {
        const client = await opening(held.client);
        client.once('close', held.release);
        return client;
      } catch (err) {
        held.release();
        throw err;
      }
    };
    // A hold on hop i, opening it (through hop i − 1, held while hop i lives) when needed.
    const holdHop = (i: number): Promise<{ client: SshClient; release: () => void }> => {
      const hop = jumps[i] as SshJumpSettings;
      const hopLabel = `jump host ${hop.host}:${hop.port ?? 22} for ${asset.id}`;
      return pool.connection(hopKeys[i] as string, async () => {
        const hopTarget = await target(hop, hop.host, hopLabel, ctx, config.keepalive);
        if (i === 0) return openConnection(hopTarget);
        return through(await holdHop(i - 1), async (via) =>
          openConnection(hopTarget, await forward(via, hop.host, hop.port ?? 22, hopLabel, hop.username)),
        );
      });
    };
    const open = async () => {
      const t = await target(config, host, label, ctx, config.keepalive);
      if (jumps.length === 0) return openConnection(t);
      return through(await holdHop(jumps.length - 1), async (via) =>
        openConnection(t, await forward(via, host, port, label, config.username)),
      );
    };
    return { key, label, config, open };
  }

  async function exec(asset: Asset, argv: readonly string[], ctx: HookContext, options: ExecOptions = {}): Promise<CommandResult> {
    const r = resolve(asset, ctx);
    const started = performance.now();
    const sudoCfg = options.sudo ? (r.config.sudo ?? true) : false;
    const sudo = sudoCfg === false ? false : sudoCfg === true ? 'nopasswd' : 'password';
    const sudoPassword = typeof sudoCfg === 'object' ? await ctx.secrets.reveal(sudoCfg.password) : undefined;
    const timeoutMs = options.timeout === undefined ? commandTimeoutMs : parseDuration(options.timeout, 'timeout');
    const runId = randomBytes(8).toString('hex');
    const announce = sudoPassword !== undefined;
    const line = buildCommandLine(argv, { env: options.env, sudo, runId, announce });
    const use = { maxSessions: r.config.maxSessions, signal: ctx.signal };
    try {
      const result = await pool.use(
        r.key,
        r.open,
        (client) =>
          runOnChannel(client, line, {
            stdin: options.stdin,
            sudoPassword,
            expectMarker: announce,
            maxOutputBytes: options.maxOutputBytes ?? maxOutputBytes,
            timeoutMs,
            signal: ctx.signal,
          }),
        use,
      );
      return { ...result, durationMs: performance.now() - started };
    } catch (err) {
      if (!(err instanceof ExecInterrupted)) throw classifyError(err, { label: r.label, username: r.config.username });
      // A fresh slot: the timed-out channel was closed (and its slot freed) already.
      const killed = await pool
        .use(r.key, r.open, (client) =>
          runOnChannel(client, buildKillLine(runId, sudo !== false), { expectMarker: false, maxOutputBytes: 1024, timeoutMs: 10_000 }),
        )
        .catch(() => undefined);
      const word = killed?.stdout.trim();
      const fate: KillOutcome = word === 'gone' ? 'gone' : word === 'alive' ? 'alive' : 'unknown';
      ctx.logger.warn({ argv0: argv[0], runId, fate }, `ssh command ${err.reason === 'abort' ? 'aborted' : 'timed out'}`);
      if (err.reason === 'abort') throw new WardenError('ERR_ABORTED', `${argv[0]} on ${r.label} was aborted; ${describeKill(fate)}`);
      throw timeoutError(r.label, argv[0] ?? '', timeoutMs, fate);
    }
  }

  return {
    pool,
    exec,
    async putFile(asset, path, content, ctx, mode) {
      const r = resolve(asset, ctx);
      try {
        return await pool.use(r.key, r.open, (client) => putFileAtomic(client, path, content, { mode }), {
          maxSessions: r.config.maxSessions,
          signal: ctx.signal,
        });
      } catch (err) {
        throw classifyError(err, { label: r.label, username: r.config.username });
      }
    },
    async connect(asset, ctx) {
      const r = resolve(asset, ctx);
      const started = performance.now();
      const { release } = await pool.connection(r.key, r.open);
      release();
      return performance.now() - started;
    },
    forget(asset) {
      const config = (asset as { ssh?: SshAssetSettings }).ssh;
      if (!config) return;
      pool.dropMatching(`${config.username}@${config.host ?? asset.address ?? asset.id}:${config.port ?? 22}#`);
    },
    dispose: () => pool.dispose(),
  };
}
