import { describe, expect, it } from 'vitest';
import { createCpuTracker } from '../../../src/builtins/host-local/cpu-tracker.js';
import { cpuBusyFraction, parseProcStat } from '../../../src/builtins/host-local/parse-proc-stat.js';
import { fixture } from './fixtures.js';

// Hand-computed from the two recorded snapshots (t1 → t2, a busy loop ran in between):
//   all:  user +191, system +6, idle +104                → elapsed 301, idle 104 → 197/301
//   cpu0: user +70,  system +6, idle +76, softirq +1     → elapsed 153, idle 76  → 77/153
//   cpu1: user +122, system +1, idle +29                 → elapsed 152, idle 29  → 123/152
const t1 = parseProcStat(fixture('linux-vm/t1/stat'));
const t2 = parseProcStat(fixture('linux-vm/t2/stat'));

describe('cpuBusyFraction', () => {
  it('computes 1 - (idle + iowait) / elapsed from two recorded /proc/stat snapshots', () => {
    expect(cpuBusyFraction(t1.total, t2.total)).toBeCloseTo(197 / 301, 12);
    expect(cpuBusyFraction(t1.cpus[0]!.times, t2.cpus[0]!.times)).toBeCloseTo(77 / 153, 12);
    expect(cpuBusyFraction(t1.cpus[1]!.times, t2.cpus[1]!.times)).toBeCloseTo(123 / 152, 12);
  });

  it('counts iowait as idle and leaves guest time out (it is inside user already)', () => {
    const base = { user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0, guest: 0, guestNice: 0 };
    const later = { ...base, user: 50, idle: 25, iowait: 25, guest: 40 };
    expect(cpuBusyFraction(base, later)).toBe(0.5);
  });

  it('gives undefined when no tick elapsed or the counters went back', () => {
    expect(cpuBusyFraction(t1.total, t1.total)).toBeUndefined();
    expect(cpuBusyFraction(t2.total, t1.total)).toBeUndefined();
  });
});

describe('createCpuTracker', () => {
  it('returns nothing on the first reading, then total and per-CPU utilization', () => {
    const tracker = createCpuTracker();
    expect(tracker.update('self', t1, true)).toEqual([]);
    const samples = tracker.update('self', t2, true);
    expect(samples.map((s) => [s.labels?.cpu ?? 'all', Number(s.value.toFixed(6))])).toEqual([
      ['all', Number((197 / 301).toFixed(6))],
      ['cpu0', Number((77 / 153).toFixed(6))],
      ['cpu1', Number((123 / 152).toFixed(6))],
    ]);
    expect(samples.every((s) => s.name === 'system.cpu.utilization' && s.unit === '1' && s.type === 'gauge')).toBe(true);
  });

  it('keeps readings per key, and keeps the older baseline when no tick elapsed', () => {
    const tracker = createCpuTracker();
    tracker.update('a', t1, false);
    expect(tracker.update('b', t2, false)).toEqual([]); // b has no baseline of its own
    expect(tracker.update('a', t1, false)).toEqual([]); // zero ticks: t1 stays the baseline
    const [total] = tracker.update('a', t2, false);
    expect(total?.value).toBeCloseTo(197 / 301, 12);
    expect(total?.labels).toBeUndefined();
  });

  it('starts over when the counters go back (a reboot)', () => {
    const tracker = createCpuTracker();
    tracker.update('a', t2, true);
    expect(tracker.update('a', t1, true)).toEqual([]);
    expect(tracker.update('a', t2, true)[0]?.value).toBeCloseTo(197 / 301, 12);
  });

  it('skips a CPU that has no earlier reading (brought online in between)', () => {
    const tracker = createCpuTracker();
    tracker.update('a', { total: t1.total, cpus: [t1.cpus[0]!] }, true);
    const samples = tracker.update('a', t2, true);
    expect(samples.map((s) => s.labels?.cpu)).toEqual([undefined, 'cpu0']);
  });
});
