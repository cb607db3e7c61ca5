import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WardenError } from '@warden/core';
import { watchConnectionLoss } from './connection-loss.js';
import { classifyError } from './errors.js';
import { decideHostKey, hostKeyAlgorithmsFor } from './known-hosts.js';
import { type Algorithms, type ConnectConfig, SshClient } from './ssh2.js';
import type { TrustStore } from './trust-store.js';

/** Everything needed to open one SSH connection, secrets already revealed. */
export interface ConnectTarget {
  /** Host name or address. */
  host: string;
  /** TCP port. */
  port: number;
  /** Login name. */
  username: string;
  /** Private key text. */
  privateKey?: string;
  /** Its passphrase. */
  passphrase?: string;
  /** Password. */
  password?: string;
  /** ssh-agent socket path. */
  agent?: string;
  /** Algorithm overrides. */
  algorithms?: Algorithms;
  /** Keepalive: the peer is declared dead after `intervalMs × countMax` without an answer; `undefined` disables. */
  keepalive?: { intervalMs: number; countMax: number };
  /** Handshake + authentication deadline in ms. */
  timeoutMs: number;
  /** Trusted host keys. */
  trust: TrustStore;
  /** `web-1 (10.0.0.5:22)`: names the target in messages. */
  label: string;
}

/**
 * Opens an authenticated SSH connection. The TCP socket gets TCP_NODELAY before the handshake
 * (without it, Nagle plus delayed ACKs cost ~40 ms per command); the host key is checked
 * against the trust store before anything else is sent.
 *
 * @param target - where and how to connect
 * @param via - a stream to run SSH over (a jump host's forwarded channel) instead of a socket
 * @returns the ready client
 * @throws WardenError `ERR_HOSTKEY_MISMATCH`, `ERR_AUTH`, `ERR_UNREACHABLE`, `ERR_TIMEOUT` or `ERR_PROTOCOL`
 */
export async function openConnection(target: TrustedTarget, via?: Duplex): Promise<SshClient> {
  const trusted = await target.trust.load();
  const client = new SshClient();
  let hostKeyError: WardenError | undefined;
  let handshaking = true;
  const offered = new Map<string, { local: string[]; remote: string[] }>();
  const site = { label: target.label, username: target.username };

  let sock: Duplex;
  if (via) sock = via;
  else {
    const tcp = new Socket();
    tcp.setNoDelay(true);
    tcp.connect({ host: target.host, port: target.port });
    sock = tcp;
  }

  const algorithms: Algorithms = { ...target.algorithms };
  if (algorithms.serverHostKey === undefined) {
    const hinted = hostKeyAlgorithmsFor(trusted.entries, target.host, target.port);
    if (hinted) algorithms.serverHostKey = hinted as NonNullable<Algorithms['serverHostKey']>;
  }

  const config: ConnectConfig = {
    sock,
    username: target.username,
    readyTimeout: target.timeoutMs,
    algorithms,
    ...keepaliveSettings(target.keepalive),
    // Straight to the configured methods: by default ssh2 first tries "none", a round trip in
    // which sshd looks the account up for nothing (~10 ms of a fresh connection here).
    authHandler: [
      ...(target.privateKey !== undefined ? ['publickey' as const] : []),
      ...(target.agent !== undefined ? ['agent' as const] : []),
      ...(target.password !== undefined ? ['password' as const] : []),
    ],
    // Capture the algorithm lists ssh2 logs during key exchange, for a useful kex error.
    debug: (line: string) => {
      if (!handshaking) return;
      const m = /^Handshake: \((local|remote)\) ([^:]+): (.*)$/.exec(line);
      if (m === null) return;
      const what = (m[2] ?? '').toLowerCase();
      const lists = offered.get(what) ?? { local: [], remote: [] };
      // ext-info-* and kex-strict-* are protocol flags riding in the list, not algorithms.
      lists[m[1] === 'local' ? 'local' : 'remote'] = (m[3] ?? '').split(',').filter((x) => x !== '' && !/^(ext-info-|kex-strict-)/.test(x));
      offered.set(what, lists);
    },
    hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
      const decision = decideHostKey(trusted, target.host, target.port, key);
      if (decision.verdict === 'trusted') return verify(true);
      if (decision.verdict === 'unknown' && target.trust.trustOnFirstUse) {
        target.trust.record(target.host, target.port, key).then(
          () => verify(true),
          (err: unknown) => {
            hostKeyError = new WardenError('ERR_CONFIG_INVALID', `ssh to ${target.label}: cannot record its host key (${String(err)})`, {
              cause: err,
            });
            verify(false);
          },
        );
        return;
      }
      hostKeyError = hostKeyErrorFor(decision, target);
      verify(false);
    },
  };
  if (target.privateKey !== undefined) config.privateKey = target.privateKey;
  if (target.passphrase !== undefined) config.passphrase = target.passphrase;
  if (target.password !== undefined) config.password = target.password;
  if (target.agent !== undefined) config.agent = target.agent;

  return await new Promise<SshClient>((resolve, reject) => {
    const fail = (err: unknown) => {
      handshaking = false;
      client.removeAllListeners('ready');
      client.on('error', () => {});
      client.end();
      if ('destroy' in sock) sock.destroy();
      reject(hostKeyError ?? classifyError(err, site, offeredFor(err, offered)));
    };
    client.once('error', fail);
    client.once('close', () => fail(Object.assign(new Error('connection closed during handshake'), { level: 'client-socket' })));
    client.once('ready', () => {
      handshaking = false;
      client.removeListener('error', fail);
      client.removeAllListeners('close');
      watchConnectionLoss(client);
      resolve(client);
    });
    try {
      client.connect(config);
    } catch (err) {
      fail(err);
    }
  });
}

