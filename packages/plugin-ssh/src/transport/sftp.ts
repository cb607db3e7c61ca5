import { randomBytes } from 'node:crypto';
import { runOnChannel } from './exec.js';
import { quoteArgv } from './shell-quote.js';
import type { SFTPWrapper, SshClient } from './ssh2.js';

/** How to write a remote file. */
export interface PutFileOptions {
  /** File mode for the new file. @defaultValue 0o644 */
  mode?: number | undefined;
}

function sftpSession(client: SshClient): Promise<SFTPWrapper> {
  return new Promise((resolve, reject) => client.sftp((err, sftp) => (err ? reject(err) : resolve(sftp))));
}

function call<T>(fn: (cb: (err: Error | null | undefined, value?: T) => void) => void): Promise<T | undefined> {
  return new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));
}

// ssh2 refuses posix-rename when the server did not announce it (non-OpenSSH SFTP servers).
const isUnsupported = (err: unknown) => err instanceof Error && /does not support this extended request/.test(err.message);

/**
 * Writes a file over SFTP atomically: the content goes to a temporary name in the same
 * directory, which is then renamed over the target (OpenSSH's posix-rename), so readers never
 * see a half-written file. A server without posix-rename gets the rename as `mv -f` (rename(2),
 * as atomic) on an exec channel once the SFTP channel is closed; plain SFTP rename refuses to
 * replace an existing file.
 *
 * @param client - a ready connection
 * @param path - absolute remote path
 * @param content - the bytes
 * @param options - mode
 * @returns the number of bytes written
 * @throws Error from the SFTP server, or when the `mv` fallback fails
 */
export async function putFileAtomic(client: SshClient, path: string, content: Buffer, options: PutFileOptions = {}): Promise<number> {
  const sftp = await sftpSession(client);
  const temp = `${path}.warden-${randomBytes(6).toString('hex')}.tmp`;
  let renamed = false;
  try {
    await call<void>((cb) => sftp.writeFile(temp, content, { mode: options.mode ?? 0o644 }, (err) => cb(err)));
    try {
      await call<void>((cb) => sftp.ext_openssh_rename(temp, path, (err) => cb(err)));
      renamed = true;
    } catch (err) {
      if (!isUnsupported(err)) throw err;
    }
  } catch (err) {
    await call<void>((cb) => sftp.unlink(temp, (e) => cb(e))).catch(() => undefined);
    throw err;
  } finally {
    sftp.end();
  }
  if (!renamed) {
    // One channel at a time: the SFTP channel is closed before the exec channel opens.
    const moved = await runOnChannel(client, quoteArgv(['mv', '-f', '--', temp, path]), {
      expectMarker: false,
      maxOutputBytes: 4096,
      timeoutMs: 30_000,
    });
    if (moved.exitCode !== 0) {
      await runOnChannel(client, quoteArgv(['rm', '-f', '--', temp]), {
        expectMarker: false,
        maxOutputBytes: 1024,
        timeoutMs: 10_000,
      }).catch(() => undefined);
      throw new Error(`mv into place failed (exit ${moved.exitCode}): ${moved.stderr.trim()}`);
    }
  }
  return content.length;
}
