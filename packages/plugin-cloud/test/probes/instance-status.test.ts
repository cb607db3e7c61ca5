import type { Asset } from '@warden/core';
import { afterAll, describe, expect, it } from 'vitest';
import { metricsCollector, metricsParamsSchema } from '../../src/collectors/metrics.js';
import { instanceStatusParamsSchema, instanceStatusProbe } from '../../src/probes/instance-status.js';
import { defineCloudProvider } from '../../src/providers/define-provider.js';
import type { CloudProvider, InstanceStatusReport, MetricsQuery, ScheduledEvent } from '../../src/providers/types.js';
import { createHttpTransport } from '../../src/transport/http-transport.js';
import { hookContext } from '../helpers/context.js';
import { recordingClock } from '../helpers/servers.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const http = createHttpTransport();
afterAll(() => http.close());

let report: InstanceStatusReport | Error = { state: 'running', checks: {}, events: [] };
const queries: MetricsQuery[] = [];
const fake = defineCloudProvider({
  name: 'fake',
  credentials: async () => ({ source: 'none' }),
  async *discover() {},
  status: async () => {
    if (report instanceof Error) throw report;
    return report;
  },
  metrics: async (_target, query) => {
    queries.push(query);
    return [{ name: 'system.cpu.utilization', value: 0.5, unit: '1' }];
  },
  actions: {},
});
const providers = new Map<string, CloudProvider>([['fake', fake]]);
const vm = { id: 'vm-1', kind: 'cloud-instance', cloud: { provider: 'fake', id: 'i-1', region: 'r1' } } as Asset;
const probe = instanceStatusProbe(providers, http);
const run = async (params = {}) => {
  const ctx = hookContext({ clock: recordingClock(NOW) });
  const result = await probe.run(vm, instanceStatusParamsSchema.parse(params), ctx);
  return { result, events: ctx.events };
};

describe('cloud.instanceStatus', () => {
  it('is ok for a running instance with passing checks', async () => {
    report = { state: 'running', checks: { system: 'ok', instance: 'ok' }, events: [] };
    const { result } = await run();
    expect(result).toMatchObject({ status: 'ok', summary: 'fake i-1 (r1): running, system ok, instance ok' });
    expect(result.samples).toEqual([
      { name: 'cloud.instance.up', value: 1, unit: '1', labels: { state: 'running' } },
      { name: 'cloud.instance.status_check.failed', value: 0, unit: '1', labels: { check: 'system' } },
      { name: 'cloud.instance.status_check.failed', value: 0, unit: '1', labels: { check: 'instance' } },
    ]);
  });

  it('is critical when stopped or impaired, unknown while initializing', async () => {
    report = { state: 'stopped', checks: { system: 'not-applicable', instance: 'not-applicable' }, events: [] };
    expect((await run()).result).toMatchObject({ status: 'critical', summary: 'fake i-1 (r1): state stopped' });
    expect((await run({ expectState: ['running', 'stopped'] })).result.status).toBe('ok');
    report = { state: 'running', checks: { system: 'impaired', instance: 'ok' }, events: [] };
    expect((await run()).result).toMatchObject({ status: 'critical', summary: 'fake i-1 (r1): system check impaired' });
    report = { state: 'running', checks: { system: 'initializing', instance: 'ok' }, events: [] };
    expect((await run()).result.status).toBe('unknown');
  });

  it('warns about scheduled events within eventWarn and emits each one', async () => {
    const from = NOW + 2 * 86_400_000;
    report = {
      state: 'running',
      checks: { system: 'ok' },
      events: [{ code: 'instance-retirement', description: 'retiring', notBefore: from, notAfter: from + 3_600_000 }],
    };
    const soon = await run();
    expect(soon.result.status).toBe('warning');
    expect(soon.result.summary).toContain('scheduled instance-retirement from 2026-01-03T00:00:00.000Z');
    expect(soon.events).toEqual([
      {
        event: 'cloud:scheduled-event',
        payload: { asset: 'vm-1', code: 'instance-retirement', description: 'retiring', from, to: from + 3_600_000 },
      },
    ]);
    expect((await run({ eventWarn: '1d' })).result.status).toBe('ok');
  });

  it('turns provider failures into results with their code', async () => {
    const { WardenError } = await import('@warden/core');
    report = new WardenError('ERR_AUTH', 'aws DescribeInstanceStatus refused: ExpiredToken');
    expect((await run()).result).toMatchObject({ status: 'critical', code: 'ERR_AUTH' });
    const orphan = await probe.run({ id: 'x', kind: 'host' }, instanceStatusParamsSchema.parse({}), hookContext());
    expect(orphan).toMatchObject({ status: 'unknown', code: 'ERR_CONFIG_INVALID' });
  });
});

