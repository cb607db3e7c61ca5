import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configError, formatPath, fromZodIssues, parseConfig } from '../../src/errors/config-error.js';
import { isWardenError, PluginError, WardenError } from '../../src/errors/warden-error.js';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to throw');
}

describe('WardenError', () => {
  it('is an Error with a stable code, a name and a stack', () => {
    const err = new WardenError('ERR_TIMEOUT', 'tcp on web-1 (10.0.0.5:443): no answer after 2s');
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('WardenError');
    expect(err.code).toBe('ERR_TIMEOUT');
    expect(err.message).toBe('tcp on web-1 (10.0.0.5:443): no answer after 2s');
    expect(err.stack).toContain('WardenError');
    expect(String(err)).toBe('WardenError: tcp on web-1 (10.0.0.5:443): no answer after 2s');
  });

  it('keeps the cause, and has none when none was given', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:22'), { code: 'ECONNREFUSED' });
    expect(new WardenError('ERR_UNREACHABLE', 'ssh on web-1: refused', { cause }).cause).toBe(cause);
    expect('cause' in new WardenError('ERR_UNREACHABLE', 'ssh on web-1: refused')).toBe(false);
  });

  it('serializes to JSON with its code and the cause message (a plain Error serializes to {})', () => {
    const err = new WardenError('ERR_AUTH', 'ssh on web-1: key refused', {
      cause: new Error('All configured authentication methods failed'),
    });
    expect(JSON.parse(JSON.stringify(err))).toEqual({
      name: 'WardenError',
      code: 'ERR_AUTH',
      message: 'ssh on web-1: key refused',
      cause: 'All configured authentication methods failed',
    });
    expect(new WardenError('ERR_AUTH', 'x', { cause: 'bad community' }).toJSON()).toMatchObject({ cause: 'bad community' });
    expect(new WardenError('ERR_AUTH', 'x').toJSON()).not.toHaveProperty('cause');
  });
});

describe('PluginError', () => {
  it('tags the failure with plugin, hook and asset, and is a WardenError with code ERR_PLUGIN', () => {
    const cause = new TypeError("Cannot read properties of undefined (reading 'ifName')");
    const err = new PluginError('snmp.interfaces on sw-1 failed', { plugin: 'snmp', hook: 'snmp.interfaces', assetId: 'sw-1', cause });
    expect(err).toBeInstanceOf(WardenError);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('PluginError');
    expect(err.code).toBe('ERR_PLUGIN');
    expect(err.plugin).toBe('snmp');
    expect(err.hook).toBe('snmp.interfaces');
    expect(err.assetId).toBe('sw-1');
    expect(err.cause).toBe(cause);
    expect(err.toJSON()).toEqual({
      name: 'PluginError',
      code: 'ERR_PLUGIN',
      message: 'snmp.interfaces on sw-1 failed',
      cause: "Cannot read properties of undefined (reading 'ifName')",
      plugin: 'snmp',
      hook: 'snmp.interfaces',
      assetId: 'sw-1',
    });
  });

  it('keeps the code a plugin chose, and leaves out the asset when the hook ran for none', () => {
    const err = new PluginError('ssh onStart: host key of web-1 changed', { plugin: 'ssh', hook: 'onStart', code: 'ERR_HOSTKEY_MISMATCH' });
    expect(err.code).toBe('ERR_HOSTKEY_MISMATCH');
    expect(err.assetId).toBeUndefined();
    expect(err.toJSON()).not.toHaveProperty('assetId');
    expect(err.toJSON()).toMatchObject({ plugin: 'ssh', hook: 'onStart' });
  });
});

