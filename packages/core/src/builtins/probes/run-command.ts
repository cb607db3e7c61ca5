import { spawn } from 'node:child_process';
import type { Clock, TimerHandle } from '../../internal/clock.js';

/** How {@link runCommand} runs a program. */
export interface RunCommandOptions {
  /** Kill the process group after this many milliseconds. */
  timeoutMs: number;
  /** Timers come from here (a manual clock in tests). */
  clock: Clock;
  /** Aborting kills the process group as a timeout does. */
  signal?: AbortSignal | undefined;
  /** The child's whole environment (nothing is inherited). */
  env: Record<string, string>;
  /** Output beyond this many bytes per stream is dropped. @defaultValue 65536 */
  maxOutputBytes?: number;
  /** Time between SIGTERM and SIGKILL. @defaultValue 2000 */
  killGraceMs?: number;
}

/** What a command did. */
export interface CommandOutcome {
  /** Standard output (UTF-8, at most `maxOutputBytes`). */
  stdout: string;
  /** Standard error (UTF-8, at most `maxOutputBytes`). */
  stderr: string;
  /** The exit code, or null when a signal ended it or it never started. */
  exitCode: number | null;
  /** The signal that ended it, if any. */
  signal: string | null;
  /** Killed because the timeout passed. */
  timedOut: boolean;
  /** Killed because the abort signal fired. */
  aborted: boolean;
  /** Some output was dropped. */
  truncated: boolean;
  /** Why it could not be started (`ENOENT`, `EACCES`). */
  spawnError?: NodeJS.ErrnoException;
}

class Capture {
  readonly chunks: Buffer[] = [];
  size = 0;
  truncated = false;

  constructor(private readonly max: number) {}

  push(chunk: Buffer): void {
    const room = this.max - this.size;
    if (room <= 0) {
      this.truncated = true;
      return;
    }
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (kept !== chunk) this.truncated = true;
    this.chunks.push(kept);
    this.size += kept.length;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * Runs a program with an argument vector (never a shell) in its own process group, so a
 * timeout or an abort ends the program *and everything it started*: SIGTERM to the group,
 * then SIGKILL after a grace period, or as soon as the program itself has exited (its
 * leftovers get no grace). Descendants that leave the group (`setsid`) are out of reach.
 * Never rejects.
 *
 * @param argv - the program and its arguments, each passed as one literal argument
 * @param options - timeout, clock, abort signal, environment, output cap, kill grace
 * @returns what happened
 */
export function runCommand(argv: readonly string[], options: RunCommandOptions): Promise<CommandOutcome> {
  const max = options.maxOutputBytes ?? 65_536;
  const grace = options.killGraceMs ?? 2_000;
  const stdout = new Capture(max);
  const stderr = new Capture(max);
  return new Promise((resolve) => {
    let settled = false;
    let timedOut = false;
    let aborted = false;
    let terminating = false;
    let timer: TimerHandle | undefined;
    let graceTimer: TimerHandle | undefined;

    const child = spawn(argv[0] as string, argv.slice(1), {
      detached: true,
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env,
    });

    const killGroup = (signal: NodeJS.Signals): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // ESRCH: the group is already gone.
      }
    };

    const finish = (exitCode: number | null, signal: string | null, spawnError?: NodeJS.ErrnoException): void => {
      if (settled) return;
      settled = true;
      timer?.cancel();
      graceTimer?.cancel();
      options.signal?.removeEventListener('abort', onAbort);
      const outcome: CommandOutcome = {
        stdout: stdout.text(),
        stderr: stderr.text(),
        exitCode,
        signal,
        timedOut,
        aborted,
        truncated: stdout.truncated || stderr.truncated,
      };
      if (spawnError) outcome.spawnError = spawnError;
      resolve(outcome);
    };

    const terminate = (): void => {
      if (terminating || settled) return;
      terminating = true;
      if (child.exitCode !== null || child.signalCode !== null) {
        // The program is gone but something it started still holds the output open.
        killGroup('SIGKILL');
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish(child.exitCode, child.signalCode);
        return;
      }
      killGroup('SIGTERM');
      graceTimer = options.clock.setTimer(() => killGroup('SIGKILL'), grace);
    };

    function onAbort(): void {
      aborted = true;
      terminate();
    }

    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.once('error', (err: NodeJS.ErrnoException) => finish(null, null, err));
    child.once('exit', (code, signal) => {
      if (!terminating) return;
      // Leftovers of a killed program get no grace. Their death closes the pipes ('close'
      // finishes with all output read); a descendant that left the group could hold them
      // open, so stop waiting after a moment.
      killGroup('SIGKILL');
      graceTimer?.cancel();
      graceTimer = options.clock.setTimer(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish(code, signal);
      }, 1_000);
    });
    child.once('close', (code, signal) => finish(code, signal));

    if (child.pid === undefined) return; // 'error' follows
    timer = options.clock.setTimer(() => {
      timedOut = true;
      terminate();
    }, options.timeoutMs);
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