describe('cloud.instanceStatus: scheduled events become maintenance windows', () => {
  const HOUR = 3_600_000;
  const reboot = (extra: Partial<ScheduledEvent> = {}): ScheduledEvent => ({
    id: 'instance-event-1',
    code: 'system-reboot',
    description: 'The instance is scheduled for a reboot',
    notBefore: NOW + 2 * HOUR,
    notAfter: NOW + 4 * HOUR,
    ...extra,
  });
  const windowsOf = (ctx: ReturnType<typeof hookContext>, at: number) =>
    ctx.calendar.activeWindows(at).map((w) => ({ id: w.id, from: w.from, to: w.to, reason: w.reason, assets: w.assets }));
  const poll = async (ctx: ReturnType<typeof hookContext>, events: ScheduledEvent[], params = {}) => {
    report = { state: 'running', checks: { system: 'ok' }, events };
    return probe.run(vm, instanceStatusParamsSchema.parse(params), ctx);
  };

  it('opens a window from NotBefore to NotAfter naming the event, moves it with the event, removes it once completed', async () => {
    const ctx = hookContext({ clock: recordingClock(NOW), assets: [vm] });
    await poll(ctx, [reboot()]);
    expect(ctx.maintenance.isActive('vm-1', { at: NOW + HOUR })).toBe(false);
    expect(windowsOf(ctx, NOW + 3 * HOUR)).toEqual([
      {
        id: 'cloud:event:vm-1:instance-event-1',
        from: NOW + 2 * HOUR,
        to: NOW + 4 * HOUR,
        reason: 'system-reboot: The instance is scheduled for a reboot',
        assets: ['vm-1'],
      },
    ]);
    // AWS moved it by a day: one window, at the new time.
    await poll(ctx, [reboot({ notBefore: NOW + 26 * HOUR, notAfter: NOW + 28 * HOUR })]);
    expect(windowsOf(ctx, NOW + 3 * HOUR)).toEqual([]);
    expect(windowsOf(ctx, NOW + 27 * HOUR).map((w) => w.id)).toEqual(['cloud:event:vm-1:instance-event-1']);
    await poll(ctx, [reboot({ description: '[Completed] The instance is scheduled for a reboot' })]);
    expect(windowsOf(ctx, NOW + 27 * HOUR)).toEqual([]);
    expect(ctx.maintenance.isActive('vm-1', { at: NOW + 3 * HOUR })).toBe(false);
  });

  it('removes the window of a cancelled or vanished event, keeps the others, and gives an open-ended event eventWindow', async () => {
    const ctx = hookContext({ clock: recordingClock(NOW), assets: [vm] });
    const stop = reboot({
      id: 'instance-event-2',
      code: 'instance-stop',
      description: 'The instance is scheduled for stop',
      notAfter: undefined,
    });
    await poll(ctx, [reboot(), stop], { eventWindow: '30m' });
    expect(windowsOf(ctx, NOW + 2 * HOUR + 1).map((w) => [w.id, w.to])).toEqual([
      ['cloud:event:vm-1:instance-event-1', NOW + 4 * HOUR],
      ['cloud:event:vm-1:instance-event-2', NOW + 2.5 * HOUR],
    ]);
    await poll(ctx, [reboot({ description: '[Canceled] The instance is scheduled for a reboot' }), stop], { eventWindow: '30m' });
    expect(windowsOf(ctx, NOW + 2 * HOUR + 1).map((w) => w.id)).toEqual(['cloud:event:vm-1:instance-event-2']);
    await poll(ctx, []);
    expect(windowsOf(ctx, NOW + 2 * HOUR + 1)).toEqual([]);
  });

  it('leaves past events and events without a start alone, and schedules nothing with maintenance: false', async () => {
    const ctx = hookContext({ clock: recordingClock(NOW), assets: [vm] });
    const result = await poll(ctx, [
      reboot({ id: 'past', notBefore: NOW - 4 * HOUR, notAfter: NOW - 2 * HOUR }),
      reboot({ id: 'undated', notBefore: undefined }),
    ]);
    expect(result.status).toBe('ok');
    expect(ctx.calendar.windowsBetween(NOW - 5 * HOUR, NOW + 5 * HOUR)).toEqual([]);
    await poll(ctx, [reboot()], { maintenance: false });
    expect(ctx.calendar.windowsBetween(NOW, NOW + 5 * HOUR)).toEqual([]);
  });
});

describe('cloud.metrics', () => {
  it('passes sets, window and period to the provider', async () => {
    const collector = metricsCollector(providers, http);
    const params = metricsParamsSchema.parse({ sets: ['cpu'], window: '10m', period: '1m' });
    const ctx = { ...hookContext(), params };
    expect(await collector.collect(vm, ctx, params)).toEqual([{ name: 'system.cpu.utilization', value: 0.5, unit: '1' }]);
    expect(queries.at(-1)).toEqual({ sets: ['cpu'], windowMs: 600_000, periodSeconds: 60 });
    expect(metricsParamsSchema.safeParse({ period: '1500ms' }).success).toBe(false);
  });
});
