import { isSecret, isWardenError, WardenError } from '@warden/core';
import type { ServeOptions, WardenServer } from '@warden/core/http';
import { buildWarden } from '../config/build.js';
import { IssueCollector } from '../config/config-error.js';
import { type LoadedConfig, loadConfig } from '../config/load.js';
import type { ServeConfig } from '../config/types.js';
import type { CliIo } from '../io.js';
import { lineLogger } from '../output/logger.js';
import { liveView, logView } from '../output/status-view.js';
import type { ParsedArgs } from '../usage.js';
import { configPath, integerValue, stringValue } from './shared.js';

/**
 * `warden run`: starts Warden from the config and runs until `io.signal` is aborted (SIGINT,
 * SIGTERM), then stops it cleanly.
 *
 * @param args - parsed arguments
 * @param io - streams, environment and the stop signal
 * @returns 0 after a clean stop
 */
export async function runCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const port = integerValue(args, 'port', 'run', [0, 65_535]);
  const host = stringValue(args, 'host');
  const loaded = await loadConfig(configPath(stringValue(args, 'config'), io), { ...(io.cwd ? { cwd: io.cwd } : {}), command: 'run' });
  const { warden, serve } = await buildWarden(loaded, { overrides: { logger: lineLogger(io.stderr) } });
  const view = io.stdout.isTTY ? liveView(warden, io, loaded.displayName) : logView(warden, io, loaded.displayName);
  try {
    const serveOptions =
      serve === undefined && port === undefined
        ? undefined
        : await serveOptionsOf({ ...serve, ...(port === undefined ? {} : { port }), ...(host === undefined ? {} : { host }) }, loaded);
    if (io.signal?.aborted) return 0;
    await warden.start();
    const server = serveOptions ? await startServer(warden.serve.bind(warden), serveOptions, loaded) : undefined;
    view.started(server);
    await aborted(io.signal);
  } finally {
    view.close();
    await warden.stop();
  }
  io.stderr.write('warden: stopped\n');
  return 0;
}

/** The serve options with the token revealed (a `{ env }` token read now, its problem at its line). */
async function serveOptionsOf(serve: Partial<ServeConfig>, loaded: LoadedConfig): Promise<ServeOptions> {
  const { token, ...rest } = serve;
  if (!isSecret(token)) return { ...rest, ...(token === undefined ? {} : { token }) } as ServeOptions;
  try {
    return { ...rest, token: await token.reveal() } as ServeOptions;
  } catch (err) {
    const issues = new IssueCollector(loaded);
    issues.add(['serve', 'token'], err instanceof Error ? err.message : String(err));
    throw issues.toError();
  }
}

async function startServer(
  serve: (options: ServeOptions) => Promise<WardenServer>,
  options: ServeOptions,
  loaded: LoadedConfig,
): Promise<WardenServer> {
  try {
    return await serve(options);
  } catch (err) {
    if (isWardenError(err) && err.code === 'ERR_CONFIG_INVALID') {
      const issues = new IssueCollector(loaded);
      issues.addError(['serve'], err);
      throw issues.toError();
    }
    if (isWardenError(err)) throw err;
    const where = `${options.host ?? '127.0.0.1'}:${options.port}`;
    throw new WardenError(
      'ERR_CONFIG_INVALID',
      `cannot serve on ${where}: ${(err as Error).message}; choose another serve.port (or --port)`,
      {
        cause: err,
      },
    );
  }
}

function aborted(signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return new Promise(() => {}); // embedded without a signal: runs until the process ends
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
