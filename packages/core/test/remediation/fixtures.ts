import { z } from 'zod';
import type { ChangeHandle, ChangeSpec, ChangeSpecBase } from '../../src/change/types.js';
import { definePlugin } from '../../src/plugins/define-plugin.js';
import type { ActOptions, ActResult } from '../../src/remediation/types.js';
import { secret } from '../../src/secrets/secret.js';
import type { Warden } from '../../src/warden/types.js';

// The shim's actions, typed for rules in these tests (`remediate()` steps are typed from the registry).
declare module '../../src/plugins/registry-types.js' {
  interface ActionRegistry {
    /** @internal a test shim, kept out of the API docs */
    'shim.restart': { service: string; host?: string };
    /** @internal a test shim */
    'shim.throws': Record<string, never>;
    /** @internal a test shim */
    'shim.hangs': Record<string, never>;
    /** @internal a test shim */
    'shim.garbage': Record<string, never>;
    /** @internal a test shim */
    'shim.leaky': Record<string, never>;
  }
}

/** What the fake actions were told, as `action asset params-json`. */
export interface ActionCalls {
  told: string[];
  /** Whether a hung action saw its signal abort. */
  abortedHangs: number;
  /** Makes `shim.restart` report failure. */
  fail?: boolean;
}

/** The value `shim.leaky` reveals and prints; audits and results must show `[redacted]` instead. */
export const LEAKED = 'hunter2-very-secret';

/**
 * Calls `warden.act` with an action the typed registry does not know (the shim's), without
 * augmenting `ActionRegistry` for the whole program.
 */
export function act(warden: Warden, action: string, assetId: string, params: unknown, options?: ActOptions): Promise<ActResult> {
  return warden.act(action as 'exec.local', assetId, params as never, options);
}

/** A change of an action the typed registry does not know (the test plugins'). */
export type UntypedChange = ChangeSpecBase & { action: string; params?: unknown };

/** Calls `warden.change` with an action the typed registry does not know, as {@link act} does for `act`. */
export function change(warden: Warden, spec: UntypedChange): ChangeHandle {
  return warden.change(spec as unknown as ChangeSpec);
}

/**
 * Fake, harmless actions that record what they were told: `restart` (ok unless `fail`),
 * `throws`, `hangs` (never settles), `garbage` (returns a number), `leaky` (prints a secret).
 */
export function shimPlugin(calls: ActionCalls) {
  return definePlugin({
    name: 'shim',
    version: '1.0.0',
    core: '^0.1.0',
    setup(ctx) {
      ctx.action({
        name: 'restart',
        destructive: true,
        params: z.strictObject({ service: z.string().min(1), host: z.string().optional() }),
        run: (asset, params) => {
          calls.told.push(`restart ${asset.id} ${JSON.stringify(params)}`);
          return calls.fail
            ? { ok: false, error: `${params.service} did not come back` }
            : { ok: true, output: `${params.service} restarted` };
        },
      });
      ctx.action({
        name: 'throws',
        params: z.strictObject({}),
        run: (asset) => {
          calls.told.push(`throws ${asset.id}`);
          throw new Error('socket hang up');
        },
      });
      ctx.action({
        name: 'hangs',
        params: z.strictObject({}),
        run: (asset, _params, hookCtx) => {
          calls.told.push(`hangs ${asset.id}`);
          hookCtx.signal.addEventListener('abort', () => calls.abortedHangs++);
          return new Promise(() => {});
        },
      });
      ctx.action({
        name: 'garbage',
        params: z.strictObject({}),
        run: () => 42 as never,
      });
      ctx.action({
        name: 'leaky',
        params: z.strictObject({}),
        run: async (_asset, _params, hookCtx) => {
          const value = await hookCtx.secrets.reveal(secret.value(LEAKED));
          return { ok: false, output: `logged in with ${value}`, error: `auth ${value} rejected` };
        },
      });
    },
  })();
}
