import { configJsonSchema } from '../config/json-schema.js';
import type { CliIo } from '../io.js';
import type { ParsedArgs } from '../usage.js';

/**
 * `warden schema`: prints the config file's JSON Schema.
 *
 * @param _args - parsed arguments (none taken)
 * @param io - where to print
 * @returns 0
 */
export async function schemaCommand(_args: ParsedArgs, io: CliIo): Promise<number> {
  io.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  return 0;
}
