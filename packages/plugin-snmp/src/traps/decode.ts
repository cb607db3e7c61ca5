import { asNumber, asString, SnmpType, type Varbind } from '../varbind.js';
import { canonicalTrapOid, SNMP_TRAP_ADDRESS, SNMP_TRAP_OID, SNMP_TRAPS, SYS_UPTIME, trapName } from './names.js';
import type { SnmpTrap } from './types.js';

/** PDU type tags (RFC 3416) of the notifications a receiver gets. */
export const NOTIFICATION_PDU = { trapV1: 164, inform: 166, trapV2: 167 } as const;

/** A received notification, already out of net-snmp (varbinds decoded). */
export interface RawNotification {
  /** The PDU type tag: 164 (v1 Trap), 166 (InformRequest) or 167 (SNMPv2-Trap). */
  pduType: number;
  /** True for a v3 (scoped) PDU. */
  scoped: boolean;
  /** The decoded varbinds. */
  varbinds: Varbind[];
  /** The sender. */
  source: { address: string; port: number };
  /** The v3 user, when known. */
  user?: string | undefined;
  /** v1 fields. */
  enterprise?: string | undefined;
  /** v1 agent-addr. */
  agentAddr?: string | undefined;
  /** v1 generic-trap. */
  generic?: number | undefined;
  /** v1 specific-trap. */
  specific?: number | undefined;
  /** v1 time-stamp (TimeTicks). */
  upTime?: number | undefined;
}

const ENTERPRISE_SPECIFIC = 6;

/**
 * Turns a received notification into an {@link SnmpTrap}: the version, the notification OID
 * (v1 traps translated as RFC 3584 says), its well-known name, the sender's uptime, the
 * originating agent, and the remaining varbinds.
 *
 * @param raw - the notification
 * @param receivedAt - when it arrived (ms since the epoch)
 * @returns the trap (not yet attached to an asset or mapped to a check result)
 */
export function decodeTrap(raw: RawNotification, receivedAt: number): SnmpTrap {
  const base = { inform: raw.pduType === NOTIFICATION_PDU.inform, source: raw.source, receivedAt };
  if (raw.pduType === NOTIFICATION_PDU.trapV1) {
    const enterprise = raw.enterprise ?? '';
    const generic = raw.generic ?? ENTERPRISE_SPECIFIC;
    const specific = raw.specific ?? 0;
    const trapOid = canonicalTrapOid(generic === ENTERPRISE_SPECIFIC ? `${enterprise}.0.${specific}` : `${SNMP_TRAPS}.${generic + 1}`);
    const trap: SnmpTrap = { version: '1', ...base, trapOid, varbinds: raw.varbinds, v1: { enterprise, generic, specific } };
    if (raw.agentAddr && raw.agentAddr !== '0.0.0.0' && raw.agentAddr !== raw.source.address) trap.agentAddress = raw.agentAddr;
    if (raw.upTime !== undefined) trap.uptime = raw.upTime / 100;
    return named(trap);
  }
  let uptime: number | undefined;
  let trapOid = '';
  let agentAddress: string | undefined;
  const varbinds: Varbind[] = [];
  for (const varbind of raw.varbinds) {
    if (varbind.oid === SYS_UPTIME && uptime === undefined) uptime = (asNumber(varbind) ?? 0) / 100;
    else if (varbind.oid === SNMP_TRAP_OID && trapOid === '') trapOid = canonicalTrapOid(asString(varbind) ?? '');
    else {
      if (varbind.oid === SNMP_TRAP_ADDRESS && varbind.type === SnmpType.IpAddress) agentAddress = asString(varbind);
      varbinds.push(varbind);
    }
  }
  const trap: SnmpTrap = { version: raw.scoped ? '3' : '2c', ...base, trapOid, varbinds };
  if (uptime !== undefined) trap.uptime = uptime;
  if (agentAddress && agentAddress !== raw.source.address) trap.agentAddress = agentAddress;
  if (raw.scoped && raw.user) trap.user = raw.user;
  return named(trap);
}

function named(trap: SnmpTrap): SnmpTrap {
  const name = trapName(trap.trapOid);
  if (name) trap.name = name;
  return trap;
}
