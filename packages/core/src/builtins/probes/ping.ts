import { z } from 'zod';
import { macroValue } from '../../checks/macros.js';
import type { CheckResult, CheckStatus } from '../../checks/types.js';
import { formatDuration } from '../../internal/duration.js';
import type { Sample } from '../../metrics/types.js';
import type { ProbeDefinition } from '../../plugins/types.js';
import { findExecutable } from './find-executable.js';
import { durationParam, hostProblem, timeoutParam } from './params.js';
import { type PingStats, parseFping, parseIputilsPing } from './ping-parse.js';
import { runCommand } from './run-command.js';

const limitsSchema = z.strictObject({
  /** Alert when the average round-trip time reaches this (`'100ms'`, or milliseconds). */
  rtt: durationParam.optional(),
  /** Alert when the packet loss reaches this percentage (0–100). */
  loss: z.number().min(0).max(100).optional(),
});

/** Params of the `ping` probe, as validated. */
export const pingParamsSchema = z.strictObject({
  /** Host to ping. @defaultValue the asset's `{address}` (its id when it has none) */
  host: z.string().min(1).optional(),
  /** Echo requests to send. @defaultValue 5 */
  count: z.number().int().min(1).max(100).default(5),
  /** Deadline for the whole run. @defaultValue `'10s'` */
  timeout: timeoutParam.default(10_000),
  /** Warning limits, check_ping style: alert when rtt ≥ `rtt` or loss ≥ `loss` %. */
  warn: limitsSchema.optional(),
  /** Critical limits, check_ping style. 100 % loss is always critical. */
  crit: limitsSchema.optional(),
});

/** Params of the `ping` probe as a check gives them. */
export type PingParamsInput = z.input<typeof pingParamsSchema>;
/** Params of the `ping` probe after validation. */
export type PingParams = z.output<typeof pingParamsSchema>;
type Limits = z.output<typeof limitsSchema>;

/** Where the `ping` probe finds its programs. */
export interface PingProbeOptions {
  /** fping to use: a path, or `false` to never use it. @defaultValue found in `PATH` */
  fping?: string | false;
  /** ping to use when fping is absent: a path, or `false`. @defaultValue found in `PATH` */
  ping?: string | false;
}

function breach(stats: PingStats, limits: Limits | undefined): string | undefined {
  if (!limits) return undefined;
  if (limits.loss !== undefined && stats.loss * 100 >= limits.loss) return `loss ≥ ${limits.loss}%`;
  if (limits.rtt !== undefined && stats.rtt && stats.rtt.avg * 1000 >= limits.rtt) return `rtt ≥ ${formatDuration(limits.rtt)}`;
  return undefined;
}

/**
 * Judges ping statistics as check_ping does: `critical` when the loss or the average rtt
 * reaches a critical limit, or when nothing came back; else `warning` for a warning limit.
 *
 * @param stats - parsed statistics
 * @param params - the limits
 * @param host - the host, for the summary
 * @returns the result with `ping.rtt` (seconds, average) and `ping.packet_loss` (ratio) samples
 */
export function judgePing(stats: PingStats, params: Pick<PingParams, 'warn' | 'crit'>, host: string): CheckResult {
  const labels = { host };
  const samples: Sample[] = [{ name: 'ping.packet_loss', value: stats.loss, unit: '1', labels }];
  if (stats.rtt) samples.unshift({ name: 'ping.rtt', value: stats.rtt.avg, unit: 's', labels });
  const loss = `${Math.round(stats.loss * 1000) / 10}% packet loss`;
  if (!stats.rtt || stats.received === 0) {
    return { status: 'critical', summary: `${host}: no reply to ${stats.sent} echo requests (${loss})`, code: 'ERR_UNREACHABLE', samples };
  }
  const crit = breach(stats, params.crit);
  const warn = crit ? undefined : breach(stats, params.warn);
  const status: CheckStatus = crit ? 'critical' : warn ? 'warning' : 'ok';
  const why = crit ?? warn;
  const rtt = `rtt avg ${(stats.rtt.avg * 1000).toFixed(3)} ms`;
  const summary = `${host}: ${loss}, ${rtt} (${stats.received}/${stats.sent} replies)${why ? `; ${status} limit ${why}` : ''}`;
  return { status, summary, samples };
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line !== '') ?? ''
  );
}

