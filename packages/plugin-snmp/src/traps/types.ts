import type { CheckResult } from '@warden/core';
import type { Varbind } from '../varbind.js';

/**
 * A notification received by the trap receiver (a v1 Trap, a v2c/v3 SNMPv2-Trap or an Inform),
 * as the `snmp:trap` event carries it.
 */
export interface SnmpTrap {
  /** The SNMP version it arrived in. */
  version: '1' | '2c' | '3';
  /** True for an InformRequest (already acknowledged to the sender). */
  inform: boolean;
  /** Where the packet came from. */
  source: {
    /** Sender IP address. */
    address: string;
    /** Sender UDP port. */
    port: number;
  };
  /**
   * The originating agent when it differs from the packet source: the v1 agent-addr field, or
   * `snmpTrapAddress.0` (`1.3.6.1.6.3.18.1.3.0`) that proxies add.
   */
  agentAddress?: string;
  /** The asset the trap was attached to by source (or agent) address, when one matches. */
  asset?: string;
  /**
   * The notification OID (`snmpTrapOID.0`); for a v1 trap, translated as RFC 3584 says: generic
   * traps to `1.3.6.1.6.3.1.1.5.<generic + 1>`, enterprise-specific ones to `<enterprise>.0.<specific>`.
   */
  trapOid: string;
  /** The notification's name when it is a well-known one (`linkDown`, `upsTrapOnBattery`). */
  name?: string;
  /** The sender's sysUpTime when it sent the trap, in seconds. */
  uptime?: number;
  /** The varbinds after sysUpTime and snmpTrapOID (for v1: all of them). */
  varbinds: Varbind[];
  /** The SNMPv3 user that sent it (v3 only; communities are never carried, being secrets). */
  user?: string;
  /** For v1: the enterprise, generic-trap and specific-trap fields as received. */
  v1?: {
    /** The enterprise OID (sysObjectID of the sender, or the trap group). */
    enterprise: string;
    /** generic-trap: 0 coldStart … 5 egpNeighborLoss, 6 enterpriseSpecific. */
    generic: number;
    /** specific-trap: the enterprise's trap number. */
    specific: number;
  };
  /** For well-known traps: the passive check result they imply (see {@link trapCheckResult}). */
  passive?: TrapCheckResult;
  /** When the receiver got it (ms since the epoch, on Warden's clock). */
  receivedAt: number;
}

/**
 * What a well-known trap says about its asset, as a passive check result. The receiver submits
 * it (`warden.submit(passive.check, trap.asset, passive.result)`) when the trap is attached to
 * an asset the check covers.
 */
export interface TrapCheckResult {
  /**
   * The passive check id: by default `snmp.trap.link`, `snmp.trap.restart`, `snmp.trap.auth`,
   * `snmp.trap.ups.power` or `snmp.trap.ups.alarm`; on a received trap, the id
   * `snmp({ traps: { checks } })` names for its kind.
   */
  check: string;
  /**
   * What the result is about within the check, when one check covers several things (the
   * interface name of a link trap, the alarm of a UPS alarm trap): results with different keys
   * are independent.
   */
  key?: string;
  /** The result to submit: the status the trap implies and one line naming the trap, the interface or alarm, and the sender. */
  result: CheckResult;
}
