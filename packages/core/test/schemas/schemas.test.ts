import { readFileSync } from 'node:fs';
import * as core from '@warden/core';
import {
  assetBaseSchema,
  changeSpecSchema,
  checkSpecSchema,
  collectSpecSchema,
  maintenanceSpecSchema,
  notificationRouteSchema,
  remediationRuleSchema,
  serveOptionsSchema,
  wardenConfigSchemas,
  wardenOptionsSchema,
} from '@warden/core/schemas';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestWarden } from '../../src/testing/test-warden.js';

type Json = Record<string, unknown> & { properties: Record<string, Record<string, unknown>>; required?: string[] };

const toJson = (schema: z.ZodType): Json =>
  z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as unknown as Json;

const DURATION = { anyOf: [{ type: 'number', minimum: 0 }, { type: 'string' }] };

describe('@warden/core/schemas', () => {
  it('is a subpath of the exports map, and the main entry does not grow by it', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(manifest.exports['./schemas']).toEqual({
      '@warden/source': './src/schemas/index.ts',
      types: './dist/schemas/index.d.ts',
      default: './dist/schemas/index.js',
    });
    for (const name of Object.keys(wardenConfigSchemas)) expect(Object.keys(core)).not.toContain(`${name}SpecSchema`);
    expect(Object.keys(core)).not.toContain('wardenConfigSchemas');
    expect(Object.keys(core)).not.toContain('checkSpecSchema');
  });

  it('lists every schema once in wardenConfigSchemas', () => {
    expect(wardenConfigSchemas).toEqual({
      options: wardenOptionsSchema,
      asset: assetBaseSchema,
      collect: collectSpecSchema,
      check: checkSpecSchema,
      maintenance: maintenanceSpecSchema,
      notify: notificationRouteSchema,
      remediate: remediationRuleSchema,
      change: changeSpecSchema,
      serve: serveOptionsSchema,
    });
    expect(Object.isFrozen(wardenConfigSchemas)).toBe(true);
  });

  it.each(Object.entries(wardenConfigSchemas))('%s converts to a strict draft-07 object schema', (_name, schema) => {
    const json = toJson(schema as z.ZodType);
    expect(json.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(json.type).toBe('object');
    expect(json.additionalProperties).toBe(false);
    expect(Object.keys(json.properties).length).toBeGreaterThan(3);
  });

  it('describes a check: every form`s fields, durations as number or string, the required fields', () => {
    const json = toJson(checkSpecSchema);
    expect(json.required).toEqual(['id', 'assets']);
    expect(json.properties.attempts).toEqual({ type: 'integer', minimum: 1, maximum: 100 });
    for (const key of ['every', 'timeout', 'retryEvery', 'for', 'freshness', 'window', 'staleAfter'])
      expect(json.properties[key], key).toEqual(DURATION);
    for (const key of ['probe', 'params', 'run', 'metric', 'passive', 'aggregate', 'cron', 'flapping'])
      expect(json.properties, key).toHaveProperty(key);
    expect(json.properties.run).toEqual({}); // a function: anything, checked by Warden
    expect(json.properties.fn?.enum).toContain('predictLinear');
  });

  it('describes the other sections with their own fields', () => {
    expect(toJson(collectSpecSchema).required).toEqual(['collector', 'assets']);
    expect(toJson(assetBaseSchema).properties.lifecycle?.enum).toEqual(['planned', 'active', 'retired']);
    expect(toJson(assetBaseSchema).required).toEqual(['id', 'kind']);
    expect(Object.keys(toJson(maintenanceSpecSchema).properties)).toEqual(
      expect.arrayContaining(['assets', 'checks', 'from', 'to', 'cron', 'duration', 'timezone', 'includeChildren']),
    );
    expect(toJson(notificationRouteSchema).properties.minStatus?.enum).toEqual(['unknown', 'warning', 'critical']);
    const rule = toJson(remediationRuleSchema);
    expect(rule.required).toEqual(['id', 'on']);
    expect(Object.keys((rule.properties.policy as Json).properties)).toEqual(
      expect.arrayContaining(['maxAttempts', 'cooldown', 'dryRun', 'rateLimit', 'approve']),
    );
    expect(toJson(changeSpecSchema).required).toEqual(['id', 'action', 'assets', 'window']);
    expect(toJson(serveOptionsSchema).properties.port).toEqual({ type: 'integer', minimum: 0, maximum: 65535 });
    expect(toJson(wardenOptionsSchema).properties.selfMetricsEvery).toEqual(DURATION);
  });

  it('are the schemas Warden validates with: what they refuse, the methods refuse', async () => {
    const warden = createTestWarden();
    try {
      warden.assets.add({ id: 'h', kind: 'host' });
      const check = { id: 'c', assets: 'kind=host', probe: 'tcp', params: { port: 80 }, atempts: 3 };
      expect(checkSpecSchema.safeParse(check).success).toBe(false);
      expect(() => warden.check(check as never)).toThrow(/atempts/);
      const { atempts, ...rest } = check;
      const fixed = { ...rest, attempts: atempts };
      expect(checkSpecSchema.safeParse(fixed).success).toBe(true);
      expect(() => warden.check(fixed as never)).not.toThrow();

      const collect = { collector: 'host.local', assets: 'kind=host', every: true };
      expect(collectSpecSchema.safeParse(collect).success).toBe(false);
      expect(() => warden.collect(collect as never)).toThrow(/every/);

      const asset = { id: 'bad id', kind: 'host' };
      expect(assetBaseSchema.safeParse(asset).success).toBe(false);
      expect(() => warden.assets.add(asset)).toThrow(/id/);

      const route = { notifier: 'log', minStatus: 'fatal' };
      expect(notificationRouteSchema.safeParse(route).success).toBe(false);
      expect(() => warden.notify(route as never)).toThrow(/minStatus/);
    } finally {
      await warden.stop();
    }
    expect(() => core.createWarden({ deltaGap: [] } as never)).toThrow(/deltaGap/);
    expect(wardenOptionsSchema.safeParse({ deltaGap: [] }).success).toBe(false);
  });
});

describe('WardenPlugin.optionsSchema', () => {
  it('is the schema the factory validated the options with, or undefined without one', () => {
    const options = z.strictObject({ token: z.string() });
    const withOptions = core.definePlugin({ name: 'acme', version: '1.0.0', options, setup() {} });
    expect(withOptions({ token: 'x' }).optionsSchema).toBe(options);
    expect(toJson(withOptions({ token: 'x' }).optionsSchema as z.ZodType).required).toEqual(['token']);
    const without = core.definePlugin({ name: 'bare', version: '1.0.0', setup() {} });
    expect(without().optionsSchema).toBeUndefined();
  });
});
