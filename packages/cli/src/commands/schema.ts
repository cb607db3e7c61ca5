import type { WardenPlugin } from '@warden/core';
import { configJsonSchema } from '../config/json-schema.js';
import { loadConfig } from '../config/load.js';
import type { CliIo } from '../io.js';
import type { ParsedArgs } from '../usage.js';
import { stringValue } from './shared.js';

/**
 * `warden schema`: prints the config file's JSON Schema — for the bundled plugins, or, with
 * `--config` naming a JS/TS config whose `plugins` is a list of instances, for those plugins
 * (your own included).
 *
 * @param args - parsed arguments
 * @param io - where to print
 * @returns 0
 */
export async function schemaCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const file = stringValue(args, 'config');
  let plugins: readonly WardenPlugin[] | undefined;
  if (file !== undefined) {
    const { config } = await loadConfig(file, { ...(io.cwd ? { cwd: io.cwd } : {}), command: 'schema' });
    if (Array.isArray(config.plugins)) plugins = config.plugins;
  }
  io.stdout.write(`${JSON.stringify(configJsonSchema(plugins), null, 2)}\n`);
  return 0;
}
