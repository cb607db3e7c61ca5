import { describe, expect, it } from 'vitest';
import { routeTrapCheck } from '../../src/traps/checks.js';
import { decodeTrap, NOTIFICATION_PDU, type RawNotification } from '../../src/traps/decode.js';
import { trapCheckResult } from '../../src/traps/map.js';
import { SnmpType, type Varbind } from '../../src/varbind.js';

const source = { address: '10.0.0.2', port: 40000 };
const oidVb = (oid: string, value: string): Varbind => ({ oid, type: SnmpType.OID, value });
const intVb = (oid: string, value: number): Varbind => ({ oid, type: SnmpType.Integer, value });
const textVb = (oid: string, value: string): Varbind => ({ oid, type: SnmpType.OctetString, value: Buffer.from(value) });

function v2(trapOid: string, varbinds: Varbind[] = []): RawNotification {
  return {
    pduType: NOTIFICATION_PDU.trapV2,
    scoped: false,
    source,
    varbinds: [{ oid: '1.3.6.1.2.1.1.3.0', type: SnmpType.TimeTicks, value: 12_345 }, oidVb('1.3.6.1.6.3.1.1.4.1.0', trapOid), ...varbinds],
  };
}

const result = (raw: RawNotification) => trapCheckResult(decodeTrap(raw, 0));

describe('decodeTrap', () => {
  it('takes the notification OID and uptime out of a v2 trap and keeps the rest', () => {
    const trap = decodeTrap(v2('1.3.6.1.6.3.1.1.5.3', [intVb('1.3.6.1.2.1.2.2.1.1.7', 7)]), 5);
    expect(trap).toMatchObject({ version: '2c', trapOid: '1.3.6.1.6.3.1.1.5.3', name: 'linkDown', uptime: 123.45, receivedAt: 5 });
    expect(trap.varbinds.map((v) => v.oid)).toEqual(['1.3.6.1.2.1.2.2.1.1.7']);
  });

  it('names the originating agent a proxy put in snmpTrapAddress', () => {
    const trap = decodeTrap(v2('1.3.6.1.6.3.1.1.5.1', [{ oid: '1.3.6.1.6.3.18.1.3.0', type: SnmpType.IpAddress, value: '192.0.2.7' }]), 0);
    expect(trap.agentAddress).toBe('192.0.2.7');
  });

  it('translates v1 enterprise-specific traps to enterprise.0.specific', () => {
    const trap = decodeTrap(
      {
        pduType: NOTIFICATION_PDU.trapV1,
        scoped: false,
        source,
        varbinds: [],
        enterprise: '1.3.6.1.4.1.9.9.41.2',
        generic: 6,
        specific: 1,
      },
      0,
    );
    expect(trap).toMatchObject({ version: '1', trapOid: '1.3.6.1.4.1.9.9.41.2.0.1' });
    expect(trap.name).toBeUndefined();
    expect(trapCheckResult(trap)).toBeUndefined();
  });
});

describe('trapCheckResult', () => {
  it('keys link results by interface and treats an operator shutdown as a warning', () => {
    const down = (admin: number) =>
      result(
        v2('1.3.6.1.6.3.1.1.5.3', [
          intVb('1.3.6.1.2.1.2.2.1.1.5', 5),
          intVb('1.3.6.1.2.1.2.2.1.7.5', admin),
          textVb('1.3.6.1.2.1.2.2.1.2.5', 'eth4'),
        ]),
      );
    expect(down(1)).toEqual({
      check: 'snmp.trap.link',
      key: 'eth4',
      result: { status: 'critical', summary: 'linkDown from 10.0.0.2: eth4 (ifIndex 5) is down' },
    });
    expect(down(2)?.result).toMatchObject({ status: 'warning', summary: expect.stringContaining('shut down by an operator') });
  });

  it('names the interface by ifIndex when the trap carries no name', () => {
    expect(result(v2('1.3.6.1.6.3.1.1.5.4', [intVb('1.3.6.1.2.1.2.2.1.1.9', 9)]))).toEqual({
      check: 'snmp.trap.link',
      key: 'ifIndex 9',
      result: { status: 'ok', summary: 'linkUp from 10.0.0.2: ifIndex 9 is up' },
    });
  });

  it('maps UPS alarms: on-battery to the power check, others by severity, removals to ok', () => {
    const alarm = (trap: string, n: number) =>
      result(v2(trap, [intVb('1.3.6.1.2.1.33.1.6.2.1.1.4', 4), oidVb('1.3.6.1.2.1.33.1.6.2.1.2.4', `1.3.6.1.2.1.33.1.6.3.${n}`)]));
    expect(alarm('1.3.6.1.2.1.33.2.3', 2)).toMatchObject({
      check: 'snmp.trap.ups.power',
      key: 'upsAlarmOnBattery',
      result: { status: 'critical' },
    });
    expect(alarm('1.3.6.1.2.1.33.2.4', 2)).toMatchObject({ check: 'snmp.trap.ups.power', result: { status: 'ok' } });
    expect(alarm('1.3.6.1.2.1.33.2.3', 3)).toMatchObject({
      check: 'snmp.trap.ups.alarm',
      key: 'upsAlarmLowBattery',
      result: { status: 'critical' },
    });
    expect(alarm('1.3.6.1.2.1.33.2.3', 16)).toMatchObject({
      check: 'snmp.trap.ups.alarm',
      key: 'upsAlarmFanFailure',
      result: { status: 'warning' },
    });
    expect(alarm('1.3.6.1.2.1.33.2.4', 16)?.result).toEqual({ status: 'ok', summary: 'UPS 10.0.0.2: upsAlarmFanFailure cleared' });
  });

  it('leaves unknown notifications unmapped', () => {
    expect(result(v2('1.3.6.1.4.1.8072.2.3.0.1'))).toBeUndefined();
  });
});

describe('routeTrapCheck (traps.checks)', () => {
  const link = { check: 'snmp.trap.link', key: 'Gi1/0/1 (uplink)', result: { status: 'critical' as const, summary: 'down' } };

  it('keeps the default id, renames a kind, fills {key} with a safe id part, and drops a kind set to false', () => {
    expect(routeTrapCheck(link, undefined)?.check).toBe('snmp.trap.link');
    expect(routeTrapCheck(link, { link: 'ports' })?.check).toBe('ports');
    expect(routeTrapCheck(link, { link: 'port-{key}' })?.check).toBe('port-Gi1_0_1__uplink_');
    expect(routeTrapCheck(link, { link: false })).toBeUndefined();
    // Another kind's setting leaves link traps alone.
    expect(routeTrapCheck(link, { restart: false, upsPower: 'power' })).toEqual(link);
  });
});
