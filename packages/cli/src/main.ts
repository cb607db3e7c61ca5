import { isWardenError } from '@warden/core';
import { CHECK_OPTIONS, checkCommand } from './commands/check.js';
import { DISCOVER_OPTIONS, discoverCommand } from './commands/discover.js';
import { RUN_OPTIONS, runCommand } from './commands/run.js';
import { schemaCommand } from './commands/schema.js';
import type { CliIo } from './io.js';
import { HELP, parseCommandArgs, UsageError } from './usage.js';
import { cliVersion } from './version.js';

/** Exit code of every error (bad arguments, an invalid config, a failed start): Nagios' UNKNOWN. */
export const ERROR_EXIT_CODE = 3;

const COMMANDS = {
  check: { options: CHECK_OPTIONS, run: checkCommand, positionals: false },
  run: { options: RUN_OPTIONS, run: runCommand, positionals: false },
  discover: { options: DISCOVER_OPTIONS, run: discoverCommand, positionals: true },
  schema: { options: {}, run: schemaCommand, positionals: false },
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
    return await command.run(args, io);
  } catch (err) {
    return report(err, io);
  }
}

function report(err: unknown, io: CliIo): number {
  if (err instanceof UsageError) {
    io.stderr.write(`warden: ${err.message}\nRun \`warden ${err.command ? `${err.command} ` : ''}--help\` for usage.\n`);
  } else if (isWardenError(err)) {
    io.stderr.write(`warden: ${err.message} [${err.code}]\n`);
  } else {
    io.stderr.write(`warden: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  return ERROR_EXIT_CODE;
}