/**
 * Creates the built-in `ping` probe: fping when it is installed (`fping -C <count> -q`), else
 * iputils ping (`ping -n -c <count> -i 0.2 -W 1 -w <deadline>`), run with an argument vector
 * (no shell). Samples: `ping.rtt` (average round trip, seconds) and `ping.packet_loss`
 * (ratio 0–1), labelled with `host`.
 *
 * @param options - which fping/ping to use
 * @returns the probe definition, named `ping`
 * @example
 * ```ts
 * warden.check({ id: 'reachable', assets: 'kind=network-device', probe: 'ping', every: '30s', liveness: true,
 *   params: { warn: { rtt: '100ms', loss: 20 }, crit: { rtt: '500ms', loss: 60 } } });
 * ```
 */
export function createPingProbe(options: PingProbeOptions = {}): ProbeDefinition<PingParams> {
  const locate = async (name: 'fping' | 'ping'): Promise<string | undefined> => {
    const given = options[name];
    if (given === false) return undefined;
    return given ?? findExecutable(name);
  };
  return {
    name: 'ping',
    description: 'ICMP echo with fping (preferred) or ping; round-trip time and packet loss',
    params: pingParamsSchema,
    async run(asset, params, ctx) {
      const host = params.host ?? (macroValue(asset, 'address') as string);
      const problem = hostProblem(host);
      if (problem) return { status: 'unknown', summary: `ping: ${problem}; give a host name or IP address`, code: 'ERR_CONFIG_INVALID' };
      const fping = await locate('fping');
      const ping = fping ? undefined : await locate('ping');
      if (!fping && !ping) {
        return {
          status: 'unknown',
          summary: 'neither fping nor ping was found in PATH; install fping or iputils-ping',
          code: 'ERR_NOT_FOUND',
        };
      }
      const deadline = Math.max(1, Math.ceil(params.timeout / 1000));
      const argv = fping
        ? [fping, '-C', String(params.count), '-q', '-p', '200', '-t', String(Math.min(1000, params.timeout)), host]
        : [ping as string, '-n', '-c', String(params.count), '-i', '0.2', '-W', '1', '-w', String(deadline), host];
      const outcome = await runCommand(argv, {
        timeoutMs: params.timeout + 2_000,
        clock: ctx.clock,
        signal: ctx.signal,
        env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C' },
        maxOutputBytes: 65_536,
      });
      const tool = fping ? 'fping' : 'ping';
      if (outcome.spawnError)
        return {
          status: 'unknown',
          summary: `cannot run ${argv[0]}: ${outcome.spawnError.code ?? outcome.spawnError.message}`,
          code: 'ERR_NOT_FOUND',
        };
      if (outcome.aborted) return { status: 'unknown', summary: `ping of ${host} aborted`, code: 'ERR_ABORTED' };
      if (outcome.timedOut)
        return {
          status: 'unknown',
          summary: `${tool} ${host} did not finish within ${formatDuration(params.timeout)}`,
          code: 'ERR_TIMEOUT',
        };
      const stats = fping ? parseFping(`${outcome.stderr}\n${outcome.stdout}`, host) : parseIputilsPing(outcome.stdout);
      if (!stats) {
        const quiet = fping && outcome.exitCode === 2 ? 'host not found' : 'no output';
        const said = firstLine(outcome.stderr) || firstLine(outcome.stdout) || quiet;
        return { status: 'unknown', summary: `${tool} ${host} failed (exit code ${outcome.exitCode}): ${said}`, code: 'ERR_UNREACHABLE' };
      }
      return judgePing(stats, params, host);
    },
  };
}
