// Each command's options, kept apart from the commands so `warden --help` and `--version` load
// nothing else.

/** The `--config` option every command that reads a config takes. */
const CONFIG_OPTION = { config: { type: 'string', short: 'c' } } as const;

/** Options `warden check` takes. */
export const CHECK_OPTIONS = { ...CONFIG_OPTION, assets: { type: 'string', short: 'a' }, json: { type: 'boolean' } } as const;

/** Options `warden run` takes. */
export const RUN_OPTIONS = { ...CONFIG_OPTION, port: { type: 'string', short: 'p' }, host: { type: 'string' } } as const;

/** Options `warden discover` takes. */
export const DISCOVER_OPTIONS = {
  ...CONFIG_OPTION,
  json: { type: 'boolean' },
  label: { type: 'string', multiple: true },
  community: { type: 'string', multiple: true },
  'community-env': { type: 'string', multiple: true },
  'snmp-version': { type: 'string' },
  port: { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  concurrency: { type: 'string' },
  region: { type: 'string', multiple: true },
  filter: { type: 'string', multiple: true },
} as const;

/** Options `warden schema` takes. */
export const SCHEMA_OPTIONS = { ...CONFIG_OPTION } as const;
