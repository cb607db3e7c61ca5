import type { CpuInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { createHostLocalCollector } from '../../../src/builtins/host-local/collector.js';
import type { OsInfo } from '../../../src/builtins/host-local/os-fallback.js';
import { collectContext } from './context.js';

const cpu = (user: number, sys: number, idle: number): CpuInfo => ({
  model: 'test',
  speed: 1000,
  times: { user, nice: 0, sys, idle, irq: 0 },
});

function fakeOs(): OsInfo & { tick(): void } {
  let readings = [
    [cpu(100, 50, 850), cpu(300, 100, 600)],
    [cpu(160, 70, 870), cpu(380, 120, 600)], // cpu0: 80 busy of 100; cpu1: 100 busy of 100
  ];
  return {
    cpus: () => readings[0]!,
    tick: () => {
      readings = readings.slice(1);
    },
    loadavg: () => [1.5, 1.25, 1],
    totalmem: () => 16 * 2 ** 30,
    freemem: () => 4 * 2 ** 30,
    uptime: () => 3600,
  };
}

describe('host.local without /proc (node:os fallback)', () => {
  it('reports CPU, load, memory and uptime on macOS', async () => {
    const os = fakeOs();
    const collector = createHostLocalCollector({ platform: 'darwin', os, procRoot: '/nonexistent' });
    const self = { id: 'self', kind: 'host' };
    const first = await collector.collect(self, collectContext(), {});
    expect(first.map((s) => s.name)).toEqual([
      'system.cpu.load_average.1m',
      'system.cpu.load_average.5m',
      'system.cpu.load_average.15m',
      'system.memory.usage',
      'system.memory.usage',
      'system.memory.limit',
      'system.memory.utilization',
      'system.uptime',
    ]);
    expect(first.find((s) => s.name === 'system.memory.utilization')?.value).toBe(0.75);
    expect(first.find((s) => s.labels?.state === 'used')?.value).toBe(12 * 2 ** 30);
    os.tick();
    const second = await collector.collect(self, collectContext(), {});
    expect(second.filter((s) => s.name === 'system.cpu.utilization').map((s) => [s.labels?.cpu, s.value])).toEqual([
      [undefined, 0.9],
      ['cpu0', 0.8],
      ['cpu1', 1],
    ]);
  });

  it('leaves out the load average on Windows, where Node reports zeros', async () => {
    const collector = createHostLocalCollector({ platform: 'win32', os: fakeOs() });
    const samples = await collector.collect({ id: 'self', kind: 'host' }, collectContext(), {});
    expect(samples.some((s) => s.name.startsWith('system.cpu.load_average'))).toBe(false);
    expect(samples.some((s) => s.name === 'system.uptime')).toBe(true);
  });
});
