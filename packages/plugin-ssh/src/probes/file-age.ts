import { type ProbeDefinition, parseDuration } from '@warden/core';
import { z } from 'zod';
import { remotePath, statFiles } from '../collectors/files.js';
import { positiveDurationSchema } from '../duration-schema.js';
import type { SshSessions } from '../transport/session.js';

/** Params of `ssh.fileAge`. */
export const fileAgeParamsSchema = z.strictObject({
  /** The file (a backup, a heartbeat file). */
  path: remotePath,
  /** Older than this is a warning. */
  warn: positiveDurationSchema.optional(),
  /** Older than this is critical. */
  crit: positiveDurationSchema,
});
/** Params of `ssh.fileAge`. */
export type FileAgeParams = z.infer<typeof fileAgeParamsSchema>;

/**
 * `ssh.fileAge`: backup freshness — critical when the file is missing or older than `crit`,
 * warning when older than `warn`. Ages use the remote clock.
 *
 * @param sessions - the plugin's connection layer
 * @returns the probe definition
 */
export function fileAgeProbe(sessions: SshSessions): ProbeDefinition<FileAgeParams> {
  return {
    name: 'fileAge',
    description: 'A file exists and was modified recently enough (backup freshness)',
    params: fileAgeParamsSchema,
    async run(asset, params, ctx) {
      const [f] = await statFiles(sessions, asset, [params.path], ctx);
      if (!f?.exists) return { status: 'critical', summary: `${params.path} does not exist` };
      if (f.ageSeconds === undefined) return { status: 'unknown', summary: `${params.path}: modification time unreadable` };
      const ageMs = f.ageSeconds * 1000;
      const samples = [{ name: 'ssh.file.age', value: f.ageSeconds, unit: 's', type: 'gauge' as const, labels: { path: params.path } }];
      const text = `${params.path} is ${formatAge(f.ageSeconds)} old`;
      if (ageMs > parseDuration(params.crit, 'crit')) return { status: 'critical', summary: `${text} (limit ${params.crit})`, samples };
      if (params.warn !== undefined && ageMs > parseDuration(params.warn, 'warn'))
        return { status: 'warning', summary: `${text} (limit ${params.warn})`, samples };
      return { status: 'ok', summary: text, samples };
    },
  };
}

function formatAge(s: number): string {
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  if (s < 172800) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86400)}d`;
}
