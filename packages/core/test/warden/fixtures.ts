import { z } from 'zod';
import type { CheckResult } from '../../src/checks/types.js';
import { WardenError } from '../../src/errors/warden-error.js';
import { definePlugin } from '../../src/plugins/define-plugin.js';
import type { Notification } from '../../src/plugins/types.js';

/** Calls recorded by the fake plugin, per hook. */
export interface FakeCalls {
  collect: string[];
  probe: string[];
  /** Utilization by mountpoint served by `fake.disks`; `fail` makes it throw. */
  disks?: Record<string, number>;
  /** Makes `fake.disks` throw a coded error. */
  failDisks?: boolean;
  /** What the `fake.record` notifier received. */
  notifications?: Notification[];
  /** Makes `fake.record` throw. */
  failNotify?: boolean;
}

/**
 * A plugin for engine tests: a `fake.counter` collector (value = call count), a `fake.fail`
 * collector that throws, and a `fake.status` probe that returns the status it is given.
 */
export function fakePlugin(calls: FakeCalls = { collect: [], probe: [] }) {
  return definePlugin({
    name: 'fake',
    version: '1.0.0',
    core: '^0.1.0',
    options: z.strictObject({}).optional(),
    assetConfig: z.strictObject({ password: z.unknown().optional() }),
    setup(ctx) {
      ctx.collector({
        name: 'counter',
        params: z.strictObject({}),
        collect: (asset) => {
          calls.collect.push(asset.id);
          return [{ name: 'fake.calls', value: calls.collect.filter((id) => id === asset.id).length }];
        },
      });
      ctx.collector({
        name: 'disks',
        params: z.strictObject({}),
        collect: () => {
          if (calls.failDisks) throw new WardenError('ERR_TIMEOUT', 'disk table did not answer in time');
          return Object.entries(calls.disks ?? {}).map(([mountpoint, value]) => ({
            name: 'system.filesystem.utilization',
            value,
            unit: '1',
            labels: { mountpoint },
          }));
        },
      });
      ctx.collector({
        name: 'fail',
        params: z.strictObject({}),
        collect: async (asset, hookCtx) => {
          const block = (asset as { fake?: { password?: unknown } }).fake;
          const password = block?.password ? await hookCtx.secrets.reveal(block.password as string) : 'none';
          throw new Error(`login to ${asset.id} failed with password ${password}`);
        },
      });
      ctx.notifier({
        name: 'record',
        params: z.strictObject({ to: z.string().default('ops') }),
        send: (notification) => {
          if (calls.failNotify) throw new Error('receiver is down');
          calls.notifications?.push(notification);
        },
      });
      ctx.probe({
        name: 'status',
        params: z.strictObject({ status: z.enum(['ok', 'warning', 'critical', 'unknown']), host: z.string().default('{address}') }),
        run: (asset, params): CheckResult => {
          calls.probe.push(asset.id);
          return {
            status: params.status,
            summary: `${params.status} from ${params.host}`,
            samples: [{ name: 'fake.latency', value: 0.25, unit: 's' }],
          };
        },
      });
    },
  })();
}
