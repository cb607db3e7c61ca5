import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Asset } from '../../../src/assets/types.js';
import { createHostLocalCollector } from '../../../src/builtins/host-local/collector.js';
import type { StatFsInfo } from '../../../src/builtins/host-local/samples.js';
import { WardenError } from '../../../src/errors/warden-error.js';
import type { Sample } from '../../../src/metrics/types.js';
import { collectContext, heldClock, type LogRecord } from './context.js';
import { fixturePath, KiB } from './fixtures.js';

const self: Asset = { id: 'self', kind: 'host' };
// statfs("/") recorded on the same VM as the /proc snapshots.
const ROOT_FS: StatFsInfo = { bsize: 4096, blocks: 66053021, bfree: 60267681, bavail: 20812388, files: 16777216, ffree: 16363716 };

let procRoot: string;
beforeEach(() => {
  procRoot = mkdtempSync(join(tmpdir(), 'warden-proc-'));
});
afterEach(() => rmSync(procRoot, { recursive: true, force: true }));

const useSnapshot = (name: string): void => cpSync(fixturePath(name), procRoot, { recursive: true, force: true });
const find = (samples: Sample[], name: string, labels: Record<string, string> = {}): Sample[] =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels?.[k] === v));
const value = (samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined => {
  const found = find(samples, name, labels);
  expect(found, `${name} ${JSON.stringify(labels)}`).toHaveLength(1);
  return found[0]?.value;
};
const statfsFrom =
  (table: Record<string, StatFsInfo>) =>
  async (path: string): Promise<StatFsInfo> => {
    const st = table[path];
    if (st === undefined) throw Object.assign(new Error(`EACCES: statfs ${path}`), { code: 'EACCES' });
    return st;
  };

// Every metric the Linux collector emits, with its unit, type and label names (DESIGN.md's table).
const SHAPES: Record<string, { unit: string; type: 'gauge' | 'counter'; labels: string[][] }> = {
  'system.cpu.utilization': { unit: '1', type: 'gauge', labels: [[], ['cpu']] },
  'system.cpu.load_average.1m': { unit: '1', type: 'gauge', labels: [[]] },
  'system.cpu.load_average.5m': { unit: '1', type: 'gauge', labels: [[]] },
  'system.cpu.load_average.15m': { unit: '1', type: 'gauge', labels: [[]] },
  'system.memory.usage': { unit: 'By', type: 'gauge', labels: [['state']] },
  'system.memory.limit': { unit: 'By', type: 'gauge', labels: [[]] },
  'system.memory.utilization': { unit: '1', type: 'gauge', labels: [[]] },
  'system.paging.usage': { unit: 'By', type: 'gauge', labels: [['state']] },
  'system.filesystem.usage': { unit: 'By', type: 'gauge', labels: [['device', 'mountpoint', 'type', 'state']] },
  'system.filesystem.utilization': { unit: '1', type: 'gauge', labels: [['device', 'mountpoint', 'type']] },
  'system.filesystem.inodes.usage': { unit: '{inode}', type: 'gauge', labels: [['device', 'mountpoint', 'state']] },
  'system.network.io': { unit: 'By', type: 'counter', labels: [['device', 'direction']] },
  'system.network.packets': { unit: '{packet}', type: 'counter', labels: [['device', 'direction']] },
  'system.network.errors': { unit: '{error}', type: 'counter', labels: [['device', 'direction']] },
  'system.network.dropped': { unit: '{packet}', type: 'counter', labels: [['device', 'direction']] },
  'system.uptime': { unit: 's', type: 'gauge', labels: [[]] },
  'system.process.count': { unit: '{process}', type: 'gauge', labels: [[]] },
};

describe('host.local on recorded Linux /proc snapshots', () => {
  it('is named host.local and needs deltas', () => {
    const collector = createHostLocalCollector({ procRoot });
    expect(collector.name).toBe('host.local');
    expect(collector.deltas).toBe(true);
  });

  it('returns everything but CPU utilization first, then CPU utilization computed by hand', async () => {
    const collector = createHostLocalCollector({ procRoot, platform: 'linux', statfs: statfsFrom({ '/': ROOT_FS }) });
    useSnapshot('linux-vm/t1');
    const first = await collector.collect(self, collectContext(), {});
    expect(find(first, 'system.cpu.utilization')).toEqual([]);

    expect(value(first, 'system.cpu.load_average.1m')).toBe(0.61);
    expect(value(first, 'system.cpu.load_average.15m')).toBe(0.14);
    expect(value(first, 'system.memory.limit')).toBe(24731708 * KiB);
    expect(value(first, 'system.memory.usage', { state: 'free' })).toBe(23179028 * KiB);
    expect(value(first, 'system.memory.usage', { state: 'buffers' })).toBe(58060 * KiB);
    expect(value(first, 'system.memory.usage', { state: 'cached' })).toBe((1318544 + 91416) * KiB); // Cached + SReclaimable
    expect(value(first, 'system.memory.usage', { state: 'used' })).toBe(84660 * KiB); // the rest
    expect(value(first, 'system.memory.utilization')).toBeCloseTo(84660 / 24731708, 12);
    expect(value(first, 'system.paging.usage', { state: 'used' })).toBe(0);
    expect(value(first, 'system.uptime')).toBe(409.06);
    expect(value(first, 'system.process.count')).toBe(3);
    expect(value(first, 'system.network.io', { device: 'eth0', direction: 'receive' })).toBe(270744247);
    expect(value(first, 'system.network.packets', { device: 'eth0', direction: 'transmit' })).toBe(5790);
    expect(find(first, 'system.network.io')).toHaveLength(8); // lo, ifb0, ifb1, eth0 × 2 directions

    // Only "/" is a real filesystem on the VM: /dev, /sys and /proc mounts are excluded by default.
    const fsLabels = { device: '/dev/vda', mountpoint: '/', type: 'ext4' };
    expect(find(first, 'system.filesystem.usage').map((s) => s.labels?.mountpoint)).toEqual(['/', '/', '/']);
    expect(value(first, 'system.filesystem.usage', { ...fsLabels, state: 'used' })).toBe((66053021 - 60267681) * 4096);
    expect(value(first, 'system.filesystem.usage', { ...fsLabels, state: 'free' })).toBe(20812388 * 4096);
    expect(value(first, 'system.filesystem.usage', { ...fsLabels, state: 'reserved' })).toBe((60267681 - 20812388) * 4096);
    expect(value(first, 'system.filesystem.utilization', fsLabels)).toBeCloseTo(5785340 / (5785340 + 20812388), 12);
    expect(value(first, 'system.filesystem.inodes.usage', { mountpoint: '/', state: 'used' })).toBe(413500);

    useSnapshot('linux-vm/t2');
    const second = await collector.collect(self, collectContext(), {});
    expect(find(second, 'system.cpu.utilization').map((s) => [s.labels?.cpu, s.value])).toEqual([
      [undefined, expect.closeTo(197 / 301, 12)],
      ['cpu0', expect.closeTo(77 / 153, 12)],
      ['cpu1', expect.closeTo(123 / 152, 12)],
    ]);
    expect(value(second, 'system.cpu.load_average.1m')).toBe(0.8);

    for (const sample of [...first, ...second]) {
      const shape = SHAPES[sample.name];
      expect(shape, sample.name).toBeDefined();
      expect([sample.name, sample.unit, sample.type]).toEqual([sample.name, shape?.unit, shape?.type]);
      expect(shape?.labels.map((l) => [...l].sort())).toContainEqual(Object.keys(sample.labels ?? {}).sort());
      if (sample.type === 'counter') expect(sample.counterBits).toBe(64);
      expect(Number.isFinite(sample.value)).toBe(true);
    }
    expect(new Set([...first, ...second].map((s) => s.name))).toEqual(new Set(Object.keys(SHAPES)));
  });

  it('keeps mount points with escapes, drops pseudo and shadowed mounts, and skips a mount it cannot statfs', async () => {
    useSnapshot('tricky');
    const st = (blocks: number): StatFsInfo => ({ bsize: 1024, blocks, bfree: blocks / 2, bavail: blocks / 4, files: 0, ffree: 0 });
    const statfs = statfsFrom({ '/': st(1000), '/mnt/my disk': st(2000), '/mnt/nfs': st(3000), '/run': st(400), '/data': st(5000) });
    const logs: LogRecord[] = [];
    const collector = createHostLocalCollector({ procRoot, platform: 'linux', statfs });
    const samples = await collector.collect(self, collectContext({ logs }), { excludeDevices: ['lo'] });
    const utilization = find(samples, 'system.filesystem.utilization');
    expect(utilization.map((s) => [s.labels?.mountpoint, s.labels?.type, s.labels?.device])).toEqual([
      ['/', 'ext4', '/dev/sda1'],
      ['/mnt/my disk', 'ext4', '/dev/sdb1'],
      ['/mnt/nfs', 'nfs4', 'server:/export'],
      ['/run', 'tmpfs', 'tmpfs'],
      ['/data', 'xfs', '/dev/sde1'], // the later mount on /data hides the earlier one
    ]);
    // used = 1/2, free = 1/4 of the blocks → df's Use% is 2/3. No inode table → no inode series.
    expect(utilization.every((s) => Math.abs(s.value - 2 / 3) < 1e-12)).toBe(true);
    expect(find(samples, 'system.filesystem.inodes.usage')).toEqual([]);
    // "/mnt/tab\tand\\slash" could not be statfs'ed: skipped quietly, at debug level.
    expect(logs.find((l) => l.level === 'debug')?.msg).toContain('/mnt/tab\tand\\slash');
    expect(logs.filter((l) => l.level === 'warn')).toEqual([]);

    expect([...new Set(find(samples, 'system.network.io').map((s) => s.labels?.device))]).toEqual(['eth0.100', 'eth0', 'odd:name']);
    expect(value(samples, 'system.network.io', { device: 'eth0', direction: 'transmit' })).toBe(98765432109876);
    expect(value(samples, 'system.paging.usage', { state: 'used' })).toBe(500000 * KiB);
    expect(value(samples, 'system.memory.utilization')).toBeCloseTo(3500000 / 8000000, 12);
    expect(value(samples, 'system.process.count')).toBe(5);
  });

  it('honours custom filesystem exclusions and perCpu: false', async () => {
    useSnapshot('linux-vm/t1');
    const statfs = statfsFrom({ '/': ROOT_FS, '/dev/shm': { ...ROOT_FS, files: 0 } });
    const collector = createHostLocalCollector({ procRoot, platform: 'linux', statfs });
    const params = { excludeFsTypes: ['ext4'], excludeMountPoints: ['/sys', '/proc', '/dev/pts'], perCpu: false };
    const first = await collector.collect(self, collectContext(), params);
    expect([...new Set(find(first, 'system.filesystem.usage').map((s) => s.labels?.mountpoint))]).toEqual(['/dev/shm']);
    useSnapshot('linux-vm/t2');
    const second = await collector.collect(self, collectContext(), params);
    expect(find(second, 'system.cpu.utilization')).toHaveLength(1);
  });

  it('returns what it could read when one source fails, and warns naming it', async () => {
    useSnapshot('linux-vm/t1');
    rmSync(join(procRoot, 'meminfo'));
    const logs: LogRecord[] = [];
    const collector = createHostLocalCollector({ procRoot, platform: 'linux', statfs: statfsFrom({ '/': ROOT_FS }) });
    const samples = await collector.collect(self, collectContext({ logs }), {});
    expect(find(samples, 'system.memory.usage')).toEqual([]);
    expect(value(samples, 'system.uptime')).toBe(409.06);
    expect(find(samples, 'system.filesystem.usage')).toHaveLength(3);
    const warnings = logs.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toContain(join(procRoot, 'meminfo'));
  });

  it('fails with ERR_COLLECT, naming what it tried, only when nothing could be read', async () => {
    const collector = createHostLocalCollector({ procRoot: join(procRoot, 'missing'), platform: 'linux' });
    const err = await Promise.resolve(collector.collect(self, collectContext(), {})).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WardenError);
    expect((err as WardenError).code).toBe('ERR_COLLECT');
    expect((err as WardenError).message).toMatch(/host\.local on self: nothing could be read .*missing\/stat: ENOENT/);
  });

  it('skips a mount whose statfs does not answer in time, with a warning', async () => {
    useSnapshot('tricky');
    const clock = heldClock();
    let nfsCalled: () => void = () => {};
    const nfsReached = new Promise<void>((resolve) => {
      nfsCalled = resolve;
    });
    const statfs = async (path: string): Promise<StatFsInfo> => {
      if (path !== '/mnt/nfs') return { bsize: 1024, blocks: 10, bfree: 5, bavail: 5, files: 10, ffree: 5 };
      nfsCalled();
      return new Promise<StatFsInfo>(() => {}); // a hung NFS server
    };
    const logs: LogRecord[] = [];
    const collector = createHostLocalCollector({ procRoot, platform: 'linux', statfs });
    const run = collector.collect(self, collectContext({ clock, logs }), { statfsTimeout: '2s' });
    await nfsReached;
    // Let the other mounts' answers (already resolved) arrive before the deadline passes.
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(clock.pending).toBe(1);
    clock.fireAll();
    const samples = await run;
    const mountpoints = new Set(find(samples, 'system.filesystem.utilization').map((s) => s.labels?.mountpoint));
    expect(mountpoints.has('/mnt/nfs')).toBe(false);
    expect(mountpoints.has('/data')).toBe(true);
    expect(logs.find((l) => l.level === 'warn')?.msg).toBe('host.local: statfs /mnt/nfs failed; skipped');
    expect(clock.pending).toBe(0);
  });

  it('stops with ERR_ABORTED when the signal aborts, even inside a hung statfs', async () => {
    useSnapshot('tricky');
    const aborted = new AbortController();
    const collector = createHostLocalCollector({ procRoot, platform: 'linux', statfs: () => new Promise<StatFsInfo>(() => {}) });
    const early = await Promise.resolve(collector.collect(self, collectContext({ signal: AbortSignal.abort() }), {})).catch(
      (e: unknown) => e,
    );
    expect((early as WardenError).code).toBe('ERR_ABORTED');
    const run = Promise.resolve(collector.collect(self, collectContext({ signal: aborted.signal }), {})).catch((e: unknown) => e);
    setImmediate(() => aborted.abort(new Error('run timed out')));
    const late = await run;
    expect((late as WardenError).code).toBe('ERR_ABORTED');
  });
});

describe('host.local params', () => {
  const schema = createHostLocalCollector().params!;

  it('accepts the documented options and refuses unknown keys and bad values', () => {
    expect(schema.safeParse({ excludeDevices: ['lo'], perCpu: false, statfsTimeout: '2s' }).success).toBe(true);
    expect(schema.safeParse({}).success).toBe(true);
    const typo = schema.safeParse({ excludeDevice: ['lo'] });
    expect(typo.success).toBe(false);
    expect(schema.safeParse({ statfsTimeout: 'soon' }).success).toBe(false);
    expect(schema.safeParse({ excludeMountPoints: ['relative/path'] }).success).toBe(false);
  });
});
