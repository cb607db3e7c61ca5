import { Console } from 'node:console';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { format, inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WardenError } from '../../src/errors/warden-error.js';
import { secret } from '../../src/secrets/secret.js';
import { isSecret, type Secret } from '../../src/secrets/types.js';

const VALUE = 'hunter2-Sup3r$ecret';
const ENV = 'WARDEN_TEST_SECRET_VALUE';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'warden-secret-'));
  process.env[ENV] = VALUE;
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  delete process.env[ENV];
});

function everySecret(): Secret[] {
  const file = join(dir, 'pw');
  writeFileSync(file, `${VALUE}\n`);
  return [secret.value(VALUE), secret.env(ENV), secret.file(file)];
}

describe('printing a secret never shows its value', () => {
  it.each(['value', 'env', 'file'])('%s: every printing path shows [redacted]', async (source) => {
    const s = everySecret().find((x) => x.source === source)!;
    expect(await s.reveal()).toBe(VALUE); // the value is really inside
    const printed = [
      String(s),
      `${s}`,
      // biome-ignore lint/style/useTemplate: the `+` operator is one of the paths under test
      'x' + s,
      JSON.stringify(s),
      JSON.stringify({ nested: { list: [s] } }),
      inspect(s),
      inspect({ conn: { password: s } }, { depth: 10 }),
      inspect(s, { showHidden: true, customInspect: false, depth: 10 }),
      format('%s %o %O %j', s, s, { s }, { s }),
      new Error(`login failed with ${s}`).message,
      Object.keys(s).join(','),
      Object.values(s).map(String).join(','),
      Reflect.ownKeys(s).map(String).join(','),
      JSON.stringify({ ...s }),
      JSON.stringify(structuredClone({ ...s })),
    ];
    for (const text of printed) expect(text).not.toContain('hunter2');
    expect(String(s)).toBe('[redacted]');
    expect(JSON.stringify(s)).toBe('"[redacted]"');
    expect(inspect({ password: s })).toBe('{ password: [redacted] }');
  });

  it('console.log prints [redacted]', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    new Console({ stdout: sink, stderr: sink }).log('conn', { password: secret.value(VALUE) }, secret.value(VALUE));
    expect(lines.join('')).toBe('conn { password: [redacted] } [redacted]\n');
  });

  it('is recognised by isSecret and frozen', () => {
    const s = secret.value(VALUE);
    expect(isSecret(s)).toBe(true);
    expect(isSecret({ source: 'value', description: 'x', reveal: async () => '', problem: () => undefined })).toBe(false);
    expect(Object.isFrozen(s)).toBe(true);
  });

  it('describes itself without the value', () => {
    expect(secret.env(ENV).description).toBe(`env:${ENV}`);
    expect(secret.value(VALUE).description).toBe('value');
    expect(secret.file('/etc/warden/key').description).toBe('file:/etc/warden/key');
  });
});

describe('secret.env', () => {
  it('reports an unset or empty variable and refuses to reveal it', async () => {
    const s = secret.env('WARDEN_TEST_SURELY_UNSET');
    expect(s.problem()).toBe('environment variable WARDEN_TEST_SURELY_UNSET is not set');
    await expect(s.reveal()).rejects.toMatchObject({ code: 'ERR_SECRET_UNAVAILABLE' });
    process.env.WARDEN_TEST_SURELY_UNSET = '';
    try {
      expect(s.problem()).toBe('environment variable WARDEN_TEST_SURELY_UNSET is empty');
    } finally {
      delete process.env.WARDEN_TEST_SURELY_UNSET;
    }
  });

  it('reads the variable at the moment of use, not at creation', async () => {
    const s = secret.env(ENV);
    expect(s.problem()).toBeUndefined();
    process.env[ENV] = 'changed-later';
    expect(await s.reveal()).toBe('changed-later');
  });

  it.each([[''], [42], ['A=B']])('refuses the name %j with ERR_CONFIG_INVALID', (name) => {
    expect(() => secret.env(name as string)).toThrow(WardenError);
    try {
      secret.env(name as string);
    } catch (err) {
      expect((err as WardenError).code).toBe('ERR_CONFIG_INVALID');
      expect((err as WardenError).message).toContain('name');
    }
  });
});

describe('secret.file', () => {
  it('re-reads the file at every use, so rotation works, and trims the trailing newline', async () => {
    const file = join(dir, 'token');
    writeFileSync(file, 'first-token\n');
    const s = secret.file(file);
    expect(s.problem()).toBeUndefined();
    expect(await s.reveal()).toBe('first-token');
    writeFileSync(file, 'second-token\r\n');
    expect(await s.reveal()).toBe('second-token');
  });

  it('keeps other whitespace, and the newline when asked to', async () => {
    const file = join(dir, 'token');
    writeFileSync(file, '  spaced  \n');
    expect(await secret.file(file).reveal()).toBe('  spaced  ');
    expect(await secret.file(file, { trimNewline: false }).reveal()).toBe('  spaced  \n');
  });

  it('reports a missing file, a directory and an empty file', async () => {
    const missing = secret.file(join(dir, 'nope'));
    expect(missing.problem()).toMatch(/does not exist/);
    const err = await missing.reveal().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WardenError);
    expect((err as WardenError).code).toBe('ERR_SECRET_UNAVAILABLE');
    expect((err as WardenError).message).toContain(join(dir, 'nope'));
    expect(secret.file(dir).problem()).toMatch(/not a regular file/);
    writeFileSync(join(dir, 'empty'), '\n');
    await expect(secret.file(join(dir, 'empty')).reveal()).rejects.toThrow(/is empty/);
  });

  it('resolves a relative path against the current directory at creation', () => {
    expect(secret.file('rel/key').description).toBe(`file:${join(process.cwd(), 'rel/key')}`);
  });
});

describe('secret.value', () => {
  it('keeps the value out of reach of enumeration', async () => {
    const s = secret.value(VALUE);
    const found: unknown[] = [];
    for (const key of Reflect.ownKeys(s)) found.push((s as unknown as Record<PropertyKey, unknown>)[key]);
    for (const key of Reflect.ownKeys(Object.getPrototypeOf(s))) {
      const d = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(s), key);
      if (d && 'value' in d && typeof d.value !== 'function') found.push(d.value);
    }
    expect(found.map(String).join()).not.toContain('hunter2');
    expect(await s.reveal()).toBe(VALUE);
    expect(s.problem()).toBeUndefined();
  });

  it.each([[''], [undefined], [{}]])('refuses %j with ERR_CONFIG_INVALID', (value) => {
    expect(() => secret.value(value as string)).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }));
  });
});
