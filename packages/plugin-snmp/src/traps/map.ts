import type { CheckStatus } from '@warden/core';
import { asNumber, asString, isUnder, normalizeOid, type Varbind } from '../varbind.js';
import { UPS_ALARMS, UPS_WELL_KNOWN_ALARMS } from './names.js';
import type { SnmpTrap, TrapCheckResult } from './types.js';

const IF_ENTRY = '1.3.6.1.2.1.2.2.1';
const IF_NAME = '1.3.6.1.2.1.31.1.1.1.1';
const UPS_ALARM_DESCR = '1.3.6.1.2.1.33.1.6.2.1.2';
const UPS_MINUTES_REMAINING = '1.3.6.1.2.1.33.1.2.3.0';
const UPS_SECONDS_ON_BATTERY = '1.3.6.1.2.1.33.1.2.2.0';

// Alarms that mean the load is (about to be) lost or the battery cannot carry it.
const CRITICAL_ALARMS = new Set<string>([
  'upsAlarmBatteryBad',
  'upsAlarmOnBattery',
  'upsAlarmLowBattery',
  'upsAlarmDepletedBattery',
  'upsAlarmOutputBad',
  'upsAlarmOutputOverload',
  'upsAlarmChargerFailed',
  'upsAlarmUpsOutputOff',
  'upsAlarmUpsSystemOff',
  'upsAlarmGeneralFault',
  'upsAlarmShutdownPending',
  'upsAlarmShutdownImminent',
]);

function passive(check: string, status: CheckStatus, summary: string, key?: string): TrapCheckResult {
  return key === undefined ? { check, result: { status, summary } } : { check, key, result: { status, summary } };
}

function column(varbinds: readonly Varbind[], entry: string, col: number): Varbind | undefined {
  return varbinds.find((v) => isUnder(v.oid, `${entry}.${col}`));
}

function linkResult(trap: SnmpTrap, from: string, down: boolean): TrapCheckResult {
  const ifIndex = column(trap.varbinds, IF_ENTRY, 1);
  const index = asNumber(ifIndex) ?? Number(ifIndex?.oid.split('.').pop() ?? Number.NaN);
  const name =
    asString(trap.varbinds.find((v) => isUnder(v.oid, IF_NAME))) ||
    asString(column(trap.varbinds, IF_ENTRY, 2)) ||
    (Number.isFinite(index) ? `ifIndex ${index}` : 'an interface');
  const adminDown = asNumber(column(trap.varbinds, IF_ENTRY, 7)) === 2;
  const where = Number.isFinite(index) && !name.startsWith('ifIndex') ? ` (ifIndex ${index})` : '';
  if (!down) return passive('snmp.trap.link', 'ok', `linkUp from ${from}: ${name}${where} is up`, name);
  return passive(
    'snmp.trap.link',
    adminDown ? 'warning' : 'critical',
    `linkDown from ${from}: ${name}${where} is down${adminDown ? ' (shut down by an operator)' : ''}`,
    name,
  );
}

function alarmName(trap: SnmpTrap): string {
  const descr = asString(trap.varbinds.find((v) => isUnder(v.oid, UPS_ALARM_DESCR)));
  if (!descr) return 'an unnamed alarm';
  const oid = normalizeOid(descr);
  if (isUnder(oid, UPS_WELL_KNOWN_ALARMS)) {
    const n = Number(oid.slice(UPS_WELL_KNOWN_ALARMS.length + 1));
    return UPS_ALARMS[n - 1] ?? oid;
  }
  return oid;
}

function upsAlarmResult(trap: SnmpTrap, from: string, added: boolean): TrapCheckResult {
  const alarm = alarmName(trap);
  // upsTrapOnBattery has no counterpart: the return to mains is the removal of upsAlarmOnBattery.
  const check = alarm === 'upsAlarmOnBattery' ? 'snmp.trap.ups.power' : 'snmp.trap.ups.alarm';
  if (!added) return passive(check, 'ok', `UPS ${from}: ${alarm} cleared`, alarm);
  return passive(check, CRITICAL_ALARMS.has(alarm) ? 'critical' : 'warning', `UPS ${from}: ${alarm} raised`, alarm);
}

function onBatteryResult(trap: SnmpTrap, from: string): TrapCheckResult {
  const minutes = asNumber(trap.varbinds.find((v) => v.oid === UPS_MINUTES_REMAINING));
  const seconds = asNumber(trap.varbinds.find((v) => v.oid === UPS_SECONDS_ON_BATTERY));
  const parts = [
    seconds === undefined ? undefined : `on battery for ${seconds} s`,
    minutes === undefined ? undefined : `${minutes} min of battery left`,
  ].filter((p): p is string => p !== undefined);
  return passive(
    'snmp.trap.ups.power',
    'critical',
    `UPS ${from}: on battery${parts.length ? ` (${parts.join(', ')})` : ''}`,
    'upsAlarmOnBattery',
  );
}

/**
 * What a well-known trap says, as a passive check result: linkDown → `critical` (`warning` when
 * ifAdminStatus says an operator shut the port) and linkUp → `ok` on `snmp.trap.link` keyed by
 * interface; coldStart/warmStart → `warning` on `snmp.trap.restart`; authenticationFailure →
 * `warning` on `snmp.trap.auth`; UPS-MIB upsTrapOnBattery and upsAlarmOnBattery added →
 * `critical`, removed → `ok` on `snmp.trap.ups.power`; other UPS alarms on `snmp.trap.ups.alarm`,
 * keyed by alarm. Pure: no I/O.
 *
 * @param trap - the decoded trap
 * @returns the result, or `undefined` for a trap it does not know
 * @example
 * ```ts
 * // The receiver already submits trap.passive; this is the default mapping, for a trap
 * // replayed from a log or forwarded by another receiver:
 * const passive = trapCheckResult(trap);
 * if (passive && trap.asset) await warden.submit(passive.check, trap.asset, passive.result);
 * ```
 */
export function trapCheckResult(trap: SnmpTrap): TrapCheckResult | undefined {
  const from = trap.asset ?? trap.agentAddress ?? trap.source.address;
  switch (trap.name) {
    case 'linkDown':
      return linkResult(trap, from, true);
    case 'linkUp':
      return linkResult(trap, from, false);
    case 'coldStart':
    case 'warmStart':
      return passive(
        'snmp.trap.restart',
        'warning',
        `${trap.name} from ${from}: the agent ${trap.name === 'coldStart' ? 'restarted (its configuration may have changed)' : 'reinitialised'}${trap.uptime === undefined ? '' : `, up ${trap.uptime} s`}`,
      );
    case 'authenticationFailure':
      return passive('snmp.trap.auth', 'warning', `authenticationFailure from ${from}: the agent refused a request with wrong credentials`);
    case 'upsTrapOnBattery':
      return onBatteryResult(trap, from);
    case 'upsTrapAlarmEntryAdded':
      return upsAlarmResult(trap, from, true);
    case 'upsTrapAlarmEntryRemoved':
      return upsAlarmResult(trap, from, false);
    default:
      return undefined;
  }
}
