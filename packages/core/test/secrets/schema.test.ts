import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { parseConfig } from '../../src/errors/config-error.js';
import { collectSecretProblems } from '../../src/secrets/problems.js';
import { secretOrString, zSecret } from '../../src/secrets/schema.js';
import { secret } from '../../src/secrets/secret.js';
import type { Secret, SecretLike } from '../../src/secrets/types.js';

const connection = z.strictObject({ username: z.string(), password: zSecret() });
const strictConnection = z.strictObject({ password: zSecret({ allowString: false }) });

describe('zSecret', () => {
  it('keeps a secret object as it is and accepts a plain string by default', () => {
    const s = secret.value('p4ssword');
    expect(connection.parse({ username: 'u', password: s }).password).toBe(s);
    expect(connection.parse({ username: 'u', password: 'plain' }).password).toBe('plain');
    expect(secretOrString.parse('plain')).toBe('plain');
    expectTypeOf<z.output<typeof connection>['password']>().toEqualTypeOf<SecretLike>();
    expectTypeOf<z.output<typeof strictConnection>['password']>().toEqualTypeOf<Secret>();
  });

  it('refuses numbers, empty strings, look-alike objects and (when asked) plain strings, naming the path', () => {
    for (const bad of [42, '', { reveal: () => 'x' }]) {
      expect(() => parseConfig(connection, { username: 'u', password: bad }, 'asset "sw-1" ssh', ['ssh'])).toThrow(/ssh\.password/);
    }
    const err = (() => {
      try {
        parseConfig(strictConnection, { password: 'plain' }, 'asset "sw-1" snmp', ['snmp']);
      } catch (e) {
        return e as Error & { code: string };
      }
    })();
    expect(err?.code).toBe('ERR_CONFIG_INVALID');
    expect(err?.message).toContain('snmp.password: expected a secret');
  });
});

describe('collectSecretProblems', () => {
  it('lists every unreadable secret with its path, and nothing for readable ones', () => {
    const asset = {
      id: 'sw-1',
      snmp: { community: secret.env('WARDEN_TEST_SURELY_UNSET') },
      ssh: { keys: [secret.value('fine'), secret.file('/nonexistent/warden/key')] },
    };
    expect(collectSecretProblems(asset, ['assets', 0])).toEqual([
      {
        path: 'assets[0].snmp.community',
        message: 'secret env:WARDEN_TEST_SURELY_UNSET: environment variable WARDEN_TEST_SURELY_UNSET is not set',
      },
      { path: 'assets[0].ssh.keys[1]', message: 'secret file:/nonexistent/warden/key: file /nonexistent/warden/key does not exist' },
    ]);
    expect(collectSecretProblems({ a: secret.value('fine'), b: 'x' })).toEqual([]);
  });
});
