import { randomBytes } from 'node:crypto';
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

/**
 * Writes a file over SFTP atomically: the content goes to a temporary name in the same
 * directory, which is then renamed over the target (OpenSSH's posix-rename), so readers never
 * see a half-written file.
 *
 * @param client - a ready connection
 * @param path - absolute remote path
 * @param content - the bytes
 * @param options - mode
 * @returns the number of bytes written
 */
export async function putFileAtomic(client: SshClient, path: string, content: Buffer, options: PutFileOptions = {}): Promise<number> {
  const sftp = await sftpSession(client);
  const temp = `${path}.warden-${randomBytes(6).toString('hex')}.tmp`;
  try {
    await call<void>((cb) => sftp.writeFile(temp, content, { mode: options.mode ?? 0o644 }, (err) => cb(err)));
    await call<void>((cb) => sftp.ext_openssh_rename(temp, path, (err) => cb(err)));
    return content.length;
  } catch (err) {
    await call<void>((cb) => sftp.unlink(temp, (e) => cb(e))).catch(() => undefined);
    throw err;
  } finally {
    sftp.end();
  }
}
