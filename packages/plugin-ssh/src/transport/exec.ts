import { WardenError } from '@warden/core';
import { STARTED_MARKER, SUDO_PROMPT } from './command-line.js';
import { connectionLoss } from './connection-loss.js';
import type { ClientChannel, SshClient } from './ssh2.js';

/** What a remote command produced. */
export interface ExecResult {
  /** Exit status, or `null` when it ended by a signal or was killed. */
  exitCode: number | null;
  /** The signal that ended it, if any. */
  signal: string | undefined;
  /** Standard output (UTF-8), at most `maxOutputBytes`. */
  stdout: string;
  /** Standard error (UTF-8, without the wrapper's marker line), at most `maxOutputBytes`. */
  stderr: string;
  /** Whether output beyond `maxOutputBytes` was dropped. */
  truncated: boolean;
}

/** Options for one channel's run. */
export interface ChannelRunOptions {
  /** Bytes for the command's standard input. */
  stdin?: string | Buffer | undefined;
  /** The sudo password, written only when sudo prompts for it. */
  sudoPassword?: string | undefined;
  /** Whether the command line prints the started marker first (sudo password mode). */
  expectMarker: boolean;
  /** Per-stream output cap. */
  maxOutputBytes: number;
  /** Deadline (ms) after which the channel is closed and `onTimeout` decides the rest. */
  timeoutMs: number;
  /** Aborts like a timeout. */
  signal?: AbortSignal | undefined;
}

/** A run that did not finish (its channel is closed; the remote processes may live on). */
export class ExecInterrupted extends Error {
  /**
   * @param reason - timeout or abort
   * @param partial - what was read before
   */
  constructor(
    readonly reason: 'timeout' | 'abort',
    readonly partial: { stdout: string; stderr: string },
  ) {
    super(reason === 'timeout' ? 'command timed out' : 'command aborted');
  }
}

class Capped {
  readonly chunks: Buffer[] = [];
  size = 0;
  truncated = false;
  constructor(readonly max: number) {}
  push(chunk: Buffer): void {
    const room = this.max - this.size;
    if (room <= 0) {
      this.truncated = true;
      return;
    }
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (part.length < chunk.length) this.truncated = true;
    this.chunks.push(part);
    this.size += part.length;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * Runs one command line on a new channel of `client` and collects its output.
 *
 * @param client - a ready connection
 * @param line - the command line (from `buildCommandLine`)
 * @param options - stdin, caps, deadline
 * @returns the result when the command finished
 * @throws ExecInterrupted on timeout or abort (the channel is closed; the caller kills the group)
 */
export function runOnChannel(client: SshClient, line: string, options: ChannelRunOptions): Promise<ExecResult> {
  return new Promise<ExecResult>((resolve, reject) => {
    if (options.signal?.aborted) return reject(new ExecInterrupted('abort', { stdout: '', stderr: '' }));
    const onChannel = (err: Error | undefined, channel: ClientChannel) => {
      if (err) return reject(err);
      const stdout = new Capped(options.maxOutputBytes);
      const stderr = new Capped(options.maxOutputBytes);
      let head = '';
      let started = !options.expectMarker;
      let exitCode: number | null = null;
      let exitSignal: string | undefined;
      let settled = false;
      let stdinSent = false;

      const sendStdin = (ch: ClientChannel) => {
        if (stdinSent) return;
        stdinSent = true;
        if (options.stdin !== undefined) ch.end(options.stdin);
        else ch.end();
      };
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const interrupt = (reason: 'timeout' | 'abort') =>
        finish(() => {
          channel.close();
          reject(new ExecInterrupted(reason, { stdout: stdout.text(), stderr: stderr.text() }));
        });
      const onAbort = () => interrupt('abort');
      const timer = setTimeout(() => interrupt('timeout'), options.timeoutMs);
      options.signal?.addEventListener('abort', onAbort, { once: true });

      channel.on('data', (chunk: Buffer) => stdout.push(chunk));
      channel.stderr.on('data', (chunk: Buffer) => {
        if (started) return stderr.push(chunk);
        // Before the command starts: sudo's prompt, then the wrapper's started line.
        head += chunk.toString('latin1');
        if (options.sudoPassword !== undefined && head.includes(SUDO_PROMPT)) {
          head = head.replace(SUDO_PROMPT, '');
          channel.write(`${options.sudoPassword}\n`);
        }
        const at = head.indexOf(STARTED_MARKER);
        const nl = at >= 0 ? head.indexOf('\n', at) : -1;
        if (nl >= 0) {
          started = true;
          const before = head.slice(0, at);
          const after = head.slice(nl + 1);
          if (before.length) stderr.push(Buffer.from(before, 'latin1'));
          if (after.length) stderr.push(Buffer.from(after, 'latin1'));
          head = '';
          sendStdin(channel);
        }
      });
      channel.on('exit', (code: number | null, signal?: string) => {
        exitCode = typeof code === 'number' ? code : null;
        exitSignal = signal ?? undefined;
      });
      channel.on('close', () =>
        finish(() => {
          // The connection died under the command (keepalives unanswered, reset): the channel
          // closed without an exit status, which is a failure, not a result.
          const lost = connectionLoss(client);
          if (lost !== undefined && exitCode === null && exitSignal === undefined) return reject(lost);
          if (!started && head.length) stderr.push(Buffer.from(head, 'latin1'));
          resolve({
            exitCode,
            signal: exitSignal,
            stdout: stdout.text(),
            stderr: stderr.text(),
            truncated: stdout.truncated || stderr.truncated,
          });
        }),
      );
      // With a sudo password, stdin waits for the started marker, so sudo's prompt is never
      // answered with the command's input (nor the command fed the password).
      if (!options.expectMarker) sendStdin(channel);
    };
    try {
      client.exec(line, onChannel);
    } catch (err) {
      // ssh2 throws "Not connected" when the connection is already gone: nothing was sent.
      reject(err);
    }
  });
}

/**
 * A WardenError for a command that ran out of time.
 *
 * @param label - target, for the message
 * @param argv0 - the program name
 * @param timeoutMs - the deadline
 * @param killed - what the kill reported
 * @returns the error
 */
export function timeoutError(label: string, argv0: string, timeoutMs: number, killed: KillOutcome): WardenError {
  const fate = describeKill(killed);
  return new WardenError('ERR_TIMEOUT', `${argv0} on ${label} did not finish within ${timeoutMs} ms; ${fate}`);
}

/** What the kill command reported. */
export type KillOutcome = 'gone' | 'alive' | 'unknown';

/**
 * Words for a kill outcome, for messages.
 *
 * @param killed - the outcome
 * @returns a phrase
 */
export function describeKill(killed: KillOutcome): string {
  switch (killed) {
    case 'gone':
      return 'its processes were killed (verified gone)';
    case 'alive':
      return 'its processes could NOT be killed (still running)';
    default:
      return 'it could not be verified that it stopped';
  }
}
