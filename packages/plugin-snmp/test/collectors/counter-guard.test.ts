import { type Asset, type Sample, systemClock } from '@warden/core';
import { createCaptureLogger } from '@warden/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CounterGuard } from '../../src/collectors/counter-guard.js';
import { interfaceTables, SYSTEM_SCALARS, startAgent, type TestAgent } from '../helpers/agent.js';
import { hookContext, type Installed, install } from '../helpers/context.js';

const io = (device: string, bits: 32 | 64, value = 1): Sample => ({
  name: 'system.network.io',
  value,
  type: 'counter',
  counterBits: bits,
  labels: { device, direction: 'receive' },
});
const packets = (device: string): Sample => ({ ...io(device, 32), name: 'system.network.packets' });
const speed = (device: string, bits: number): Sample => ({ name: 'system.network.interface.speed', value: bits, labels: { device } });
const reading = (at: number, uptime?: number, discontinuities: Record<string, number> = {}) => ({
  at,
  uptime,
  discontinuities: new Map(Object.entries(discontinuities)),
});

describe('CounterGuard', () => {
  const samples = [io('ge1', 32), packets('ge1'), speed('ge1', 1e9), io('te1', 64), speed('te1', 1e10), io('fe1', 32), speed('fe1', 1e8)];

  it('keeps everything on the first collection (no interval known yet)', () => {
    expect(new CounterGuard().judge('a', reading(0), samples).samples).toHaveLength(samples.length);
  });

  it('leaves out 32-bit octet counters that can wrap more than once between polls, and says how fast to poll', () => {
    const guard = new CounterGuard();
    guard.judge('a', reading(0), samples);
    // 1 Gbit/s = 125 MB/s: 2^32 bytes in 34.4 s. 30 s is safe, 60 s is not; 100 Mbit/s is safe at 60 s.
    expect(guard.judge('a', reading(30_000), samples).withheld.size).toBe(0);
    const verdict = guard.judge('a', reading(90_000), samples);
    expect(verdict.intervalSeconds).toBe(60);
    expect(verdict.samples.map((s) => `${s.name} ${s.labels?.device}`)).not.toContain('system.network.io ge1');
    // Packets wrap far later (minimum frames), and 64-bit counters never.
    expect(verdict.samples.map((s) => `${s.name} ${s.labels?.device}`)).toEqual(
      expect.arrayContaining(['system.network.packets ge1', 'system.network.io te1', 'system.network.io fe1']),
    );
    expect(verdict.withheld.get('ge1')).toMatch(
      /32-bit octet counters of ge1 at 1000000000 bit\/s can wrap more than once in 60 s; .*every 34 s/,
    );
  });

  it('detects an agent restart from sysUpTime going backwards and a discontinuity per interface', () => {
    const guard = new CounterGuard();
    guard.judge('a', reading(0, 50_000, { ge1: 100, ge2: 0 }), []);
    const moved = guard.judge('a', reading(30_000, 53_000, { ge1: 52_000, ge2: 0 }), []);
    expect(moved).toMatchObject({ agentRestarted: false, discontinuous: ['ge1'] });
    expect(guard.judge('a', reading(60_000, 1_000, { ge1: 0, ge2: 0 }), [])).toMatchObject({ agentRestarted: true, discontinuous: [] });
    // Another asset has its own history.
    expect(guard.judge('b', reading(60_000, 1), []).intervalSeconds).toBeUndefined();
  });
});

describe('CounterGuard reset marks', () => {
  const both = [io('ge1', 64, 500), io('ge2', 64, 700), speed('ge1', 1e9)];
  const resets = (samples: Sample[]) => samples.map((s) => `${s.name} ${s.labels?.device} ${s.reset === true}`);

  it('marks every counter, and no gauge, after sysUpTime went backwards', () => {
    const guard = new CounterGuard();
    guard.judge('a', reading(0, 50_000), both);
    expect(guard.judge('a', reading(30_000, 53_000), both).samples.some((s) => s.reset)).toBe(false);
    expect(resets(guard.judge('a', reading(60_000, 1_000), both).samples)).toEqual([
      'system.network.io ge1 true',
      'system.network.io ge2 true',
      'system.network.interface.speed ge1 false',
    ]);
  });

  it('marks only the counters of the interface whose ifCounterDiscontinuityTime changed', () => {
    const guard = new CounterGuard();
    guard.judge('a', reading(0, 50_000, { ge1: 0, ge2: 0 }), both);
    expect(resets(guard.judge('a', reading(30_000, 53_000, { ge1: 0, ge2: 52_000 }), both).samples)).toEqual([
      'system.network.io ge1 false',
      'system.network.io ge2 true',
      'system.network.interface.speed ge1 false',
    ]);
  });

  it('does not take sysUpTime wrapping at 2^32 ticks (497 days) for a restart', () => {
    const guard = new CounterGuard();
    guard.judge('a', reading(0, 2 ** 32 - 1_000), both);
    // 30 s later the agent's uptime has wrapped to 2,000 ticks: no reset.
    const verdict = guard.judge('a', reading(30_000, 2_000), both);
    expect(verdict.agentRestarted).toBe(false);
    expect(verdict.samples.some((s) => s.reset)).toBe(false);
    // Far from the wrap, a smaller uptime is a restart.
    expect(guard.judge('a', reading(60_000, 500), both).agentRestarted).toBe(true);
  });

  it('sees a restart early in the interval whose new uptime already passed the last reading', () => {
    const guard = new CounterGuard();
    // Up 20 minutes at the first poll; an hour later it reads 30 minutes: it restarted 30 minutes ago.
    guard.judge('a', reading(0, 20 * 60 * 100), both);
    const verdict = guard.judge('a', reading(3_600_000, 30 * 60 * 100), both);
    expect(verdict.agentRestarted).toBe(true);
    expect(verdict.samples.filter((s) => s.type === 'counter').every((s) => s.reset === true)).toBe(true);
    // An uptime that kept pace (within a minute plus 1 % of the interval) is no restart.
    guard.judge('b', reading(0, 20 * 60 * 100), both);
    expect(guard.judge('b', reading(3_600_000, (20 + 60) * 60 * 100 - 9_000), both).agentRestarted).toBe(false);
    // One that fell further behind is.
    guard.judge('c', reading(0, 20 * 60 * 100), both);
    expect(guard.judge('c', reading(3_600_000, (20 + 60) * 60 * 100 - 10_000), both).agentRestarted).toBe(true);
  });
});

