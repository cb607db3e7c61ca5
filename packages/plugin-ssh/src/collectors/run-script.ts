import { WardenError } from '@warden/core';
import type { CommandResult } from '../transport/session.js';

/**
 * The error for a collector command that failed on the host.
 *
 * @param collector - collector name
 * @param assetId - the asset
 * @param r - the command's result
 * @returns an `ERR_COLLECT` error quoting stderr
 */
export function commandFailed(collector: string, assetId: string, r: CommandResult): WardenError {
  const why = r.stderr.trim().split('\n').slice(-3).join(' / ') || `exit code ${r.exitCode}`;
  return new WardenError(
    'ERR_COLLECT',
    `${collector} on ${assetId}: the command failed (${why}); check the account's permissions and PATH`,
  );
}
