/** snmpTrapOID.0: the notification OID in a v2c/v3 trap. */
export const SNMP_TRAP_OID = '1.3.6.1.6.3.1.1.4.1.0';
/** sysUpTime.0: the first varbind of a v2c/v3 trap. */
export const SYS_UPTIME = '1.3.6.1.2.1.1.3.0';
/** snmpTrapAddress.0: the original agent's address, added by proxies (RFC 3584). */
export const SNMP_TRAP_ADDRESS = '1.3.6.1.6.3.18.1.3.0';
/** snmpTraps: the generic notifications (`.1` coldStart … `.6` egpNeighborLoss). */
export const SNMP_TRAPS = '1.3.6.1.6.3.1.1.5';
/** UPS-MIB upsTraps (RFC 1628). */
export const UPS_TRAPS = '1.3.6.1.2.1.33.2';
/** UPS-MIB upsWellKnownAlarms: the values of upsAlarmDescr. */
export const UPS_WELL_KNOWN_ALARMS = '1.3.6.1.2.1.33.1.6.3';

/** Names of the notifications the plugin knows, by OID. */
export const TRAP_NAMES: ReadonlyMap<string, string> = new Map([
  [`${SNMP_TRAPS}.1`, 'coldStart'],
  [`${SNMP_TRAPS}.2`, 'warmStart'],
  [`${SNMP_TRAPS}.3`, 'linkDown'],
  [`${SNMP_TRAPS}.4`, 'linkUp'],
  [`${SNMP_TRAPS}.5`, 'authenticationFailure'],
  [`${SNMP_TRAPS}.6`, 'egpNeighborLoss'],
  [`${UPS_TRAPS}.1`, 'upsTrapOnBattery'],
  [`${UPS_TRAPS}.2`, 'upsTrapTestCompleted'],
  [`${UPS_TRAPS}.3`, 'upsTrapAlarmEntryAdded'],
  [`${UPS_TRAPS}.4`, 'upsTrapAlarmEntryRemoved'],
]);

/** RFC 1628 upsWellKnownAlarms, in order (`.1` = upsAlarmBatteryBad). */
export const UPS_ALARMS = [
  'upsAlarmBatteryBad',
  'upsAlarmOnBattery',
  'upsAlarmLowBattery',
  'upsAlarmDepletedBattery',
  'upsAlarmTempBad',
  'upsAlarmInputBad',
  'upsAlarmOutputBad',
  'upsAlarmOutputOverload',
  'upsAlarmOnBypass',
  'upsAlarmBypassBad',
  'upsAlarmOutputOffAsRequested',
  'upsAlarmUpsOffAsRequested',
  'upsAlarmChargerFailed',
  'upsAlarmUpsOutputOff',
  'upsAlarmUpsSystemOff',
  'upsAlarmFanFailure',
  'upsAlarmFuseFailure',
  'upsAlarmGeneralFault',
  'upsAlarmDiagnosticTestFailed',
  'upsAlarmCommunicationsLost',
  'upsAlarmAwaitingPower',
  'upsAlarmShutdownPending',
  'upsAlarmShutdownImminent',
  'upsAlarmTestInProgress',
] as const;

/**
 * The name of a notification OID. SMIv1 agents send RFC 1628's UPS traps as enterprise
 * `upsTraps`, specific N, which RFC 3584 translates to `upsTraps.0.N` while the SMIv2 OID is
 * `upsTraps.N`: both spellings are recognised.
 *
 * @param oid - the notification OID
 * @returns its name, or `undefined` for an unknown one
 */
export function trapName(oid: string): string | undefined {
  return TRAP_NAMES.get(oid) ?? TRAP_NAMES.get(canonicalTrapOid(oid));
}

/**
 * Removes the `.0.` arc RFC 3584 puts before the specific-trap number of a translated v1
 * trap, for the notifications whose SMIv2 OID has none (UPS-MIB).
 *
 * @param oid - the notification OID
 * @returns the SMIv2 spelling when the shorter OID is a known notification, else `oid`
 */
export function canonicalTrapOid(oid: string): string {
  if (TRAP_NAMES.has(oid)) return oid;
  const match = /^(.*)\.0\.(\d+)$/.exec(oid);
  if (match) {
    const short = `${match[1]}.${match[2]}`;
    if (TRAP_NAMES.has(short)) return short;
  }
  return oid;
}
