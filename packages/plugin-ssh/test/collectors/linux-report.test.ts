import { readFileSync } from 'node:fs';
import { parseProcStat, type Sample } from '@warden/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXCLUDED_FS_TYPES, DEFAULT_EXCLUDED_MOUNT_POINTS } from '../../../core/src/builtins/host-local/options.js';
import { linuxSamples, splitSections } from '../../src/collectors/linux-report.js';
import { parseDf } from '../../src/collectors/parse-df.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/linux/${name}`, import.meta.url), 'utf8');
const filter = { excludeFsTypes: DEFAULT_EXCLUDED_FS_TYPES, excludeMountPoints: DEFAULT_EXCLUDED_MOUNT_POINTS, excludeDevices: [] };
const collect = (name: string) => linuxSamples(splitSections(fixture(name)), undefined, filter).samples;
const find = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels?.[k] === v));
const value = (samples: Sample[], name: string, labels: Record<string, string> = {}) => {
  const hits = find(samples, name, labels);
  expect(hits, `${name} ${JSON.stringify(labels)}`).toHaveLength(1);
  return hits[0]?.value;
};

describe('ssh.linux on recorded Debian 12 output', () => {
  const a = splitSections(fixture('debian12-a.txt'));
  const b = splitSections(fixture('debian12-b.txt'));

  it('emits no CPU utilization on the first reading, and a share in [0,1] on the second', () => {
    const first = linuxSamples(a, undefined, filter);
    expect(find(first.samples, 'system.cpu.utilization')).toEqual([]);
    const second = linuxSamples(b, first.stat, filter).samples;
    const totals = find(second, 'system.cpu.utilization').filter((x) => x.labels?.cpu === undefined);
    expect(totals).toHaveLength(1);
    const total = totals[0]?.value;
    expect(total).toBeGreaterThanOrEqual(0);
    expect(total).toBeLessThanOrEqual(1);
    expect(find(second, 'system.cpu.utilization').length).toBe(1 + parseProcStat(b.get('stat') ?? '').cpus.length);
  });

  it('reports memory states that add up to MemTotal', () => {
    const s = collect('debian12-a.txt');
    const parts = ['used', 'free', 'cached', 'buffers'].map((state) => value(s, 'system.memory.usage', { state }) ?? 0);
    expect(parts.reduce((x, y) => x + y, 0)).toBe(value(s, 'system.memory.limit'));
  });

  it('measures / but leaves out devtmpfs and /dev', () => {
    const s = collect('debian12-a.txt');
    expect(value(s, 'system.filesystem.utilization', { mountpoint: '/' })).toBeGreaterThan(0);
    expect(find(s, 'system.filesystem.usage', { mountpoint: '/dev' })).toEqual([]);
    expect(find(s, 'system.filesystem.inodes.usage', { mountpoint: '/', state: 'used' })).toHaveLength(1);
  });

  it('reports loopback counters, uptime and the process count', () => {
    const s = collect('debian12-a.txt');
    expect(find(s, 'system.network.io', { device: 'lo', direction: 'receive' })[0]).toMatchObject({ type: 'counter', counterBits: 64 });
    expect(value(s, 'system.uptime')).toBeGreaterThan(0);
    expect(value(s, 'system.process.count')).toBeGreaterThan(1);
  });
});