describe('snmp.interfaces over SNMPv2c: resets seen on a live agent', () => {
  let agent: TestAgent;
  let plugin: Installed;
  beforeAll(async () => {
    agent = await startAgent({ scalars: SYSTEM_SCALARS, tables: interfaceTables(2) });
    plugin = install();
  });
  afterAll(async () => {
    await plugin.dispose();
    await agent.close();
  });

  it('flags the counters of an interface whose discontinuity time moved, then all counters after a restart', async () => {
    const asset = { id: 'sw', kind: 'network-device', address: '127.0.0.1', snmp: { version: '2c', port: agent.port } } as Asset;
    let now = 1_000_000;
    const collect = async () =>
      (await plugin.collectors
        .get('snmp.interfaces')
        ?.collect(asset, { ...hookContext(), clock: { ...systemClock, now: () => now } }, undefined)) ?? [];
    const flagged = (samples: Sample[]) =>
      samples.filter((s) => s.reset).map((s) => `${s.name} ${s.labels?.device} ${s.labels?.direction ?? ''}`.trim());
    expect(flagged(await collect())).toEqual([]);
    now += 30_000;
    agent.agent.getMib().setTableSingleCell('ifXTable', 19, [2], 130_000);
    expect(flagged(await collect())).toEqual([
      'system.network.io Gi0/2 receive',
      'system.network.io Gi0/2 transmit',
      'system.network.errors Gi0/2 receive',
    ]);
    now += 30_000;
    expect(flagged(await collect())).toEqual([]);
    now += 30_000;
    agent.agent.getMib().setScalarValue('sysUpTime', 50);
    const after = await collect();
    expect(after.filter((s) => s.type === 'counter').every((s) => s.reset === true)).toBe(true);
    expect(after.some((s) => s.type !== 'counter' && s.reset)).toBe(false);
  });
});

describe('snmp.interfaces over SNMPv1 (32-bit counters only)', () => {
  let agent: TestAgent;
  let plugin: Installed;
  beforeAll(async () => {
    agent = await startAgent({ scalars: SYSTEM_SCALARS, tables: interfaceTables(2) });
    plugin = install();
  });
  afterAll(async () => {
    await plugin.dispose();
    await agent.close();
  });

  it('withholds 1 Gbit/s octet counters polled a minute apart, logs it once, and reports an agent restart', async () => {
    const asset = { id: 'old-sw', kind: 'network-device', address: '127.0.0.1', snmp: { version: '1', port: agent.port } } as Asset;
    const logger = createCaptureLogger();
    let now = 1_000_000;
    const collect = async () =>
      (await plugin.collectors
        .get('snmp.interfaces')
        ?.collect(asset, { ...hookContext(), logger, clock: { ...systemClock, now: () => now } }, undefined)) ?? [];
    const names = (samples: Sample[]) => samples.filter((s) => s.name === 'system.network.io').map((s) => s.labels?.device);
    expect(names(await collect())).toEqual(['GigabitEthernet0/1', 'GigabitEthernet0/1', 'GigabitEthernet0/2', 'GigabitEthernet0/2']);
    now += 60_000;
    expect(names(await collect())).toEqual([]);
    now += 60_000;
    agent.agent.getMib().setScalarValue('sysUpTime', 100);
    const afterRestart = await collect();
    // The errors counters (packets wrap far later than octets) are kept, marked as restarted.
    expect(afterRestart.filter((s) => s.type === 'counter').map((s) => [s.name, s.reset])).toEqual([
      ['system.network.errors', true],
      ['system.network.errors', true],
    ]);
    const warns = logger.records.filter((r) => r.level === 'warn').map((r) => r.msg);
    expect(warns).toHaveLength(2);
    expect(warns[0]).toContain('GigabitEthernet0/1 at 1000000000 bit/s can wrap more than once in 60 s');
    expect(logger.records.some((r) => r.level === 'info' && r.msg?.includes('agent restarted'))).toBe(true);
  });
});
