import type { Asset } from '@warden/core';
import { afterAll, describe, expect, it } from 'vitest';
import { powerAction } from '../../src/actions/power.js';
import { defineCloudProvider } from '../../src/providers/define-provider.js';
import type { CloudProvider } from '../../src/providers/types.js';
import { createHttpTransport } from '../../src/transport/http-transport.js';
import { hookContext } from '../helpers/context.js';

const http = createHttpTransport();
afterAll(() => http.close());

const calls: string[] = [];
const tiny = defineCloudProvider({
  name: 'tiny',
  credentials: async () => ({ source: 'none' }),
  async *discover() {},
  status: async () => ({ state: 'running', checks: {}, events: [] }),
  metrics: async () => [],
  actions: {
    reboot: async (target, ctx) => {
      calls.push(`reboot ${target.id} ${target.region} ${typeof ctx.http.request}`);
      return { ok: true, output: 'rebooted' };
    },
  },
});
const providers = new Map<string, CloudProvider>([['tiny', tiny]]);
const vm: Asset = { id: 'vm-1', kind: 'cloud-instance', cloud: { provider: 'tiny', id: 'x-1', region: 'r1' } } as Asset;

describe('power actions', () => {
  it('are destructive and dispatch to the asset’s provider with the transport', async () => {
    const reboot = powerAction('reboot', providers, http);
    expect(reboot.name).toBe('rebootInstance');
    expect(reboot.destructive).toBe(true);
    expect(await reboot.run(vm, {}, hookContext())).toEqual({ ok: true, output: 'rebooted' });
    expect(calls).toEqual(['reboot x-1 r1 function']);
  });

  it('fail as results when the provider lacks the action or is not configured', async () => {
    expect(await powerAction('stop', providers, http).run(vm, {}, hookContext())).toEqual({
      ok: false,
      error: 'provider tiny cannot stop instances',
    });
    const other = { ...vm, cloud: { provider: 'gcp', id: 'y' } } as Asset;
    const result = await powerAction('start', providers, http).run(other, {}, hookContext());
    expect(result.ok).toBe(false);
    expect(result.error).toContain('cloud provider "gcp" is not configured (configured: tiny)');
  });

  it('defineCloudProvider refuses a malformed provider naming each problem', () => {
    expect(() => defineCloudProvider({ name: 'Bad Name', actions: {} } as never)).toThrow(
      /name "Bad Name"[\s\S]*credentials must be a function[\s\S]*metrics must be a function/,
    );
  });
});
