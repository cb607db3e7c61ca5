import { type ParseArgsConfig, parseArgs } from 'node:util';

/** Wrong arguments: printed with a pointer to `--help`, exit code 3. */
export class UsageError extends Error {
  /** The command whose help to point at, if any. */
  readonly command: string | undefined;

  constructor(message: string, command?: string) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

/** What {@link parseCommandArgs} returns. */
export interface ParsedArgs {
  /** Option values by long name. */
  values: { [name: string]: string | boolean | (string | boolean)[] | undefined };
  /** Arguments that are not options. */
  positionals: string[];
}

/**
 * `node:util` parseArgs, strict, with its errors turned into {@link UsageError}s.
 *
 * @param command - the command, for the message
 * @param args - the arguments after the command
 * @param options - the options it takes
 * @returns parsed values and positionals
 */
export function parseCommandArgs(command: string, args: string[], options: NonNullable<ParseArgsConfig['options']>): ParsedArgs {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message, command);
  }
}

const CONFIG =
  '  -c, --config <file>     config file (YAML, JSON, JS or TS); default: the first of warden.yaml,\n' +
  '                          warden.yml, warden.json, warden.config.{ts,mts,js,mjs} in the current directory\n';

/** Help texts, by command. */
export const HELP: Record<string, string> = {
  main: `warden: run Warden from a config file

Usage: warden <command> [options]

Commands:
  check      run every check once, print a table, exit with the Nagios code (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN)
  run        run continuously: live status on a terminal, log lines otherwise; /metrics and /health when serving
  discover   find assets: \`discover snmp <address|cidr>…\` or \`discover cloud <provider>\`; prints them as config
  schema     print the JSON Schema of the config file, for editor completion

Options:
  -h, --help               help (also \`warden <command> --help\`)
  -v, --version            print the version

Errors (bad arguments, an invalid config) exit with 3 (UNKNOWN), as Nagios plugins do.
Docs: docs/cli.md
`,
  check: `Usage: warden check [options]

Runs each collector, then each check, once (no incidents, notifications or remediation),
prints one line per (check, asset) and exits with the Nagios code of the worst status:
0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (also for an invalid config, or no check matching).

Options:
${CONFIG}  -a, --assets <selector>  only these assets ("kind=host,site in (ams1)", "!canary")
      --json               print the report as JSON instead of a table
  -h, --help               this help
`,
  run: `Usage: warden run [options]

Runs the config continuously until SIGINT or SIGTERM (then stops cleanly and exits 0).
On a terminal it shows a live status table; otherwise it prints a log line per state change
and incident. With \`serve\` in the config (or --port) it serves /metrics, /health/live,
/health/ready, /incidents and POST /submit.

Options:
${CONFIG}  -p, --port <port>        serve HTTP on this port (overrides serve.port; 0 picks a free one)
      --host <address>     address to serve on (overrides serve.host; default 127.0.0.1)
  -h, --help               this help
`,
  discover: `Usage: warden discover snmp <address|cidr|host[:port]>… [options]
       warden discover cloud <provider> [options]

Runs a discoverer and prints what it found as config (YAML, or --json), ready to paste under
\`assets:\`. A progress bar is drawn on stderr when it is a terminal.

Options (both):
${CONFIG.replace('config file', 'config file, for plugin options (optional)')}      --json               print JSON instead of YAML
      --label <name=value> put this label on every asset found (repeatable)

snmp:
      --community <text>   community to try (repeatable; default public)
      --community-env <NAME>  community from an environment variable (repeatable; printed as { env: NAME })
      --snmp-version <1|2c> protocol version for the communities (default 2c)
      --port <port>        UDP port for targets without one (default 161)
      --timeout <duration> per-request timeout (default 1s)
      --retries <n>        retries after a timeout (default 0)
      --concurrency <n>    addresses probed at once (default 32)

cloud:
      --region <region>    region to list (repeatable; default: the provider's configured regions)
      --filter <name=v1,v2> provider filter, e.g. tag:env=prod (repeatable)
`,
  schema: `Usage: warden schema [--config <file>]

Prints the JSON Schema (draft-07) of the config file: sections, the names of every collector,
probe, action and notifier of core and the bundled plugins, their params, and the plugins'
connection blocks on assets. With --config naming a JS/TS config whose \`plugins\` is a list
of plugin instances, the schema describes those plugins instead (your own included).
Save it and point your editor at it:

  warden schema > warden.schema.json
  # first line of warden.yaml:
  # yaml-language-server: $schema=./warden.schema.json

Options:
  -c, --config <file>      a JS/TS config whose plugin instances to describe
  -h, --help               this help
`,
};
