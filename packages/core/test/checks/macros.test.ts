import { describe, expect, it } from 'vitest';
import type { Asset } from '../../src/assets/types.js';
import { expandMacros, macroValue, tryExpandMacros, validateMacros } from '../../src/checks/macros.js';
import { thrown } from '../helpers/thrown.js';

const web: Asset = {
  id: 'web-1',
  kind: 'host',
  name: 'Web server 1',
  address: '10.0.0.5',
  labels: { site: 'ams1', 'topology.kubernetes.io/zone': 'z1' },
  facts: { os: 'debian', cores: 8, virtual: false },
};
const bare: Asset = { id: 'db-1.example.org', kind: 'host' };

describe('expandMacros', () => {
  it('replaces every macro, deeply, without touching the input', () => {
    const params = {
      command: ['check_http', '-H', '{address}', '--sni', '{name} ({id}, a {kind})'],
      nested: { site: 'site={labels.site}', os: ['{facts.os}', '{facts.cores}', '{facts.virtual}'] },
      port: 443,
      zone: '{labels.topology.kubernetes.io/zone}',
    };
    const copy = structuredClone(params);
    expect(expandMacros(params, web)).toEqual({
      command: ['check_http', '-H', '10.0.0.5', '--sni', 'Web server 1 (web-1, a host)'],
      nested: { site: 'site=ams1', os: ['debian', '8', 'false'] },
      port: 443,
      zone: 'z1',
    });
    expect(params).toEqual(copy);
  });

  it('falls back to the id for {address} and {name}', () => {
    expect(expandMacros(['{address}', '{name}'], bare)).toEqual(['db-1.example.org', 'db-1.example.org']);
  });

  it('leaves JSON and other braces alone and unescapes {{macro}}', () => {
    expect(expandMacros('{"a":{"b":1}} {} { address } {{address}} {{labels.site}}', web)).toBe(
      '{"a":{"b":1}} {} { address } {address} {labels.site}',
    );
  });

  it('does not expand text a macro produced', () => {
    const tricky: Asset = { id: 'x', kind: 'host', labels: { evil: '{id}' } };
    expect(expandMacros('{labels.evil}', tricky)).toBe('{id}');
  });

  it('names the param path, the macro and the asset when a value is missing', () => {
    const err = thrown(() => expandMacros({ command: ['check', '-s', '{labels.site}'] }, bare));
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.message).toContain('params.command[2]');
    expect(err.message).toContain('{labels.site}');
    expect(err.message).toContain('"db-1.example.org"');
  });

  it('refuses unknown macros and inherited keys', () => {
    expect(thrown(() => expandMacros('{adress}', web)).message).toMatch(/unknown macro \{adress\}/);
    expect(thrown(() => expandMacros('{labels.toString}', web)).message).toContain('no label "toString"');
  });
});

describe('validateMacros', () => {
  it('accepts known macros and escaped ones', () => {
    expect(() => validateMacros({ a: ['{address}', '{labels.x}', '{facts.y}', '{{whatever}}', '{"json":1}'] }, 'check "x"')).not.toThrow();
  });

  it('lists every bad macro with its path', () => {
    const err = thrown(() => validateMacros({ command: ['{adress}', '{labels}'], host: '{id.x}' }, 'check "ping-all" params'));
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.message).toContain('check "ping-all" params');
    expect(err.message).toContain('params.command[0]: unknown macro {adress}');
    expect(err.message).toContain('params.command[1]: {labels} needs a key');
    expect(err.message).toContain('params.host: {id.x} takes no key');
  });
});

describe('tryExpandMacros', () => {
  it('turns a missing value into an unknown result instead of a throw', () => {
    const outcome = tryExpandMacros({ host: '{facts.mgmtIp}' }, web);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.result.status).toBe('unknown');
      expect(outcome.result.code).toBe('ERR_CONFIG_INVALID');
      expect(outcome.result.summary).toContain('{facts.mgmtIp}');
    }
    expect(tryExpandMacros({ host: '{address}' }, web)).toEqual({ ok: true, value: { host: '10.0.0.5' } });
  });
});

describe('macroValue', () => {
  it('resolves one macro or gives undefined', () => {
    expect(macroValue(web, 'labels.site')).toBe('ams1');
    expect(macroValue(bare, 'address')).toBe('db-1.example.org');
    expect(macroValue(web, 'nope')).toBeUndefined();
  });
});
