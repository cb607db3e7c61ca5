import { CHECK_OPTIONS, DISCOVER_OPTIONS, RUN_OPTIONS, SCHEMA_OPTIONS } from './commands/options.js';
import type { CliIo } from './io.js';
import { HELP, type ParsedArgs, parseCommandArgs, UsageError } from './usage.js';
import { cliVersion } from './version.js';

/** Exit code of every error (bad arguments, an invalid config, a failed start): Nagios' UNKNOWN. */
export const ERROR_EXIT_CODE = 3;

type Command = (args: ParsedArgs, io: CliIo) => Promise<number>;

// Commands load on use: `--help` and `--version` stay instant, and `schema` never loads the engine.
const COMMANDS = {
  check: {
    options: CHECK_OPTIONS,
    positionals: false,
    load: async (): Promise<Command> => (await import('./commands/check.js')).checkCommand,
  },
  run: { options: RUN_OPTIONS, positionals: false, load: async (): Promise<Command> => (await import('./commands/run.js')).runCommand },
  discover: {
    options: DISCOVER_OPTIONS,
    positionals: true,
    load: async (): Promise<Command> => (await import('./commands/discover.js')).discoverCommand,
  },
  schema: {
    options: SCHEMA_OPTIONS,
    positionals: false,
    load: async (): Promise<Command> => (await import('./commands/schema.js')).schemaCommand,
  },
} as const;

/**
 * The `warden` command line, callable in process: parses `argv` (without `node` and the script),
 * runs the command against `io` and resolves to the exit code, never throwing and never calling
 * `process.exit`.
 *
 * @param argv - the arguments, e.g. `['check', '--config', 'warden.yaml']`
 * @param io - streams, environment, working directory and the stop signal
 * @returns the exit code: `check` gives the Nagios code (0–3); errors give 3
 * @example
 * ```ts
 * import { main, processIo } from '@warden/cli';
 * process.exitCode = await main(['check', '--config', 'warden.yaml'], processIo());
 * ```
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    io.stdout.write(HELP[topic !== undefined && topic in HELP ? topic : 'main'] ?? '');
    return first === undefined ? ERROR_EXIT_CODE : 0;
  }
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${cliVersion()}\n`);
    return 0;
  }
  try {
    if (!Object.hasOwn(COMMANDS, first)) {
      throw new UsageError(
        first.startsWith('-') ? `unknown option ${first}` : `unknown command "${first}"; commands: ${Object.keys(COMMANDS).join(', ')}`,
      );
    }
    const command = COMMANDS[first as keyof typeof COMMANDS];
    const args = parseCommandArgs(first, [...rest], command.options);
    if (args.values.help === true) {
      io.stdout.write(HELP[first] ?? '');
      return 0;
    }
    if (!command.positionals && args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`, first);
    return await (await command.load())(args, io);
  } catch (err) {
    return await report(err, io);
  }
}

async function report(err: unknown, io: CliIo): Promise<number> {
  const { isWardenError } = await import('@warden/core');
  if (err instanceof UsageError) {
    io.stderr.write(`warden: ${err.message}\nRun \`warden ${err.command ? `${err.command} ` : ''}--help\` for usage.\n`);
  } else if (isWardenError(err)) {
    io.stderr.write(`warden: ${err.message} [${err.code}]\n`);
  } else {
    io.stderr.write(`warden: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  return ERROR_EXIT_CODE;
}
