import type { SshClient } from './ssh2.js';

// Why each connection ended, kept beside the client so a command whose channel closed can tell
// "the command finished" from "the connection died under it" without a listener per channel.
const losses = new WeakMap<SshClient, Error>();

/**
 * Starts recording why a ready connection ends: the first error it reports (ssh2's
 * `Keepalive timeout`, a socket reset), else a plain "closed".
 *
 * @param client - a ready connection
 */
export function watchConnectionLoss(client: SshClient): void {
  client.on('error', (err: Error) => {
    if (!losses.has(client)) losses.set(client, err);
  });
  // ssh2 emits the client's `close` before it closes the channels left open.
  client.once('close', () => {
    if (!losses.has(client))
      losses.set(client, Object.assign(new Error('connection closed while a command ran'), { level: 'client-socket' }));
  });
}

/**
 * Why the connection ended, if it did.
 *
 * @param client - the connection
 * @returns the error that ended it, or undefined while it is up
 */
export function connectionLoss(client: SshClient): Error | undefined {
  return losses.get(client);
}

/**
 * Whether ssh2 refused to open a channel because the connection was already gone (nothing
 * was sent, so running the command on a new connection is safe).
 *
 * @param err - what `exec`/`sftp` threw
 * @returns true for ssh2's "Not connected"
 */
export function isNotConnected(err: unknown): boolean {
  return err instanceof Error && err.message === 'Not connected';
}
