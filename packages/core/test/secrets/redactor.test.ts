import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { WardenError } from '../../src/errors/warden-error.js';
import { createRedactor } from '../../src/secrets/redactor.js';
import { secret } from '../../src/secrets/secret.js';

describe('createRedactor', () => {
  it('reveals secrets and plain strings, and scrubs what it revealed from any text', async () => {
    const redactor = createRedactor();
    expect(await redactor.reveal(secret.value('s3cr3t-community'))).toBe('s3cr3t-community');
    expect(await redactor.reveal('plain-password')).toBe('plain-password');
    const text = 'snmp: auth failed for s3cr3t-community; ssh: bad password plain-password (plain-password)';
    expect(redactor.scrub(text)).toBe('snmp: auth failed for [redacted]; ssh: bad password [redacted] ([redacted])');
  });

  it('scrubs nothing before anything was revealed', () => {
    const redactor = createRedactor();
    expect(redactor.scrub('nothing to hide here')).toBe('nothing to hide here');
    const payload = { a: 'x' };
    expect(redactor.scrubDeep(payload)).toBe(payload);
  });

  it('ignores values shorter than minLength, so output is not shredded', async () => {
    const redactor = createRedactor();
    await redactor.reveal('abc');
    expect(redactor.scrub('abc abcd')).toBe('abc abcd');
    expect(redactor.size).toBe(0);
    const strict = createRedactor({ minLength: 2 });
    await strict.reveal('ab');
    expect(strict.scrub('cab')).toBe('c[redacted]');
  });

  it('treats regex metacharacters in secrets literally', async () => {
    const redactor = createRedactor();
    const nasty = ['a.b*c+d?', '(x|y)[z]{1}', '^$\\back\\slash', 'pa$$&word'];
    for (const value of nasty) await redactor.reveal(value);
    const text = `first a.b*c+d? then axbbbcd then (x|y)[z]{1} and ^$\\back\\slash and pa$$&word, x y z`;
    expect(redactor.scrub(text)).toBe('first [redacted] then axbbbcd then [redacted] and [redacted] and [redacted], x y z');
  });

  it('replaces a value that contains another one as a whole', async () => {
    const redactor = createRedactor();
    await redactor.reveal('token');
    await redactor.reveal('token-extended');
    expect(redactor.scrub('got token-extended and token')).toBe('got [redacted] and [redacted]');
  });

  it('picks up values revealed after a scrub (the pattern is rebuilt)', async () => {
    const redactor = createRedactor();
    await redactor.reveal('first-value');
    expect(redactor.scrub('first-value second-value')).toBe('[redacted] second-value');
    await redactor.reveal('second-value');
    expect(redactor.scrub('first-value second-value')).toBe('[redacted] [redacted]');
  });

  it('scrubs JSON-escaped, URL-encoded and per-line forms', async () => {
    const redactor = createRedactor();
    await redactor.reveal('pa"ss wo/rd');
    await redactor.reveal('-----BEGIN KEY-----\nAAAAB3NzaC1yc2EAAAADAQAB\nZZZZLINE2ZZZZ\n-----END KEY-----');
    expect(redactor.scrub(JSON.stringify({ password: 'pa"ss wo/rd' }))).toBe('{"password":"[redacted]"}');
    expect(redactor.scrub('GET https://u:pa%22ss%20wo%2Frd@h/')).toBe('GET https://u:[redacted]@h/');
    expect(redactor.scrub('key parse error near "ZZZZLINE2ZZZZ"')).toBe('key parse error near "[redacted]"');
  });

  it('forgets the oldest values beyond maxValues', async () => {
    const redactor = createRedactor({ maxValues: 2 });
    await redactor.reveal('value-one');
    await redactor.reveal('value-two');
    await redactor.reveal('value-three');
    expect(redactor.size).toBe(2);
    expect(redactor.scrub('value-one value-two value-three')).toBe('value-one [redacted] [redacted]');
  });

  it('remembers derived values added explicitly', async () => {
    const redactor = createRedactor();
    const header = `Basic ${Buffer.from('user:pw-1234').toString('base64')}`;
    redactor.add(header);
    expect(redactor.scrub(`sent Authorization: ${header}`)).toBe('sent Authorization: [redacted]');
  });

  it('propagates an unreadable secret as ERR_SECRET_UNAVAILABLE and remembers nothing', async () => {
    const redactor = createRedactor();
    const err = await redactor.reveal(secret.env('WARDEN_TEST_SURELY_UNSET')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WardenError);
    expect((err as WardenError).code).toBe('ERR_SECRET_UNAVAILABLE');
    expect(redactor.size).toBe(0);
    await expect(redactor.reveal(undefined as unknown as string)).rejects.toThrow(/expected a secret or a string, got undefined/);
  });
});

describe('scrubDeep', () => {
  it('returns scrubbed copies of nested objects and arrays, leaving the input untouched', async () => {
    const redactor = createRedactor();
    await redactor.reveal('hunter2-pass');
    const input = { asset: 'web-1', output: ['ok', 'login hunter2-pass'], meta: { cmd: 'curl -u a:hunter2-pass', n: 3, on: true } };
    const out = redactor.scrubDeep(input);
    expect(out).toEqual({ asset: 'web-1', output: ['ok', 'login [redacted]'], meta: { cmd: 'curl -u a:[redacted]', n: 3, on: true } });
    expect(input.output[1]).toBe('login hunter2-pass');
  });

  it('scrubs an error message, stack, cause and own properties, keeping its class and code', async () => {
    const redactor = createRedactor();
    await redactor.reveal('hunter2-pass');
    const cause = new Error('library said: bad password hunter2-pass');
    const err = new WardenError('ERR_AUTH', 'web-1: authentication failed (hunter2-pass)', { cause });
    Object.assign(err, { detail: 'tried hunter2-pass' });
    const out = redactor.scrubDeep({ error: err });
    expect(out.error).toBeInstanceOf(WardenError);
    expect(out.error.code).toBe('ERR_AUTH');
    expect(out.error.message).toBe('web-1: authentication failed ([redacted])');
    expect(out.error.stack).toContain('[redacted]');
    expect(out.error.stack).not.toContain('hunter2');
    expect((out.error.cause as Error).message).toBe('library said: bad password [redacted]');
    expect((out.error as unknown as { detail: string }).detail).toBe('tried [redacted]');
    expect(inspect(out, { depth: 10 })).not.toContain('hunter2');
    expect(err.message).toContain('hunter2-pass');
  });

  it('keeps cycles, and leaves secrets and class instances as they are', async () => {
    const redactor = createRedactor();
    await redactor.reveal('hunter2-pass');
    const s = secret.value('hunter2-pass');
    const date = new Date(0);
    const node: Record<string, unknown> = { text: 'hunter2-pass', s, date };
    node.self = node;
    const out = redactor.scrubDeep(node);
    expect(out.self).toBe(out);
    expect(out.text).toBe('[redacted]');
    expect(out.s).toBe(s);
    expect(out.date).toBe(date);
    expect(redactor.scrubDeep('plain hunter2-pass')).toBe('plain [redacted]');
  });
});
