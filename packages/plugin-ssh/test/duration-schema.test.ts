import { describe, expect, it } from 'vitest';
import { applyUpdatesParamsSchema } from '../src/actions/apply-updates.js';
import { execParamsSchema } from '../src/actions/exec.js';
import { rebootParamsSchema } from '../src/actions/reboot.js';
import { sshOptionsSchema } from '../src/options.js';
import { commandParamsSchema } from '../src/probes/command.js';
import { fileAgeParamsSchema } from '../src/probes/file-age.js';

const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (r.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('durations are checked when the configuration is validated', () => {
  it('accepts strings core understands and whole milliseconds', () => {
    expect(commandParamsSchema.safeParse({ command: ['true'], timeout: '1h30m' }).success).toBe(true);
    expect(rebootParamsSchema.safeParse({ waitFor: 600_000, pollEvery: '250ms' }).success).toBe(true);
    expect(fileAgeParamsSchema.safeParse({ path: '/var/backup/db.gz', warn: '25h', crit: '2d' }).success).toBe(true);
    expect(sshOptionsSchema.safeParse({ idleTimeout: 0, keepalive: { interval: '15s' } }).success).toBe(true);
  });

  it('refuses what parseDuration would refuse at run time, naming the field', () => {
    expect(issues(execParamsSchema.safeParse({ command: ['true'], timeout: 'soon' }))).toEqual([
      'timeout: expected a duration above zero such as "30s" or "5m", or milliseconds',
    ]);
    expect(issues(fileAgeParamsSchema.safeParse({ path: '/x', crit: '1 day' }))).toEqual([
      'crit: expected a duration above zero such as "30s" or "5m", or milliseconds',
    ]);
    expect(issues(applyUpdatesParamsSchema.safeParse({ timeout: '30' }))[0]).toMatch(/^timeout: /);
    expect(issues(sshOptionsSchema.safeParse({ keepalive: { interval: '15 sec' } }))[0]).toMatch(
      /^keepalive\.interval: expected a duration/,
    );
  });

  it('refuses a zero deadline or wait in params', () => {
    expect(commandParamsSchema.safeParse({ command: ['true'], timeout: '0s' }).success).toBe(false);
    expect(rebootParamsSchema.safeParse({ waitFor: 0 }).success).toBe(false);
  });
});
