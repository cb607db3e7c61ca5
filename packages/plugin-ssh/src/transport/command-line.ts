import { WardenError } from '@warden/core';
import { quoteArgv } from './shell-quote.js';

/** Marker the wrapper prints on stderr before running the command: its process group id. */
export const PGID_MARKER = 'warden-pgid=';
/** Prompt given to `sudo -S`, so the password is written only when sudo asks for it. */
export const SUDO_PROMPT = '[warden-sudo-password]';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** How a command is wrapped. */
export interface CommandLineOptions {
  /** Variables for the command. */
  env?: Readonly<Record<string, string>> | undefined;
  /** Run through sudo: non-interactive (`-n`), or reading a password from stdin (`-S`). */
  sudo?: false | 'nopasswd' | 'password' | undefined;
  /**
   * Run in its own session and process group (`setsid -w`) and report its id first on
   * stderr, so a timeout can kill the command and every child. @defaultValue true
   */
  processGroup?: boolean | undefined;
}

/**
 * The command line sent in an SSH `exec` request: every argument quoted for a POSIX shell,
 * wrapped in sudo, env and setsid as asked.
 *
 * @param argv - program and arguments
 * @param options - env, sudo, process group
 * @returns the command line
 * @throws WardenError `ERR_CONFIG_INVALID` for an empty argv, a NUL byte or a bad variable name
 * @example
 * ```ts
 * buildCommandLine(['systemctl', 'restart', 'nginx'], { sudo: 'nopasswd', processGroup: false });
 * // "sudo -n -- systemctl restart nginx"
 * ```
 */
export function buildCommandLine(argv: readonly string[], options: CommandLineOptions = {}): string {
  if (argv.length === 0) throw new WardenError('ERR_CONFIG_INVALID', 'empty command: pass at least the program name');
  const words: string[] = [];
  if (options.sudo === 'nopasswd') words.push('sudo', '-n', '--');
  else if (options.sudo === 'password') words.push('sudo', '-S', '-p', SUDO_PROMPT, '--');
  const env = Object.entries(options.env ?? {});
  if (env.length > 0) {
    words.push('env');
    for (const [name, value] of env) {
      if (!ENV_NAME.test(name)) {
        throw new WardenError('ERR_CONFIG_INVALID', `environment variable name ${JSON.stringify(name)} is not a shell identifier`);
      }
      words.push(`${name}=${value}`);
    }
  }
  if (options.processGroup !== false) {
    // $$ of the shell setsid starts is the new group's id; `exec` keeps it for the command.
    words.push('setsid', '-w', 'sh', '-c', `echo ${PGID_MARKER}$$ >&2; exec "$@"`, 'sh');
  }
  words.push(...argv);
  return quoteArgv(words);
}

/**
 * The command that ends a process group: SIGTERM, up to 2 s of grace, then SIGKILL; it prints
 * `gone` when no live (non-zombie) process of the group is left, `alive` otherwise.
 *
 * @param pgid - the group id reported by the wrapper
 * @param sudo - whether the group runs as root through sudo
 * @returns the command line
 * @throws WardenError `ERR_PROTOCOL` for a group id that is not a positive integer
 */
export function buildKillLine(pgid: number, sudo: boolean): string {
  if (!Number.isInteger(pgid) || pgid <= 1) throw new WardenError('ERR_PROTOCOL', `refusing to kill process group ${pgid}`);
  // `kill -SIG -PGID` without `--`: dash's builtin kill rejects `--`. A group is alive while
  // it has a process that is not a zombie (zombies wait for a reaper and run nothing), read
  // from /proc (field 3 is the state, 5 the group); `kill -0` where there is no /proc.
  const script = [
    'p=$1',
    'alive() { if [ -r /proc/self/stat ]; then for f in /proc/[0-9]*/stat; do read -r l < "$f" 2>/dev/null || continue; ' +
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a JS template
      'set -- ${l##*) }; [ "$3" = "$p" ] && [ "$1" != Z ] && return 0; done; return 1; else kill -0 -$p 2>/dev/null; fi; }',
    'kill -TERM -$p 2>/dev/null; i=0',
    'while alive; do i=$((i+1)); if [ $i -gt 20 ]; then kill -KILL -$p 2>/dev/null; sleep 0.2; break; fi; sleep 0.1; done',
    'if alive; then echo alive; else echo gone; fi',
  ].join('\n');
  return quoteArgv([...(sudo ? ['sudo', '-n', '--'] : []), 'sh', '-c', script, 'sh', String(pgid)]);
}
