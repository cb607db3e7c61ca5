import type { ActionDefinition } from '@warden/core';
import { z } from 'zod';
import { positiveDurationSchema } from '../duration-schema.js';
import type { SshSessions } from '../transport/session.js';

/** Params of `ssh.exec`. */
export const execParamsSchema = z.strictObject({
  /** Program and arguments; must start with an entry of the plugin's `allowCommands`. */
  command: z.array(z.string()).min(1),
  /** Run through sudo. @defaultValue false */
  sudo: z.boolean().optional(),
  /** Deadline. @defaultValue the plugin's commandTimeout */
  timeout: positiveDurationSchema.optional(),
});
/** Params of `ssh.exec`. */
export type ExecParams = z.infer<typeof execParamsSchema>;

/**
 * Whether an argv starts with one of the allowed prefixes (compared word by word, exactly).
 *
 * @param argv - the command
 * @param allowed - allowed argv prefixes
 * @returns true when allowed
 */
export function isAllowed(argv: readonly string[], allowed: readonly (readonly string[])[]): boolean {
  return allowed.some((prefix) => prefix.length <= argv.length && prefix.every((word, i) => argv[i] === word));
}

/**
 * `ssh.exec`: runs an allowlisted command. Nothing is allowed unless the plugin's
 * `allowCommands` lists it (as an argv prefix such as `['systemctl', 'reload', 'nginx']`).
 *
 * @param sessions - the plugin's connection layer
 * @param allowed - argv prefixes from the plugin options
 * @returns the action definition
 */
export function execAction(sessions: SshSessions, allowed: readonly (readonly string[])[]): ActionDefinition<ExecParams> {
  return {
    name: 'exec',
    description: 'Runs an allowlisted command over SSH',
    params: execParamsSchema,
    async run(asset, params, ctx) {
      if (!isAllowed(params.command, allowed)) {
        return {
          ok: false,
          error: `command ${JSON.stringify(params.command)} is not in the ssh plugin's allowCommands; add its prefix there to allow it`,
        };
      }
      const r = await sessions.exec(asset, params.command, ctx, { sudo: params.sudo, timeout: params.timeout });
      const output = `${r.stdout}${r.stderr ? `\n[stderr]\n${r.stderr}` : ''}`;
      return r.exitCode === 0 ? { ok: true, output } : { ok: false, output, error: `exited ${r.exitCode ?? r.signal}` };
    },
  };
}
