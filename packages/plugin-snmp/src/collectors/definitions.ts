import type { Asset, CollectContext, CollectorDefinition, HookContext, Sample } from '@warden/core';
import { z } from 'zod';
import type { SnmpReader } from '../reader.js';
import type { MibNames } from '../transport/mib-names.js';
import { asNumber, type Varbind } from '../varbind.js';
import { CounterGuard, type CounterVerdict } from './counter-guard.js';
import { HR_PROCESSOR_LOAD, HR_STORAGE_ENTRY, mapCpu, mapStorage } from './host-resources.js';
import { IF_COLUMNS, IF_ENTRY, IFX_COLUMNS, IFX_ENTRY, readInterfaces } from './interfaces.js';
import { mapProfile, profileColumns, resolveProfile, type TableProfile, tableProfileSchema, usesMibNames } from './profile.js';
import { ENT_PHYSICAL_NAME, ENT_SENSOR_ENTRY, mapSensors } from './sensors.js';
import { mapSystem, SYSTEM_OIDS } from './system.js';
import { mapUcd, UCD_DSK_ENTRY, UCD_LA_LOAD, UCD_MEMORY } from './ucd.js';
import { mapUps, UPS_MIB } from './ups.js';
import { walkAll } from './walks.js';

/** Gives a collector a reader for an asset, bound to the collection's deadline and signal. */
export type ReaderFor = (asset: Asset, ctx: HookContext) => Promise<SnmpReader>;

type Mapper = (reader: SnmpReader, ctx: CollectContext, asset: Asset, guard: CounterGuard) => Promise<Sample[]>;

function walking(oids: readonly string[], map: (walked: ReadonlyArray<readonly Varbind[]>) => Sample[]): Mapper {
  return async (reader, ctx) => {
    const { byOid } = await walkAll(reader, oids, ctx.logger);
    return map(oids.map((oid) => byOid.get(oid) ?? []));
  };
}

function reportVerdict(assetId: string, device: string, verdict: CounterVerdict, guard: CounterGuard, ctx: CollectContext): void {
  if (verdict.agentRestarted) {
    ctx.logger.info(
      { asset: assetId },
      `${device}: agent restarted (sysUpTime fell behind the time since the last poll); interface counters started again from zero`,
    );
  }
  if (verdict.discontinuous.length > 0) {
    ctx.logger.info(
      { asset: assetId, interfaces: verdict.discontinuous },
      `${device}: counters of ${verdict.discontinuous.join(', ')} became discontinuous (ifCounterDiscontinuityTime changed)`,
    );
  }
  for (const [name, reason] of verdict.withheld) {
    const first = guard.firstTime(`${assetId}\0${name}`);
    (first ? ctx.logger.warn : ctx.logger.debug).call(ctx.logger, { asset: assetId, interface: name }, `${device}: ${reason}`);
  }
}

const MAPPERS: Record<string, { description: string; run: Mapper }> = {
  system: {
    description: 'SNMPv2-MIB system group: sysUpTime as system.uptime, identity as snmp.system.info',
    run: async (reader) => mapSystem(await reader.get(Object.values(SYSTEM_OIDS))),
  },
  interfaces: {
    description: 'IF-MIB ifTable + ifXTable: traffic, packets, errors, discards, status and speed per interface',
    run: async (reader, ctx, asset, guard) => {
      // Only the columns the mapping uses, several per GETBULK (not every column of both tables).
      const ifTable = { entry: IF_ENTRY, columns: IF_COLUMNS };
      const oids = reader.version === '1' ? [ifTable] : [ifTable, { entry: IFX_ENTRY, columns: IFX_COLUMNS }];
      const at = ctx.clock.now();
      // sysUpTime and both tables at once: one round trip per table row batch, not their sum.
      const [uptime, { byOid }] = await Promise.all([
        reader.get([SYSTEM_OIDS.sysUpTime]).then(
          ([v]) => asNumber(v),
          () => undefined,
        ),
        walkAll(reader, oids, ctx.logger),
      ]);
      const ifEntries = byOid.get(IF_ENTRY) ?? [];
      const ifXEntries = byOid.get(IFX_ENTRY) ?? [];
      const { samples, discontinuities } = readInterfaces(ifEntries, ifXEntries);
      const verdict = guard.judge(asset.id, { at, uptime, discontinuities }, samples);
      reportVerdict(asset.id, reader.device, verdict, guard, ctx);
      return verdict.samples;
    },
  },
  storage: {
    description: 'HOST-RESOURCES-MIB hrStorageTable: filesystems and physical memory',
    run: walking([HR_STORAGE_ENTRY], ([entries]) => mapStorage(entries ?? [])),
  },
  cpu: {
    description: 'HOST-RESOURCES-MIB hrProcessorLoad: CPU utilization per processor and overall',
    run: walking([HR_PROCESSOR_LOAD], ([loads]) => mapCpu(loads ?? [])),
  },
  ucd: {
    description: 'UCD-SNMP-MIB (Net-SNMP agents): load averages, memory, swap and dskTable',
    run: walking([UCD_LA_LOAD, UCD_MEMORY, UCD_DSK_ENTRY], ([load, memory, disks]) => mapUcd(load ?? [], memory ?? [], disks ?? [])),
  },
  ups: {
    description: 'UPS-MIB (RFC 1628): battery, runtime, on-battery, load and line voltages',
    run: walking([UPS_MIB], ([varbinds]) => mapUps(varbinds ?? [])),
  },
  sensors: {
    description: 'ENTITY-SENSOR-MIB: temperatures, voltages, currents, power, fans',
    run: walking([ENT_SENSOR_ENTRY, ENT_PHYSICAL_NAME], ([sensors, names]) => mapSensors(sensors ?? [], names ?? [])),
  },
};

