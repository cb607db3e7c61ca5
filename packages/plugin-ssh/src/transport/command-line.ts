import { WardenError } from '@warden/core';
import { quoteArgv, quoteEnv } from './shell-quote.js';

/** The variable that tags every process of one run, so a timeout can find and kill them. */
export const RUN_ID_VAR = 'WARDEN_RUN_ID';
/** Printed on stderr by the wrapper once sudo is past its password prompt. */
export const STARTED_MARKER = 'warden-started';
/** Prompt given to `sudo -S`, so the password is written only when sudo asks for it. */
export const SUDO_PROMPT = '[warden-sudo-password]';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RUN_ID = /^[A-Za-z0-9]{8,64}$/;

/** How a command is wrapped. */
export interface CommandLineOptions {
  /** Variables for the command. */
  env?: Readonly<Record<string, string>> | undefined;
  /** Run through sudo: non-interactive (`-n`), or reading a password from stdin (`-S`). */
  sudo?: false | 'nopasswd' | 'password' | undefined;
  /**
   * Tag the command with `WARDEN_RUN_ID=<runId>`, so a timeout can find it and every
   * descendant, and kill them and their process group. Without sudo the login shell `exec`s
   * the command: OpenSSH's sshd starts every session in a new session and process group, so
   * the command leads its own group at no extra process. Through sudo (which keeps the command
   * in sudo's group) it runs under `setsid -w` for a group of its own.
   */
  runId?: string | undefined;
  /** Print {@link STARTED_MARKER} on stderr before the command runs (sudo password mode). */
  announce?: boolean | undefined;
}

/**
 * The command line sent in an SSH `exec` request: every argument quoted for a POSIX shell,
 * wrapped in sudo and env, and tagged for a timeout's kill, as asked.
 *
 * @param argv - program and arguments
 * @param options - env, sudo, run tag
 * @returns the command line
 * @throws WardenError `ERR_CONFIG_INVALID` for an empty argv, a NUL byte, a bad variable name or run id
 * @example
 * ```ts
 * buildCommandLine(['systemctl', 'restart', 'nginx'], { sudo: 'nopasswd' });
 * // "sudo -n -- systemctl restart nginx"
 * ```
 */
export function buildCommandLine(argv: readonly string[], options: CommandLineOptions = {}): string {
  if (argv.length === 0) throw new WardenError('ERR_CONFIG_INVALID', 'empty command: pass at least the program name');
  const words: string[] = [];
  if (options.sudo === 'nopasswd') words.push('sudo', '-n', '--');
  else if (options.sudo === 'password') words.push('sudo', '-S', '-p', SUDO_PROMPT, '--');
  const env = Object.entries(options.env ?? {});
  if (options.runId !== undefined) {
    if (!RUN_ID.test(options.runId)) throw new WardenError('ERR_CONFIG_INVALID', 'a run id is 8–64 letters and digits');
    env.unshift([RUN_ID_VAR, options.runId]);
  }
  const assignments: string[] = [];
  for (const [name, value] of env) {
    if (!ENV_NAME.test(name)) {
      throw new WardenError('ERR_CONFIG_INVALID', `environment variable name ${JSON.stringify(name)} is not a shell identifier`);
    }
    assignments.push(`${name}=${value}`);
  }
  // Without sudo, `NAME=value cmd` is set by the login shell itself (no extra process);
  // sudo clears the environment, so there `env` re-applies it after sudo.
  if (assignments.length > 0 && options.sudo) words.push('env', ...assignments);
  if (options.runId !== undefined && options.sudo) words.push('setsid', '-w');
  if (options.announce) words.push('sh', '-c', `echo ${STARTED_MARKER} >&2; exec "$@"`, 'sh');
  words.push(...argv);
  // `exec` replaces the login shell (no fork): the command keeps the session's own process
  // group, and `NAME=value exec cmd` hands the assignments to cmd.
  const exec = options.runId !== undefined ? 'exec ' : '';
  return (options.sudo ? '' : quoteEnv(Object.fromEntries(env))) + exec + quoteArgv(words);
}

/**
 * The command that ends a run: every process whose environment carries the run id is found
 * in /proc, its process group gets SIGTERM, then up to 2 s of grace, then SIGKILL. It prints
 * `gone` when no such process is left (zombies have an empty environment and do not count),
 * `alive` otherwise, `noproc` without a /proc to search.
 *
 * @param runId - the id given to {@link buildCommandLine}
 * @param sudo - whether the run is root's (the search and kill then go through `sudo -n`)
 * @returns the command line
 * @throws WardenError `ERR_CONFIG_INVALID` for a malformed run id
 */
export function buildKillLine(runId: string, sudo: boolean): string {
  if (!RUN_ID.test(runId)) throw new WardenError('ERR_CONFIG_INVALID', 'a run id is 8–64 letters and digits');
  // `kill -SIG -PGID` without `--`: dash's builtin kill rejects `--`.
  const script = [
    '[ -r /proc/self/environ ] || { echo noproc; exit 0; }',
    `tag="${RUN_ID_VAR}=$1"`,
    'pids() { grep -l -a -F "$tag" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3; }',
    'alive() { [ -n "$(pids)" ]; }',
    // /proc/PID/stat: "pid (comm) state ppid pgrp …"; comm may hold spaces, so cut after ") ".
    // A group is killed only when its leader carries the tag: never a group that is not ours.
    'kill_all() { for p in $(pids); do read -r l < /proc/$p/stat 2>/dev/null || continue; ' +
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a JS template
      'set -- ${l##*) }; if [ "$3" -gt 1 ] 2>/dev/null && grep -q -a -F "$tag" /proc/$3/environ 2>/dev/null; then kill -$sig -$3 2>/dev/null; fi; kill -$sig $p 2>/dev/null; done; }',
    'sig=TERM; i=0',
    'while alive; do kill_all; i=$((i+1)); [ $i -gt 20 ] && sig=KILL; [ $i -gt 30 ] && break; sleep 0.1; done',
    'if alive; then echo alive; else echo gone; fi',
  ].join('\n');
  return quoteArgv([...(sudo ? ['sudo', '-n', '--'] : []), 'sh', '-c', script, 'sh', runId]);
}
