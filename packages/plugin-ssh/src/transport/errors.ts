import { WardenError } from '@warden/core';

/** Where a connection was going, for messages. */
export interface ConnectSite {
  /** `web-1 (10.0.0.5:22)` style label. */
  label: string;
  /** Login name. */
  username: string;
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'EPIPE',
  'EADDRNOTAVAIL',
]);

/**
 * Turns an ssh2 or socket error into a coded WardenError saying what failed and what to do.
 *
 * @param err - what ssh2 emitted
 * @param site - the target, for the message
 * @param algorithms - the local and remote algorithm lists seen during key exchange, if any
 * @returns the classified error (a WardenError passes through unchanged)
 */
export function classifyError(err: unknown, site: ConnectSite, algorithms?: { local: string[]; remote: string[] }): WardenError {
  if (err instanceof WardenError) return err;
  const e = err as Error & { level?: string; code?: string };
  const message = e?.message ?? String(err);
  const at = `ssh to ${site.label} as ${site.username}`;
  // ssh2 reads the key before connecting: a wrong passphrase or a bad key never reaches the server.
  if (/Cannot parse privateKey|does not contain a \(valid\) private key/.test(message)) {
    return new WardenError(
      'ERR_CONFIG_INVALID',
      `${at}: the private key cannot be used (${message}); check ssh.privateKey and ssh.passphrase. Nothing was sent`,
      { cause: err },
    );
  }
  if (e.level === 'client-authentication') {
    return new WardenError(
      'ERR_AUTH',
      `${at}: authentication failed (${message}); check the key or password and the account's authorized_keys`,
      {
        cause: err,
      },
    );
  }
  if (e.level === 'client-timeout' || e.code === 'ETIMEDOUT') {
    const what = /keepalive/i.test(message) ? 'the server stopped answering keepalives' : 'no handshake in time';
    return new WardenError('ERR_TIMEOUT', `${at}: ${what} (${message}); check that the host is up and the port is right`, { cause: err });
  }
  if (e.code !== undefined && UNREACHABLE.has(e.code)) {
    return new WardenError('ERR_UNREACHABLE', `${at}: ${e.code} (${message}); check the address, port and firewall`, { cause: err });
  }
  if (/no matching/i.test(message)) {
    const lists = algorithms
      ? `; offered by us: ${algorithms.local.join(', ') || '(none)'}; offered by the server: ${algorithms.remote.join(', ') || '(none)'}`
      : '';
    return new WardenError(
      'ERR_PROTOCOL',
      `${at}: key exchange failed (${message})${lists}; adjust ssh.algorithms or the server's configuration`,
      {
        cause: err,
      },
    );
  }
  if (e.level === 'client-socket' || /closed|socket/i.test(message)) {
    return new WardenError('ERR_UNREACHABLE', `${at}: connection lost (${message}); check the server's logs (MaxStartups, limits)`, {
      cause: err,
    });
  }
  return new WardenError('ERR_PROTOCOL', `${at}: ${message}`, { cause: err });
}
