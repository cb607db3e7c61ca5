import { describe, expect, it } from 'vitest';
import { proposalId, toProposal } from '../../src/discovery/sweep.js';
import { expandTargets, targetProblem } from '../../src/discovery/targets.js';
import { enterpriseOf, guessDevice } from '../../src/discovery/vendors.js';
import { SnmpType } from '../../src/varbind.js';

describe('targets', () => {
  it('expands a CIDR range without its network and broadcast addresses, deduplicated, ports kept', () => {
    expect(expandTargets(['10.0.0.5/30', '10.0.0.6', '10.0.0.6:1161'], 161)).toEqual([
      { address: '10.0.0.5', port: 161 },
      { address: '10.0.0.6', port: 161 },
      { address: '10.0.0.6', port: 1161 },
    ]);
    expect(expandTargets(['192.0.2.0/31', 'ups-1.example.org'], 161).map((t) => t.address)).toEqual([
      '192.0.2.0',
      '192.0.2.1',
      'ups-1.example.org',
    ]);
    expect(expandTargets(['10.0.0.0/20'], 161)).toHaveLength(4094);
  });

  it('explains what is wrong with a target', () => {
    expect(targetProblem('10.0.0.0/33')).toBe('prefix length in "10.0.0.0/33" is not 0–32');
    expect(targetProblem('10.0.0.1:70000')).toBe('port in "10.0.0.1:70000" is not 1–65535');
    expect(targetProblem('10.0.0.0/20')).toBeUndefined();
  });
});

describe('vendor and kind guess', () => {
  it('reads the enterprise number and lets product lines and sysDescr words decide the kind', () => {
    expect(enterpriseOf('.1.3.6.1.4.1.2636.1.1.1.2.29')).toBe(2636);
    expect(enterpriseOf('1.3.6.1.2.1.1')).toBeUndefined();
    expect(
      guessDevice('1.3.6.1.4.1.2636.1.1.1.2.29', 'Juniper Networks, Inc. ex2200-24t-4g Ethernet Switch, kernel JUNOS 12.3R6.6'),
    ).toEqual({
      vendor: 'Juniper',
      enterprise: 2636,
      kind: 'network-device',
      os: 'Junos',
    });
    expect(guessDevice('1.3.6.1.4.1.318.1.3.27', 'APC Web/SNMP Management Card (MN:SMT1500RMI2U)')).toMatchObject({
      vendor: 'APC',
      kind: 'ups',
    });
    expect(guessDevice('1.3.6.1.4.1.534.1', 'Eaton 9PX')).toMatchObject({ vendor: 'Eaton', kind: 'ups' });
    expect(guessDevice('1.3.6.1.4.1.705.1', 'MGE UPS SYSTEMS')).toMatchObject({ vendor: 'MGE', kind: 'ups' });
    expect(guessDevice('1.3.6.1.4.1.11.2.3.9.1', 'HP ETHERNET MULTI-ENVIRONMENT,JETDIRECT')).toMatchObject({
      vendor: 'HP',
      kind: 'printer',
    });
    expect(guessDevice('1.3.6.1.4.1.311.1.1.3.1.2', 'Hardware: Intel64 Family 6 - Software: Windows Version 6.3')).toMatchObject({
      vendor: 'Microsoft',
      kind: 'host',
      os: 'Windows',
    });
    expect(guessDevice('1.3.6.1.4.1.99999.1', undefined)).toEqual({ enterprise: 99999, kind: 'network-device' });
  });
});

describe('proposals', () => {
  it('build ids from sysName and address that asset ids accept', () => {
    expect(proposalId('Core Switch #1', { address: '10.0.0.2', port: 161 })).toBe('Core-Switch-1@10.0.0.2');
    expect(proposalId(undefined, { address: '10.0.0.2', port: 1161 })).toBe('snmp@10.0.0.2:1161');
    expect(proposalId('--x', { address: '10.0.0.2', port: 161 })).toBe('x@10.0.0.2');
  });

  it('keep a v1 agent that answered only sysDescr and sysObjectID', () => {
    const proposal = toProposal({ address: '10.0.0.7', port: 161 }, { version: '1', community: 'public' }, [
      { oid: '1.3.6.1.2.1.1.1.0', type: SnmpType.OctetString, value: Buffer.from('Cisco IOS Software') },
      { oid: '1.3.6.1.2.1.1.2.0', type: SnmpType.OID, value: '1.3.6.1.4.1.9.1.1' },
    ]);
    expect(proposal).toEqual({
      id: 'snmp@10.0.0.7',
      kind: 'network-device',
      address: '10.0.0.7',
      facts: { vendor: 'Cisco', enterprise: 9, os: 'IOS', sysObjectID: '1.3.6.1.4.1.9.1.1', sysDescr: 'Cisco IOS Software' },
      snmp: { version: '1', community: 'public' },
    });
  });
});