/**
 * ssh2's keepalive settings for "dead after `intervalMs × countMax` of silence". ssh2 sends a
 * keepalive at each tick and gives up at the tick after `countMax` went unanswered, so it
 * ticks `countMax + 1` times per deadline: `countMax` keepalives are sent, and the verdict
 * comes exactly `intervalMs × countMax` after the peer last answered.
 *
 * @param keepalive - the asset's keepalive, or undefined when off
 * @returns `keepaliveInterval` (0 = off) and `keepaliveCountMax` for ssh2
 */
export function keepaliveSettings(keepalive: ConnectTarget['keepalive']): { keepaliveInterval: number; keepaliveCountMax: number } {
  if (keepalive === undefined || keepalive.intervalMs <= 0) return { keepaliveInterval: 0, keepaliveCountMax: 0 };
  const { intervalMs, countMax } = keepalive;
  return { keepaliveInterval: Math.max(1, Math.floor((intervalMs * countMax) / (countMax + 1))), keepaliveCountMax: countMax };
}

/** A connect target (re-exported name for the pool). */
export type TrustedTarget = ConnectTarget;

function hostKeyErrorFor(decision: ReturnType<typeof decideHostKey>, target: ConnectTarget): WardenError {
  const at = `ssh to ${target.label}`;
  if (decision.verdict === 'revoked') {
    return new WardenError(
      'ERR_HOSTKEY_MISMATCH',
      `${at}: the server offered a REVOKED host key ${decision.fingerprint} (known_hosts line ${decision.line}); nothing was sent. Investigate before trusting this host`,
    );
  }
  if (decision.verdict === 'mismatch') {
    return new WardenError(
      'ERR_HOSTKEY_MISMATCH',
      `${at}: host key mismatch: expected ${decision.expected.join(' or ')}, offered ${decision.fingerprint}; nothing was sent. If the key was legitimately changed, update ${target.trust.description}`,
    );
  }
  return new WardenError(
    'ERR_HOSTKEY_MISMATCH',
    `${at}: unknown host key ${decision.fingerprint} (not in ${target.trust.description}); nothing was sent. Verify it and add it to known_hosts, pin it in knownHosts.fingerprints, or enable knownHosts.trustOnFirstUse`,
  );
}

// ssh2 says "no matching key exchange algorithm", "no matching host key format", "no matching
// C->S cipher", …: pick the lists it logged for that negotiation.
function offeredFor(err: unknown, offered: Map<string, { local: string[]; remote: string[] }>) {
  const message = (err as Error | undefined)?.message?.toLowerCase() ?? '';
  const m = /no matching (.*)$/.exec(message);
  if (m === null) return undefined;
  const want = (m[1] ?? '').replace('key exchange algorithm', 'kex method');
  return offered.get(want);
}
