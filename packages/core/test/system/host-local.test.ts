import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, uptime } from 'node:os';
import { describe, expect, it } from 'vitest';
import { createHostLocalCollector } from '../../src/builtins/host-local/collector.js';
import type { Clock } from '../../src/internal/clock.js';
import { silentLogger } from '../../src/internal/logger.js';
import type { Sample } from '../../src/metrics/types.js';
import type { CollectContext } from '../../src/plugins/types.js';
import { createRedactor } from '../../src/secrets/redactor.js';
import { createTestHookContext } from '../../src/testing/hook-context.js';

// host.local against this machine's real /proc, compared with the tools operators trust.

const clock: Clock = {
  now: () => Date.now(),
  setTimer(fn, delayMs) {
    const timer = setTimeout(fn, delayMs);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};
const context = (): CollectContext => ({
  ...createTestHookContext({ plugin: 'host', clock }),
  signal: new AbortController().signal,
  logger: silentLogger,
  clock,
  secrets: createRedactor(),
  emit: () => {},
  params: undefined,
});
const run = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8' });
const pick = (samples: Sample[], name: string, labels: Record<string, string> = {}): Sample[] =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels?.[k] === v));
const one = (samples: Sample[], name: string, labels: Record<string, string> = {}): number => {
  const found = pick(samples, name, labels);
  expect(found, `${name} ${JSON.stringify(labels)}`).toHaveLength(1);
  return found[0]!.value;
};

/** Burns CPU until every CPU line of /proc/stat has moved, so each per-CPU series has a delta. */
function burnUntilTicksMove(): void {
  const lines = (): string[] =>
    readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('cpu'));
  const start = lines();
  let x = 0;
  while (lines().some((line, i) => line === start[i])) for (let i = 0; i < 1e5; i++) x += Math.sqrt(i);
  expect(x).toBeGreaterThan(0);
}

describe.runIf(process.platform === 'linux')('host.local on this machine', () => {
  const collector = createHostLocalCollector();
  const self = { id: 'self', kind: 'host' };
  let first: Sample[] = [];
  let second: Sample[] = [];

  it('collects twice and gets CPU utilization the second time', async () => {
    first = await collector.collect(self, context(), {});
    burnUntilTicksMove();
    second = await collector.collect(self, context(), {});
    expect(pick(first, 'system.cpu.utilization')).toEqual([]);
    const totals = pick(second, 'system.cpu.utilization').filter((s) => s.labels === undefined);
    expect(totals).toHaveLength(1);
    expect(totals[0]!.value).toBeGreaterThan(0); // we were burning CPU in between
    expect(totals[0]!.value).toBeLessThanOrEqual(1);
  });

  it('has one per-CPU series for each online CPU (getconf, nproc)', () => {
    const perCpu = pick(second, 'system.cpu.utilization').filter((s) => s.labels?.cpu !== undefined);
    const online = Number(run('getconf', ['_NPROCESSORS_ONLN']).trim());
    const usable = Number(run('nproc', []).trim());
    expect(perCpu).toHaveLength(online);
    expect(perCpu.length).toBeGreaterThanOrEqual(usable);
    expect(new Set(perCpu.map((s) => s.labels?.cpu)).size).toBe(perCpu.length);
    expect(perCpu.length).toBe(cpus().length);
  });

  it('reports the MemTotal that free -b reports', () => {
    const mem = run('free', ['-b'])
      .split('\n')
      .find((l) => l.startsWith('Mem:'));
    const total = Number(mem?.trim().split(/\s+/)[1]);
    expect(total).toBeGreaterThan(0);
    expect(one(second, 'system.memory.limit')).toBe(total);
    const states = ['used', 'free', 'cached', 'buffers'].map((state) => one(second, 'system.memory.usage', { state }));
    expect(states.reduce((a, b) => a + b, 0)).toBe(total);
  });

  it('measures / as df does (size and used, within a small drift)', () => {
    const [size, used, avail, target] = run('df', ['-B1', '--output=size,used,avail,target', '/'])
      .trim()
      .split('\n')[1]!
      .trim()
      .split(/\s+/);
    expect(target).toBe('/');
    const labels = { mountpoint: '/' };
    const ours = {
      used: one(second, 'system.filesystem.usage', { ...labels, state: 'used' }),
      free: one(second, 'system.filesystem.usage', { ...labels, state: 'free' }),
      reserved: one(second, 'system.filesystem.usage', { ...labels, state: 'reserved' }),
    };
    const drift = 64 * 2 ** 20; // other processes write while we compare
    expect(Math.abs(ours.used + ours.free + ours.reserved - Number(size))).toBeLessThanOrEqual(drift);
    expect(Math.abs(ours.used - Number(used))).toBeLessThanOrEqual(drift);
    expect(Math.abs(ours.free - Number(avail))).toBeLessThanOrEqual(drift);
    const dfPercent = Math.ceil((Number(used) / (Number(used) + Number(avail))) * 100); // df rounds Use% up
    expect(Math.abs(one(second, 'system.filesystem.utilization', labels) * 100 - dfPercent)).toBeLessThanOrEqual(1);
  });

  it('sees /proc/net/dev counters that never go back between two readings', () => {
    const before = pick(first, 'system.network.io');
    expect(before.length).toBeGreaterThan(0);
    for (const name of ['system.network.io', 'system.network.packets', 'system.network.errors', 'system.network.dropped']) {
      for (const old of pick(first, name)) {
        const later = pick(second, name, { device: old.labels!.device!, direction: old.labels!.direction! });
        expect(later, `${name} ${old.labels?.device}`).toHaveLength(1);
        expect(later[0]!.value).toBeGreaterThanOrEqual(old.value);
      }
    }
    const devices = readFileSync('/proc/net/dev', 'utf8')
      .split('\n')
      .slice(2)
      .filter(Boolean)
      .map((l) => l.slice(0, l.lastIndexOf(':')).trim());
    expect(new Set(before.map((s) => s.labels?.device))).toEqual(new Set(devices));
  });

  it('agrees with sysinfo (node:os) on uptime and load, and with ps on the process count', () => {
    expect(Math.abs(one(second, 'system.uptime') - uptime())).toBeLessThanOrEqual(2);
    expect(Math.abs(one(second, 'system.cpu.load_average.15m') - loadavg()[2]!)).toBeLessThanOrEqual(0.5);
    const ps = run('ps', ['-e', '--no-headers']).trim().split('\n').length;
    expect(Math.abs(one(second, 'system.process.count') - ps)).toBeLessThanOrEqual(10);
  });
});