/** Params of the MIB collectors: none (an empty object is accepted, unknown keys are refused). */
export const noParams = z.strictObject({}).optional();

/** Names of the built-in SNMP collectors besides `table`. */
export const MIB_COLLECTORS = Object.keys(MAPPERS) as Array<'system' | 'interfaces' | 'storage' | 'cpu' | 'ucd' | 'ups' | 'sensors'>;

/**
 * The built-in MIB collectors (`snmp.system`, `snmp.interfaces`, …), each reading through `readerFor`.
 *
 * @param readerFor - gives a reader per asset and collection
 * @param guard - remembers each asset's previous interface collection (resets, 32-bit wraps)
 * @returns collector definitions to register
 */
export function mibCollectors(readerFor: ReaderFor, guard = new CounterGuard()): CollectorDefinition<z.infer<typeof noParams>>[] {
  return Object.entries(MAPPERS).map(([name, { description, run }]) => ({
    name,
    description,
    params: noParams,
    async collect(asset: Asset, ctx: CollectContext): Promise<Sample[]> {
      return run(await readerFor(asset, ctx), ctx, asset, guard);
    },
  }));
}

/**
 * The declarative `snmp.table` collector. MIB names in a profile are resolved when the collect
 * spec is registered: an unknown name is refused there, not at every collection.
 *
 * @param readerFor - gives a reader per asset and collection
 * @param mibNames - the module store's names (built on first use)
 * @returns the collector definition
 */
export function tableCollector(readerFor: ReaderFor, mibNames: () => MibNames): CollectorDefinition<ParsedTableProfile> {
  const params = tableProfileSchema.transform((profile, ctx) => {
    if (!usesMibNames(profile)) return profile;
    const { profile: resolved, unknown } = resolveProfile(profile, (name) => mibNames().resolve(name));
    if (unknown.length === 0) return resolved;
    ctx.issues.push({
      code: 'custom',
      input: profile,
      message: `unknown MIB name${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: load the module with snmp({ mibs: ['/path/to/MODULE.txt'] }) or use numeric OIDs`,
    });
    return z.NEVER;
  });
  return {
    name: 'table',
    description: 'Declarative profile: any scalar OIDs and table columns as metrics, with index labels, lookups, enums and scaling',
    params,
    async collect(asset, ctx, profile) {
      const reader = await readerFor(asset, ctx);
      const scalarOids = (profile.scalars ?? []).map((s) => s.oid);
      const scalars = [];
      for (let i = 0; i < scalarOids.length; i += 32) scalars.push(...(await reader.get(scalarOids.slice(i, i + 32))));
      const columns = profileColumns(profile);
      const { byOid } = columns.length > 0 ? await walkAll(reader, columns, ctx.logger) : { byOid: new Map() };
      return mapProfile(profile, scalars, byOid);
    },
  };
}

/** A validated `snmp.table` profile, MIB names resolved. */
type ParsedTableProfile = ReturnType<typeof tableProfileSchema.parse>;

/** Parameters of `snmp.table`, as written (re-exported for the registry). */
export type { TableProfile };
