import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { macroValue } from '../../checks/macros.js';
import { evaluateThresholds } from '../../checks/threshold.js';
import type { CheckResult } from '../../checks/types.js';
import { formatDuration } from '../../internal/duration.js';
import type { Sample } from '../../metrics/types.js';
import type { ProbeDefinition } from '../../plugins/types.js';
import { thresholdParam, timeoutParam } from './params.js';

/** Params of the `tcp` probe, as validated (durations in ms, thresholds parsed). */
export const tcpParamsSchema = z.strictObject({
  /** Host to connect to. @defaultValue the asset's `{address}` (its id when it has none) */
  host: z.string().min(1).optional(),
  /** TCP port. */
  port: z.number().int().min(1).max(65_535),
  /** Give up after this long (connect, send and expect together). @defaultValue `'10s'` */
  timeout: timeoutParam.default(10_000),
  /** Text written once connected. */
  send: z.string().optional(),
  /** Text the response must contain; a different response is `warning`, as check_tcp does. */
  expect: z.string().min(1).optional(),
  /** Warning threshold on the connect time in seconds (`'>0.5'`). */
  warn: thresholdParam.optional(),
  /** Critical threshold on the connect time in seconds (`'>2'`). */
  crit: thresholdParam.optional(),
});

/** Params of the `tcp` probe as a check gives them. */
export type TcpParamsInput = z.input<typeof tcpParamsSchema>;
/** Params of the `tcp` probe after validation. */
export type TcpParams = z.output<typeof tcpParamsSchema>;

const MAX_RESPONSE = 65_536;

const seconds = (ms: number): string =>
  ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : ms < 1000 ? `${ms.toFixed(2)} ms` : `${(ms / 1000).toFixed(3)} s`;

function errorResult(err: NodeJS.ErrnoException, target: string, host: string): CheckResult {
  switch (err.code) {
    case 'ECONNREFUSED':
      return { status: 'critical', summary: `connection refused by ${target}`, code: 'ERR_UNREACHABLE' };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return {
        status: 'unknown',
        summary: `cannot resolve host ${JSON.stringify(host)} (${err.code}); check the asset's address or the probe's host`,
        code: 'ERR_UNREACHABLE',
      };
    default:
      return { status: 'critical', summary: `cannot connect to ${target}: ${err.code ?? err.message}`, code: 'ERR_UNREACHABLE' };
  }
}

/**
 * Creates the built-in `tcp` probe: connects to `host:port`, optionally sends text and
 * expects text in the answer. The connect time is the sample `tcp.connect.duration`
 * (seconds; labels `host`, `port`) and is judged by `warn`/`crit`. As with check_tcp:
 * refused or unreachable → `critical`; no answer within `timeout` → `critical` (`ERR_TIMEOUT`);
 * a response without the expected text → `warning`; a host that does not resolve → `unknown`.
 * An abort (`ctx.signal`) closes the socket and gives `unknown` (`ERR_ABORTED`).
 *
 * @returns the probe definition, named `tcp`
 * @example
 * ```ts
 * warden.check({ id: 'ssh', assets: 'kind=host', probe: 'tcp', every: '1m',
 *   params: { port: 22, expect: 'SSH-', warn: '>0.5', crit: '>2' } });
 * ```
 */
export function createTcpProbe(): ProbeDefinition<TcpParams> {
  return {
    name: 'tcp',
    description: 'Connects to a TCP port, optionally sends and expects text; measures the connect time',
    params: tcpParamsSchema,
    run(asset, params, ctx) {
      const host = params.host ?? (macroValue(asset, 'address') as string);
      const target = `${host.includes(':') ? `[${host}]` : host}:${params.port}`;
      if (ctx.signal.aborted)
        return { status: 'unknown', summary: `tcp check of ${target} aborted before it started`, code: 'ERR_ABORTED' };
      return new Promise<CheckResult>((resolve) => {
        const started = performance.now();
        let connectMs: number | undefined;
        let response = '';
        let settled = false;
        const socket = connect({ host, port: params.port, noDelay: true });

        const finish = (result: CheckResult): void => {
          if (settled) return;
          settled = true;
          timer.cancel();
          ctx.signal.removeEventListener('abort', onAbort);
          socket.destroy();
          if (connectMs !== undefined) {
            const sample: Sample = {
              name: 'tcp.connect.duration',
              value: connectMs / 1000,
              unit: 's',
              labels: { host, port: String(params.port) },
            };
            result.samples = [sample];
          }
          resolve(result);
        };

        const connected = (extra: string): void => {
          const value = (connectMs as number) / 1000;
          const status = evaluateThresholds(value, { warn: params.warn, crit: params.crit });
          const limit = status === 'critical' ? params.crit : status === 'warning' ? params.warn : undefined;
          const judged = limit ? ` (${status} threshold ${limit} s)` : '';
          finish({ status, summary: `${target} accepted the connection in ${seconds(connectMs as number)}${judged}${extra}` });
        };

        const timer = ctx.clock.setTimer(() => {
          const what =
            connectMs === undefined
              ? `no connection to ${target}`
              : `no response containing ${JSON.stringify(params.expect)} from ${target}`;
          finish({ status: 'critical', summary: `${what} within ${formatDuration(params.timeout)}`, code: 'ERR_TIMEOUT' });
        }, params.timeout);

        function onAbort(): void {
          finish({ status: 'unknown', summary: `tcp check of ${target} aborted`, code: 'ERR_ABORTED' });
        }
        ctx.signal.addEventListener('abort', onAbort, { once: true });

        socket.once('connect', () => {
          connectMs = performance.now() - started;
          if (params.send !== undefined) socket.write(params.send);
          if (params.expect === undefined) {
            if (params.send === undefined) connected('');
            else socket.end(() => connected(''));
          }
        });
        socket.on('data', (chunk: Buffer) => {
          if (response.length < MAX_RESPONSE) response += chunk.toString('utf8');
          if (params.expect !== undefined && response.includes(params.expect))
            connected(`; response contains ${JSON.stringify(params.expect)}`);
        });
        socket.once('end', () => {
          if (params.expect === undefined || connectMs === undefined) return;
          const got = response.trim().split('\n')[0]?.slice(0, 200) ?? '';
          finish({
            status: 'warning',
            summary: `unexpected response from ${target}: ${JSON.stringify(got)} does not contain ${JSON.stringify(params.expect)}`,
            code: 'ERR_PROTOCOL',
          });
        });
        socket.once('error', (err: NodeJS.ErrnoException) => finish(errorResult(err, target, host)));
      });
    },
  };
}
