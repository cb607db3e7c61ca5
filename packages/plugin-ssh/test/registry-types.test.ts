// Type assertions checked by `tsc -p packages/plugin-ssh/tsconfig.json` (vitest's typecheck mode
// is not configured for this package); the runtime assertions check the same names exist.
import type { ActionRegistry, Asset, CollectorRegistry, Duration, ProbeRegistry } from '@warden/core';
import { expect, expectTypeOf, test } from 'vitest';
import type { SshOptions } from '../src/index.js';
import { sshAssetSchema } from '../src/options.js';

test('probe, collector and action names map to their params', () => {
  expectTypeOf<ProbeRegistry['ssh.systemdUnit']>().toEqualTypeOf<{ unit: string }>();
  expectTypeOf<ProbeRegistry['ssh.command']['command']>().toEqualTypeOf<string[]>();
  expectTypeOf<CollectorRegistry['ssh.files']>().toEqualTypeOf<{ paths: string[] }>();
  expectTypeOf<ActionRegistry['ssh.restartService']>().toEqualTypeOf<{ unit: string; sudo?: boolean | undefined }>();
  expectTypeOf<ActionRegistry>().toHaveProperty('ssh.reboot');
});

test('durations are typed as core Durations in options and params', () => {
  expectTypeOf<SshOptions['idleTimeout']>().toEqualTypeOf<Duration | undefined>();
  expectTypeOf<ProbeRegistry['ssh.command']['timeout']>().toEqualTypeOf<Duration | undefined>();
  expectTypeOf<ProbeRegistry['ssh.fileAge']['crit']>().toEqualTypeOf<Duration>();
  expectTypeOf<ActionRegistry['ssh.reboot']['waitFor']>().toEqualTypeOf<Duration | undefined>();
});

test('assets get a typed ssh block', () => {
  expectTypeOf<NonNullable<Asset['ssh']>['username']>().toEqualTypeOf<string>();
  expect(sshAssetSchema.safeParse({ username: 'monitor', password: 'x' }).success).toBe(true);
  expect(sshAssetSchema.safeParse({ username: 'monitor' }).success).toBe(false);
  // @ts-expect-error a typo in a probe name is a compile error
  expectTypeOf<ProbeRegistry['ssh.systemdunit']>().toBeObject();
});
