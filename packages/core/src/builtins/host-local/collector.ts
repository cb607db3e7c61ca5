import { statfs as fsStatfs } from 'node:fs/promises';
import * as nodeOs from 'node:os';
import type { Asset } from '../../assets/types.js';
import { WardenError } from '../../errors/warden-error.js';
import { parseDuration } from '../../internal/duration.js';
import type { Sample } from '../../metrics/types.js';
import type { CollectContext, CollectorDefinition } from '../../plugins/types.js';
import { createCpuTracker } from './cpu-tracker.js';
import { linuxSources } from './linux-sources.js';
import { DEFAULT_EXCLUDED_FS_TYPES, DEFAULT_EXCLUDED_MOUNT_POINTS, type HostLocalParams, hostLocalParamsSchema } from './options.js';
import { type OsInfo, osSources } from './os-fallback.js';
import type { StatFsInfo } from './samples.js';
import type { HostSource } from './source.js';

/** Where `host.local` reads from; every field is for tests and unusual systems. */
export interface HostLocalOptions {
  /**
   * The `/proc` to read (tests point it at recorded snapshots).
   * @defaultValue `'/proc'`
   */
  procRoot?: string;
  /**
   * How a mount point's space is read.
   * @defaultValue `fs.promises.statfs`
   */
  statfs?: (path: string) => Promise<StatFsInfo>;
  /**
   * Which platform to behave as: `linux` reads `procRoot`, anything else uses `node:os`.
   * @defaultValue `process.platform`
   */
  platform?: NodeJS.Platform;
  /**
   * The `node:os` functions the non-Linux fallback uses.
   * @defaultValue `node:os`
   */
  os?: OsInfo;
}

/**
 * Creates the built-in `host.local` collector, which measures the machine Warden runs on
 * (attach it to the asset standing for that machine). On Linux it reads `/proc` and `statfs`;
 * elsewhere it falls back to `node:os`. CPU utilization needs two readings, so the first
 * collection for an asset returns everything else (`deltas: true`); previous readings are
 * kept per asset id in this instance, so create one per Warden instance.
 *
 * A source that cannot be read (one file, one mount) is logged and skipped; the collection
 * fails with `ERR_COLLECT` only when nothing could be read.
 *
 * @param options - see {@link HostLocalOptions}
 * @returns the collector definition, named `host.local`
 * @example
 * ```ts
 * const collector = createHostLocalCollector({ procRoot: '/host/proc' }); // inside a container
 * ```
 */
export function createHostLocalCollector(options: HostLocalOptions = {}): CollectorDefinition<HostLocalParams> {
  const procRoot = options.procRoot ?? '/proc';
  const statfs = options.statfs ?? ((path: string) => fsStatfs(path));
  const platform = options.platform ?? process.platform;
  const os = options.os ?? nodeOs;
  const cpu = createCpuTracker();

  const sourcesFor = (asset: Asset, ctx: CollectContext, params: HostLocalParams): HostSource[] => {
    const perCpu = params.perCpu ?? true;
    if (platform !== 'linux') return osSources({ os, platform, cpu, key: asset.id, perCpu });
    return linuxSources({
      procRoot,
      statfs,
      statfsTimeoutMs: parseDuration(params.statfsTimeout ?? '5s', 'host.local params.statfsTimeout'),
      mountFilter: {
        excludeFsTypes: params.excludeFsTypes ?? DEFAULT_EXCLUDED_FS_TYPES,
        excludeMountPoints: params.excludeMountPoints ?? DEFAULT_EXCLUDED_MOUNT_POINTS,
      },
      excludeDevices: params.excludeDevices ?? [],
      perCpu,
      cpu,
      key: asset.id,
      clock: ctx.clock,
      signal: ctx.signal,
      logger: ctx.logger,
    });
  };

  return {
    name: 'host.local',
    description: 'CPU, load, memory, swap, filesystems, network, uptime and processes of the machine Warden runs on',
    params: hostLocalParamsSchema,
    deltas: true,
    async collect(asset, ctx, params) {
      const samples: Sample[] = [];
      const failures: { what: string; err: unknown }[] = [];
      const sources = sourcesFor(asset, ctx, params ?? {});
      for (const source of sources) {
        throwIfAborted(ctx.signal, asset);
        try {
          samples.push(...(await source.read()));
        } catch (err) {
          throwIfAborted(ctx.signal, asset);
          failures.push({ what: source.what, err });
          ctx.logger.warn(
            { err, source: source.what },
            `host.local on ${asset.id}: reading ${source.what} failed; its metrics are skipped`,
          );
        }
      }
      // A run aborted during the last source must not pass for a complete one.
      throwIfAborted(ctx.signal, asset);
      if (failures.length === sources.length) {
        const reasons = failures.map((f) => `${f.what}: ${f.err instanceof Error ? f.err.message : String(f.err)}`).join('; ');
        throw new WardenError(
          'ERR_COLLECT',
          `host.local on ${asset.id}: nothing could be read (${reasons}); check that ${platform === 'linux' ? procRoot : 'node:os'} is available to this process`,
          { cause: failures[0]?.err },
        );
      }
      return samples;
    },
  };
}

function throwIfAborted(signal: AbortSignal, asset: Asset): void {
  if (signal.aborted) throw new WardenError('ERR_ABORTED', `host.local on ${asset.id}: aborted`, { cause: signal.reason });
}
