import { describe, expect, it } from 'vitest';
import { parseLoadavg } from '../../../src/builtins/host-local/parse-loadavg.js';
import { parseMeminfo } from '../../../src/builtins/host-local/parse-meminfo.js';
import { decodeMountField, parseMounts } from '../../../src/builtins/host-local/parse-mounts.js';
import { parseNetDev } from '../../../src/builtins/host-local/parse-net-dev.js';
import { parseProcStat } from '../../../src/builtins/host-local/parse-proc-stat.js';
import { parseUptime } from '../../../src/builtins/host-local/parse-uptime.js';
import { WardenError } from '../../../src/errors/warden-error.js';
import { fixture, KiB } from './fixtures.js';

describe('parseProcStat', () => {
  it('reads the aggregate and per-CPU lines recorded on a 2-CPU Linux VM', () => {
    const stat = parseProcStat(fixture('linux-vm/t1/stat'));
    expect(stat.total).toEqual({
      user: 7229,
      nice: 0,
      system: 1757,
      idle: 72300,
      iowait: 218,
      irq: 0,
      softirq: 123,
      steal: 4,
      guest: 0,
      guestNice: 0,
    });
    expect(stat.cpus.map((c) => c.name)).toEqual(['cpu0', 'cpu1']);
    expect(stat.cpus[1]?.times.user).toBe(3579);
    expect(stat.cpus[1]?.times.iowait).toBe(143);
  });

  it('fills the columns an older kernel does not print with 0', () => {
    const stat = parseProcStat(fixture('tricky/stat'));
    expect(stat.total).toMatchObject({ user: 1000, softirq: 50, steal: 0, guest: 0, guestNice: 0 });
    expect(stat.cpus).toHaveLength(2);
  });

  it('refuses a file without a cpu line, with ERR_COLLECT naming the file', () => {
    expect(() => parseProcStat('intr 1 2 3\n')).toThrow(WardenError);
    expect(() => parseProcStat('intr 1 2 3\n')).toThrow(/\/proc\/stat: no aggregate "cpu" line/);
    expect(() => parseProcStat('cpu  1 2 x 4\n')).toThrow(/not a number/);
  });
});

describe('parseMeminfo', () => {
  it('converts kB to bytes and keeps unit-less counts', () => {
    const mem = parseMeminfo(fixture('linux-vm/t1/meminfo'));
    expect(mem.get('MemTotal')).toBe(24731708 * KiB);
    expect(mem.get('MemFree')).toBe(23179028 * KiB);
    expect(mem.get('SReclaimable')).toBe(91416 * KiB);
    const tricky = parseMeminfo(fixture('tricky/meminfo'));
    expect(tricky.get('HugePages_Total')).toBe(4);
    expect(tricky.get('SwapFree')).toBe(1500000 * KiB);
  });

  it('refuses a file without MemTotal', () => {
    expect(() => parseMeminfo('MemFree: 1 kB\n')).toThrow(/no MemTotal/);
  });
});

describe('parseNetDev', () => {
  it('reads every interface recorded on the VM', () => {
    const devs = parseNetDev(fixture('linux-vm/t1/net/dev'));
    expect(devs.map((d) => d.device)).toEqual(['lo', 'ifb0', 'ifb1', 'eth0']);
    expect(devs[3]).toEqual({
      device: 'eth0',
      rxBytes: 270744247,
      rxPackets: 9144,
      rxErrors: 0,
      rxDropped: 0,
      txBytes: 656354,
      txPackets: 5790,
      txErrors: 0,
      txDropped: 0,
    });
  });

  it('handles VLAN and colon names, counters above 2^32 and no space after the colon', () => {
    const devs = parseNetDev(fixture('tricky/net/dev'));
    expect(devs.map((d) => d.device)).toEqual(['lo', 'eth0.100', 'eth0', 'odd:name']);
    expect(devs[1]).toMatchObject({
      rxBytes: 5000000000,
      rxPackets: 4294967300,
      rxErrors: 1,
      rxDropped: 2,
      txBytes: 6000000000,
      txPackets: 4294967400,
      txErrors: 3,
      txDropped: 4,
    });
    expect(devs[2]).toMatchObject({ rxBytes: 12345678901234, rxPackets: 99, txBytes: 98765432109876, txPackets: 88 });
    expect(devs[3]).toMatchObject({ rxBytes: 42, txBytes: 43 });
  });

  it('refuses a truncated interface line', () => {
    expect(() => parseNetDev('  eth0: 1 2 3\n')).toThrow(/expected 16 counters for "eth0"/);
  });
});

describe('parseMounts', () => {
  it('reads the VM mounts, duplicates included', () => {
    const mounts = parseMounts(fixture('linux-vm/t1/self/mounts'));
    expect(mounts).toHaveLength(19);
    expect(mounts.find((m) => m.mountpoint === '/')).toEqual({
      device: '/dev/vda',
      mountpoint: '/',
      type: 'ext4',
      options: ['rw', 'relatime', 'discard', 'resv_strict', 'resuid=65534', 'resgid=65534'],
    });
    expect(mounts.filter((m) => m.mountpoint === '/dev/shm')).toHaveLength(2);
  });

  it('decodes \\040, \\011 and \\134 escapes', () => {
    const mounts = parseMounts(fixture('tricky/self/mounts'));
    expect(mounts.map((m) => m.mountpoint)).toContain('/mnt/my disk');
    expect(mounts.map((m) => m.mountpoint)).toContain('/mnt/tab\tand\\slash');
    expect(mounts.find((m) => m.type === 'nfs4')?.device).toBe('server:/export');
    expect(decodeMountField('a\\012b')).toBe('a\nb');
  });

  it('skips blank and short lines', () => {
    expect(parseMounts('\n/dev/x\n/dev/sda1 / ext4 rw 0 0\n')).toHaveLength(1);
  });
});

describe('parseLoadavg', () => {
  it('reads the three averages and the scheduling counts', () => {
    expect(parseLoadavg(fixture('linux-vm/t1/loadavg'))).toEqual({
      load1: 0.61,
      load5: 0.35,
      load15: 0.14,
      runnable: 1,
      entities: 88,
      lastPid: 9153,
    });
    expect(parseLoadavg(fixture('tricky/loadavg'))).toMatchObject({ load1: 12.5, load5: 8.25, load15: 4, entities: 1234 });
  });

  it('refuses garbage', () => {
    expect(() => parseLoadavg('hello')).toThrow(/\/proc\/loadavg/);
  });
});

describe('parseUptime', () => {
  it('reads uptime and idle seconds', () => {
    expect(parseUptime(fixture('linux-vm/t1/uptime'))).toEqual({ uptime: 409.06, idle: 723 });
    expect(parseUptime(fixture('tricky/uptime'))).toEqual({ uptime: 8640000.25, idle: 17000000.5 });
  });

  it('refuses garbage', () => {
    expect(() => parseUptime('')).toThrow(/\/proc\/uptime/);
  });
});
