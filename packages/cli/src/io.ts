/** A stream the CLI writes to: `process.stdout`, `process.stderr`, or a test double. */
export interface CliStream {
  /** Writes text. */
  write(text: string): unknown;
  /** Whether it is a terminal: live views and progress bars are drawn only then. */
  isTTY?: boolean | undefined;
  /** Terminal width in characters, when known. */
  columns?: number | undefined;
}

/**
 * Everything {@link main} touches outside itself, so it runs in process (tests, embedding) as
 * well as from the `warden` binary.
 */
export interface CliIo {
  /** Where results go (tables, YAML, JSON). */
  stdout: CliStream;
  /** Where diagnostics, logs and progress go. */
  stderr: CliStream;
  /** Environment variables (`NO_COLOR`). @defaultValue `process.env` */
  env?: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths are resolved against. @defaultValue `process.cwd()` */
  cwd?: string;
  /**
   * Aborted to stop a long-running command (`warden run`, a sweep): the binary aborts it on
   * SIGINT and SIGTERM.
   */
  signal?: AbortSignal;
}

/**
 * The {@link CliIo} of the current process.
 *
 * @param signal - aborted to stop a long-running command
 * @returns stdout, stderr, the environment and the working directory of this process
 */
export function processIo(signal?: AbortSignal): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), ...(signal ? { signal } : {}) };
}

/** Whether colours may be used on this stream (a TTY, and `NO_COLOR` unset). */
export function useColor(stream: CliStream, env: CliIo['env']): boolean {
  return stream.isTTY === true && !env?.NO_COLOR;
}
