import { type CheckResult, type CheckStatus, type ProbeDefinition, parseNagiosOutput } from '@warden/core';
import { z } from 'zod';
import { positiveDurationSchema } from '../duration-schema.js';
import type { SshSessions } from '../transport/session.js';

/** Params of `ssh.command`. */
export const commandParamsSchema = z.strictObject({
  /** Program and arguments; each argument arrives as one literal word. */
  command: z.array(z.string()).min(1),
  /** `exit`: 0 is ok, anything else critical. `nagios`: a Monitoring Plugin (0/1/2/3, output and perfdata parsed). @defaultValue 'exit' */
  mode: z.enum(['exit', 'nagios']).optional(),
  /** Deadline; the remote process group is killed when it passes. @defaultValue the plugin's commandTimeout */
  timeout: positiveDurationSchema.optional(),
  /** Run through sudo. @defaultValue false */
  sudo: z.boolean().optional(),
  /** Variables for the command. */
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).optional(),
});
/** Params of `ssh.command`. */
export type CommandParams = z.infer<typeof commandParamsSchema>;

/** Turns a Monitoring Plugin's stdout and exit code into a result (core's parser, when wired). */
export type NagiosParser = (stdout: string, exitCode: number | null, options: { signal?: string | null }) => CheckResult;

const NAGIOS: readonly CheckStatus[] = ['ok', 'warning', 'critical', 'unknown'];

/**
 * A minimal Monitoring Plugins reading: status from the exit code, summary from the first line
 * up to `|`, no performance data. The probe uses core's `parseNagiosOutput` by default.
 *
 * @param stdout - the plugin's output
 * @param exitCode - its exit code
 * @returns the result
 */
export const basicNagiosParser: NagiosParser = (stdout, exitCode) => {
  const first = (stdout.split('\n')[0] ?? '').split('|')[0]?.trim() ?? '';
  const status = exitCode !== null && exitCode >= 0 && exitCode <= 3 ? (NAGIOS[exitCode] as CheckStatus) : 'unknown';
  const summary = first || `no output from plugin (exit code ${exitCode})`;
  return status === 'unknown' && (exitCode === null || exitCode > 3)
    ? { status, summary: `${summary} (exit code ${exitCode})` }
    : { status, summary };
};

/**
 * `ssh.command`: runs a command on the host; a `check_by_ssh` replacement in `nagios` mode.
 *
 * @param sessions - the plugin's connection layer
 * @param parseNagios - the Monitoring Plugins output parser @defaultValue core's `parseNagiosOutput`
 * @returns the probe definition
 */
export function commandProbe(sessions: SshSessions, parseNagios: NagiosParser = parseNagiosOutput): ProbeDefinition<CommandParams> {
  return {
    name: 'command',
    description: 'Runs a command over SSH: exit code to status, or a Monitoring Plugin with its output parsed',
    params: commandParamsSchema,
    async run(asset, params, ctx) {
      const r = await sessions.exec(asset, params.command, ctx, { timeout: params.timeout, sudo: params.sudo, env: params.env });
      const stdout = ctx.secrets.scrub(r.stdout);
      if (params.mode === 'nagios') return parseNagios(stdout, r.exitCode, { signal: r.signal ?? null });
      const first = (stdout.trim() || ctx.secrets.scrub(r.stderr).trim()).split('\n')[0] ?? '';
      const name = params.command[0];
      return r.exitCode === 0
        ? { status: 'ok', summary: first || `${name} exited 0` }
        : { status: 'critical', summary: `${name} exited ${r.exitCode ?? `by signal ${r.signal}`}${first ? `: ${first}` : ''}` };
    },
  };
}