describe('isWardenError', () => {
  it('recognises Warden errors, including ones from another copy of @warden/core', () => {
    expect(isWardenError(new WardenError('ERR_STOPPED', 'stopped'))).toBe(true);
    expect(isWardenError(new PluginError('boom', { plugin: 'p', hook: 'setup' }))).toBe(true);
    // Another copy has its own class; its errors still have Warden's name and an ERR_ code.
    const foreign = Object.assign(new Error('timed out'), { name: 'WardenError', code: 'ERR_TIMEOUT' });
    expect(isWardenError(foreign)).toBe(true);
  });

  it("rejects everything else, including Node's own ERR_* errors", () => {
    const nodeError = thrown(() => Buffer.alloc('ten' as unknown as number));
    expect((nodeError as { code?: string }).code).toBe('ERR_INVALID_ARG_TYPE');
    expect(isWardenError(nodeError)).toBe(false);
    expect(isWardenError(new Error('plain'))).toBe(false);
    expect(isWardenError({ name: 'WardenError', code: 'ERR_TIMEOUT', message: 'not an Error' })).toBe(false);
    expect(isWardenError('ERR_TIMEOUT')).toBe(false);
    expect(isWardenError(undefined)).toBe(false);
    expect(isWardenError(null)).toBe(false);
  });
});

describe('configError', () => {
  it('lists every issue with its path, then the hint, under ERR_CONFIG_INVALID', () => {
    const err = configError(
      'asset "sw-1"',
      [
        { path: 'snmp.version', message: "must be '1', '2c' or '3'" },
        { path: 'dependsOn[0]', message: 'must be a string' },
      ],
      'see docs/concepts/assets.md',
    );
    expect(err).toBeInstanceOf(WardenError);
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.message).toBe(
      "invalid asset \"sw-1\":\n  - snmp.version: must be '1', '2c' or '3'\n  - dependsOn[0]: must be a string\nsee docs/concepts/assets.md",
    );
    expect((err as WardenError & { issues: unknown }).issues).toEqual([
      { path: 'snmp.version', message: "must be '1', '2c' or '3'" },
      { path: 'dependsOn[0]', message: 'must be a string' },
    ]);
  });

  it('formats paths as a reader writes them', () => {
    expect(formatPath(['assets', 2, 'snmp', 'version'])).toBe('assets[2].snmp.version');
    expect(formatPath([0, 'id'])).toBe('[0].id');
    expect(formatPath([])).toBe('(root)');
  });
});

describe('parseConfig', () => {
  const schema = z.strictObject({
    id: z.string().min(1),
    every: z.string(),
    labels: z.record(z.string(), z.string()).optional(),
  });

  it('returns the parsed value when it is valid', () => {
    expect(parseConfig(schema, { id: 'disk', every: '1m' }, 'check')).toEqual({ id: 'disk', every: '1m' });
  });

  it('throws ERR_CONFIG_INVALID naming what was validated and each issue at its path', () => {
    const err = thrown(() => parseConfig(schema, { id: '', every: 5, labels: { site: 1 }, extra: true }, 'check "disk"', ['checks', 3]));
    expect(isWardenError(err)).toBe(true);
    const { code, message } = err as WardenError;
    expect(code).toBe('ERR_CONFIG_INVALID');
    expect(message.startsWith('invalid check "disk":\n')).toBe(true);
    const lines = message.split('\n').slice(1);
    expect(lines).toHaveLength(4);
    for (const path of ['checks[3].id', 'checks[3].every', 'checks[3].labels.site', 'checks[3].extra']) {
      expect(lines.some((line) => line.startsWith(`  - ${path}: `))).toBe(true);
    }
    expect(message).toContain('extra');
    const issues = (err as WardenError & { issues: { path: string }[] }).issues;
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      'checks[3].every',
      'checks[3].extra',
      'checks[3].id',
      'checks[3].labels.site',
    ]);
  });

  it('reports the root of the value as (root)', () => {
    const err = thrown(() => parseConfig(schema, 'disk', 'check'));
    expect((err as WardenError).message).toMatch(/^invalid check:\n {2}- \(root\): /);
  });

  it('keeps zod issue paths when converting them without a prefix', () => {
    const result = schema.safeParse({ id: 'x', every: '1m', labels: { site: 2 } });
    expect(result.success).toBe(false);
    if (!result.success) expect(fromZodIssues(result.error.issues).map((i) => i.path)).toEqual(['labels.site']);
  });
});
