import type { Asset } from '@warden/core';
import { afterAll, describe, expect, it } from 'vitest';
import { metricsCollector, metricsParamsSchema } from '../../src/collectors/metrics.js';
import { instanceStatusParamsSchema, instanceStatusProbe } from '../../src/probes/instance-status.js';
import { defineCloudProvider } from '../../src/providers/define-provider.js';
import type { CloudProvider, InstanceStatusReport, MetricsQuery } from '../../src/providers/types.js';
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