describe('ssh.linux on constructed variants', () => {
  it('Alpine/BusyBox: df without a Type column, 4-column /proc/stat, no swap, no inode counts', () => {
    const s = collect('alpine-constructed.txt');
    expect(value(s, 'system.filesystem.utilization', { mountpoint: '/', type: 'unknown' })).toBeCloseTo(250000 / 950000);
    expect(value(s, 'system.filesystem.usage', { mountpoint: '/', state: 'reserved' })).toBe(50000 * 1024);
    expect(find(s, 'system.paging.usage')).toEqual([]);
    expect(find(s, 'system.filesystem.inodes.usage')).toEqual([]);
    expect(value(s, 'system.network.errors', { device: 'eth0', direction: 'transmit' })).toBe(3);
    const next = fixture('alpine-constructed.txt').replace('cpu  1000 0 500 8000', 'cpu  1100 0 500 8100');
    const stat = linuxSamples(splitSections(fixture('alpine-constructed.txt')), undefined, filter).stat;
    const cpu = find(linuxSamples(splitSections(next), stat, filter).samples, 'system.cpu.utilization');
    expect(cpu.map((x) => [x.labels?.cpu, x.value])).toEqual([[undefined, 0.5]]);
  });

  it('RHEL: xfs volumes, a mount point with a space, swap in use', () => {
    const s = collect('rhel9-constructed.txt');
    expect(
      value(s, 'system.filesystem.utilization', { mountpoint: '/srv/my data', type: 'xfs', device: '/dev/mapper/rhel-data' }),
    ).toBeCloseTo(0.9);
    expect(value(s, 'system.paging.usage', { state: 'used' })).toBe(500000 * 1024);
    expect(value(s, 'system.memory.usage', { state: 'cached' })).toBe(3200000 * 1024);
    expect(value(s, 'system.cpu.load_average.15m')).toBe(1);
  });

  it('Ubuntu: snap squashfs loops left out; a mount point mounted twice counted once (the last)', () => {
    const s = collect('ubuntu22-constructed.txt');
    expect(find(s, 'system.filesystem.usage', { type: 'squashfs' })).toEqual([]);
    expect(value(s, 'system.filesystem.utilization', { mountpoint: '/mnt/backup' })).toBeCloseTo(0.1);
    expect(find(s, 'system.filesystem.utilization', { mountpoint: '/mnt/backup' })[0]?.labels?.device).toBe('/dev/sdc1');
    expect(value(s, 'system.filesystem.inodes.usage', { mountpoint: '/mnt/backup', state: 'free' })).toBe(1899989);
  });
});

describe('ssh.linux filters and CPU baseline, as host.local applies them', () => {
  it('leaves out excluded interfaces and mount points (a trailing slash included)', () => {
    const sections = splitSections(fixture('ubuntu22-constructed.txt'));
    const s = linuxSamples(sections, undefined, { ...filter, excludeMountPoints: ['/mnt/'], excludeDevices: ['lo'] }).samples;
    expect(find(s, 'system.filesystem.usage', { mountpoint: '/mnt/backup' })).toEqual([]);
    expect(find(s, 'system.filesystem.usage', { mountpoint: '/' }).length).toBeGreaterThan(0);
    expect(find(s, 'system.network.io', { device: 'lo' })).toEqual([]);
    expect(find(s, 'system.network.io').length).toBeGreaterThan(0);
  });

  it('keeps the earlier CPU reading when no tick elapsed, and starts over when the counters went back', () => {
    const a = splitSections(fixture('debian12-a.txt'));
    const b = splitSections(fixture('debian12-b.txt'));
    const first = linuxSamples(a, undefined, filter).stat;
    const same = linuxSamples(a, first, filter);
    expect(find(same.samples, 'system.cpu.utilization')).toEqual([]);
    expect(same.stat).toBe(first);
    const rebooted = linuxSamples(a, linuxSamples(b, first, filter).stat, filter);
    expect(find(rebooted.samples, 'system.cpu.utilization')).toEqual([]);
    expect(rebooted.stat).toEqual(first);
    expect(find(linuxSamples(b, rebooted.stat, filter).samples, 'system.cpu.utilization').length).toBeGreaterThan(0);
  });
});

describe('failures', () => {
  it('refuses output cut short', () => {
    expect(() => splitSections(fixture('rhel9-constructed.txt').replace('@@warden:end\n', ''))).toThrow(/ended early/);
  });
  it('names the broken section', () => {
    const broken = splitSections(fixture('rhel9-constructed.txt').replace(/@@warden:loadavg\n.*\n/, '@@warden:loadavg\nnope\n'));
    expect(() => linuxSamples(broken, undefined, filter)).toThrow(
      expect.objectContaining({ code: 'ERR_COLLECT', message: expect.stringContaining('/proc/loadavg') }),
    );
  });
  it('parseDf skips rows without numbers', () => {
    expect(parseDf('Filesystem Type Inodes IUsed IFree IUse% Mounted on\nnone vfat - - - - /boot/efi\n')).toEqual([]);
  });
});
