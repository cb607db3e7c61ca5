import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { type Duration, formatDuration, parseDuration } from '../../internal/duration.js';
import type { ActionDefinition, ActionResult } from '../../plugins/types.js';
import { findExecutable } from '../probes/find-executable.js';
import { timeoutParam } from '../probes/params.js';
import { type CommandOutcome, runCommand } from '../probes/run-command.js';

/** Params of the built-in `exec.local` action (validated with zod, strict). */
export const execLocalParamsSchema = z.strictObject({
  /**
   * The program and its arguments, each one literal argument (no shell, so no globbing, no
   * pipes, no `$VAR`). The first element is an absolute path or a program name looked up in
   * `PATH` and the system directories. Elements may use asset macros (`{address}`).
   */
  command: z
    .array(z.string())
    .min(1)
    .refine((argv) => argv[0] !== undefined && argv[0] !== '' && (isAbsolute(argv[0]) || /^[^/]+$/.test(argv[0])), {
      message: 'command[0] must be an absolute path or a program name without "/" (looked up in PATH)',
    }),
  /** Kill the program's whole process group after this long. @defaultValue `'60s'` */
  timeout: timeoutParam.default(60_000),
  /** Environment variables added to the program's minimal environment (`PATH`, `LC_ALL=C`). */
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'), z.string()).optional(),
});

/** What `exec.local` accepts (durations as strings or milliseconds). */
export type ExecLocalParamsInput = z.input<typeof execLocalParamsSchema>;
/** `exec.local` params after validation (timeout in milliseconds). */
export type ExecLocalParams = z.output<typeof execLocalParamsSchema>;

/** Options of {@link createExecLocalAction}. */
export interface ExecLocalOptions {
  /** Output kept per stream; the rest is dropped and noted. @defaultValue 65536 */
  maxOutputBytes?: number;
  /** Time between SIGTERM and SIGKILL on timeout. @defaultValue `'2s'` */
  killGrace?: Duration;
}

function describeOutcome(outcome: CommandOutcome, program: string, timeoutMs: number, maxOutputBytes: number): ActionResult {
  const out = [outcome.stdout, outcome.stderr].filter((text) => text !== '').join('\n');
  const output = outcome.truncated ? `${out}\n[output truncated at ${maxOutputBytes} bytes]` : out;
  const withOutput = (result: ActionResult): ActionResult => (output === '' ? result : { ...result, output });
  if (outcome.spawnError) {
    return { ok: false, error: `cannot run ${program}: ${outcome.spawnError.code ?? outcome.spawnError.message}` };
  }
  if (outcome.timedOut) {
    return withOutput({ ok: false, error: `${program} timed out after ${formatDuration(timeoutMs)}; its process group was killed` });
  }
  if (outcome.aborted) return withOutput({ ok: false, error: `${program} was aborted; its process group was killed` });
  if (outcome.exitCode === 0) return withOutput({ ok: true });
  const how = outcome.exitCode === null ? `signal ${outcome.signal}` : `exit code ${outcome.exitCode}`;
  return withOutput({ ok: false, error: `${program} failed (${how})` });
}

/**
 * Creates core's `exec.local` action: runs a program on the machine Warden runs on, from an
 * argument vector with no shell, in its own process group (a timeout or abort kills the
 * program and everything it started), with a minimal environment and capped output. Exit code
 * 0 is `ok`; anything else, a timeout or a program that cannot start is `ok: false` with the
 * reason in `error`. Destructive: it changes things, so automatic rules only run it when
 * remediation is enabled.
 *
 * @param options - output cap and kill grace
 * @returns the action definition (registered as `exec.local`)
 * @throws WardenError `ERR_CONFIG_INVALID` for an invalid `killGrace`
 * @example
 * ```ts
 * await warden.act('exec.local', 'self', { command: ['/usr/bin/systemctl', 'restart', 'nginx'], timeout: '30s' });
 * ```
 */
export function createExecLocalAction(options: ExecLocalOptions = {}): ActionDefinition<ExecLocalParams> {
  const maxOutputBytes = options.maxOutputBytes ?? 65_536;
  const killGraceMs = parseDuration(options.killGrace ?? 2_000, 'exec.local killGrace');
  return {
    name: 'exec.local',
    description: 'Runs a program (argv, no shell) on the machine Warden runs on',
    params: execLocalParamsSchema,
    destructive: true,
    async run(_asset, params, ctx) {
      const program = params.command[0] as string;
      const path = isAbsolute(program) ? program : await findExecutable(program);
      if (path === undefined) return { ok: false, error: `program ${JSON.stringify(program)} not found in PATH or the system directories` };
      if (ctx.signal.aborted) return { ok: false, error: `${program} was aborted before it started` };
      const outcome = await runCommand([path, ...params.command.slice(1)], {
        timeoutMs: params.timeout,
        clock: ctx.clock,
        signal: ctx.signal,
        env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C', ...params.env },
        maxOutputBytes,
        killGraceMs,
      });
      return describeOutcome(outcome, program, params.timeout, maxOutputBytes);
    },
  };
}
