import { basename, isAbsolute } from 'node:path';
import { z } from 'zod';
import { parseNagiosOutput } from '../../checks/nagios-output.js';
import type { CheckResult } from '../../checks/types.js';
import { type Duration, formatDuration, parseDuration } from '../../internal/duration.js';
import type { ProbeDefinition } from '../../plugins/types.js';
import { findExecutable } from './find-executable.js';
import { timeoutParam } from './params.js';
import { type CommandOutcome, runCommand } from './run-command.js';

/** Where the Monitoring Plugins live on common systems (Debian/Ubuntu, RHEL, source builds). */
export const DEFAULT_PLUGIN_DIRS: readonly string[] = ['/usr/lib/nagios/plugins', '/usr/lib64/nagios/plugins', '/usr/local/nagios/libexec'];

/** Params of the `nagios` probe, as validated. */
export const nagiosParamsSchema = z.strictObject({
  /**
   * The plugin and its arguments, each one literal argument (no shell). The first element is
   * an absolute path or a bare plugin name looked up in the plugin directories. Elements may
   * use asset macros (`{address}`).
   */
  command: z
    .array(z.string())
    .min(1)
    .refine((argv) => argv[0] !== undefined && (isAbsolute(argv[0]) || /^[^/]+$/.test(argv[0])), {
      message: 'command[0] must be an absolute path or a plugin name without "/" (looked up in the plugin directories)',
    }),
  /** Kill the plugin's whole process group after this long. @defaultValue `'60s'` */
  timeout: timeoutParam.default(60_000),
  /** Environment variables added to the plugin's minimal environment (`PATH`, `LC_ALL=C`). */
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'), z.string()).optional(),
});

/** Params of the `nagios` probe as a check gives them. */
export type NagiosParamsInput = z.input<typeof nagiosParamsSchema>;
/** Params of the `nagios` probe after validation. */
export type NagiosParams = z.output<typeof nagiosParamsSchema>;

/** How the `nagios` probe runs plugins. */
export interface NagiosProbeOptions {
  /** Directories searched for a bare plugin name, in order. @defaultValue {@link DEFAULT_PLUGIN_DIRS} */
  pluginDirs?: readonly string[];
  /** Output kept per stream; the rest is dropped and noted. @defaultValue 65536 */
  maxOutputBytes?: number;
  /** Time between SIGTERM and SIGKILL when a plugin times out. @defaultValue `'2s'` */
  killGrace?: Duration;
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line !== '')
      ?.slice(0, 300) ?? ''
  );
}

function withNote(result: CheckResult, note: string): CheckResult {
  return { ...result, details: result.details ? `${result.details}\n${note}` : note };
}

function outcomeResult(outcome: CommandOutcome, path: string, params: NagiosParams, maxOutputBytes: number): CheckResult {
  const plugin = basename(path);
  if (outcome.spawnError) {
    const code = outcome.spawnError.code;
    const why = code === 'EACCES' ? 'it is not executable (EACCES); check its permissions' : (code ?? outcome.spawnError.message);
    return { status: 'unknown', summary: `cannot run ${path}: ${why}`, code: code === 'ENOENT' ? 'ERR_NOT_FOUND' : 'ERR_CONFIG_INVALID' };
  }
  const partial = firstLine(outcome.stdout);
  const partialNote = partial === '' ? undefined : `output before it was killed: ${JSON.stringify(partial)}`;
  if (outcome.timedOut || outcome.aborted) {
    const summary = outcome.timedOut
      ? `${plugin} timed out after ${formatDuration(params.timeout)}; its process group was killed`
      : `${plugin} was aborted; its process group was killed`;
    const result: CheckResult = { status: 'unknown', summary, code: outcome.timedOut ? 'ERR_TIMEOUT' : 'ERR_ABORTED' };
    return partialNote ? withNote(result, partialNote) : result;
  }
  let result: CheckResult;
  if (outcome.stdout.trim() === '' && outcome.stderr.trim() !== '') {
    const code = outcome.exitCode === null ? `signal ${outcome.signal}` : `exit code ${outcome.exitCode}`;
    result = {
      status: 'unknown',
      summary: `no output from plugin on stdout (${code}); stderr: ${JSON.stringify(firstLine(outcome.stderr))}`,
    };
  } else {
    result = parseNagiosOutput(outcome.stdout, outcome.exitCode, { signal: outcome.signal, labels: { plugin } });
  }
  return outcome.truncated ? withNote(result, `output truncated at ${maxOutputBytes} bytes`) : result;
}

/**
 * Creates the built-in `nagios` probe: runs a Monitoring Plugins (Nagios) compatible plugin
 * and maps its exit code and output with {@link parseNagiosOutput}. The command is an
 * argument vector run without a shell, so a hostile value stays one literal argument. The
 * plugin runs in its own process group with a minimal environment (`PATH`, `LC_ALL=C`, plus
 * `env`); on timeout the whole group gets SIGTERM, then SIGKILL, and the result is `unknown`
 * with `ERR_TIMEOUT`. Perfdata become `nagios.perfdata` samples labelled `plugin` (the
 * program's file name) and `label`.
 *
 * @param options - plugin directories, output cap, kill grace
 * @returns the probe definition, named `nagios`
 * @example
 * ```ts
 * warden.check({ id: 'root-fs', assets: { ids: ['self'] }, probe: 'nagios', every: '5m',
 *   params: { command: ['check_disk', '-w', '20%', '-c', '10%', '-p', '/'] } });
 * ```
 */
export function createNagiosProbe(options: NagiosProbeOptions = {}): ProbeDefinition<NagiosParams> {
  const pluginDirs = options.pluginDirs ?? DEFAULT_PLUGIN_DIRS;
  const maxOutputBytes = options.maxOutputBytes ?? 65_536;
  const killGraceMs = parseDuration(options.killGrace ?? 2_000, 'nagios probe killGrace');
  return {
    name: 'nagios',
    description: 'Runs a Monitoring Plugins (Nagios) compatible plugin',
    params: nagiosParamsSchema,
    async run(_asset, params, ctx) {
      const program = params.command[0] as string;
      const path = isAbsolute(program) ? program : await findExecutable(program, pluginDirs);
      if (path === undefined) {
        return {
          status: 'unknown',
          summary: `plugin ${JSON.stringify(program)} not found in ${pluginDirs.join(', ')}; install monitoring-plugins (Debian: monitoring-plugins-basic, monitoring-plugins-standard) or give an absolute path`,
          code: 'ERR_NOT_FOUND',
        };
      }
      if (ctx.signal.aborted) return { status: 'unknown', summary: `${basename(path)} was aborted before it started`, code: 'ERR_ABORTED' };
      const outcome = await runCommand([path, ...params.command.slice(1)], {
        timeoutMs: params.timeout,
        clock: ctx.clock,
        signal: ctx.signal,
        env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C', ...params.env },
        maxOutputBytes,
        killGraceMs,
      });
      return outcomeResult(outcome, path, params, maxOutputBytes);
    },
  };
}
