import { describe, expect, it } from 'vitest';
import { parseSelector } from '../../src/assets/selector.js';
import { catchError } from './fixtures.js';

describe('string selectors', () => {
  it.each([
    ['kind=host', [{ key: 'kind', operator: 'in', values: ['host'] }]],
    ['kind==host', [{ key: 'kind', operator: 'in', values: ['host'] }]],
    ['site!=ams1', [{ key: 'site', operator: 'notin', values: ['ams1'] }]],
    ['site in (ams1,ams2)', [{ key: 'site', operator: 'in', values: ['ams1', 'ams2'] }]],
    ['site notin (a, b)', [{ key: 'site', operator: 'notin', values: ['a', 'b'] }]],
    ['canary', [{ key: 'canary', operator: 'exists', values: [] }]],
    ['!canary', [{ key: 'canary', operator: 'absent', values: [] }]],
    ['id=aws:eu-west-1/i-0abc', [{ key: 'id', operator: 'in', values: ['aws:eu-west-1/i-0abc'] }]],
    ['kind in (host,ups)', [{ key: 'kind', operator: 'in', values: ['host', 'ups'] }]],
    ['lifecycle=retired', [{ key: 'lifecycle', operator: 'in', values: ['retired'] }]],
    ['room="Hall 2, east"', [{ key: 'room', operator: 'in', values: ['Hall 2, east'] }]],
    ['note="say \\"hi\\""', [{ key: 'note', operator: 'in', values: ['say "hi"'] }]],
    ['app.kubernetes.io/name=web', [{ key: 'app.kubernetes.io/name', operator: 'in', values: ['web'] }]],
    ['site in ()', [{ key: 'site', operator: 'in', values: [] }]],
  ] as const)('parses %s', (text, requirements) => {
    expect(parseSelector(text).requirements).toEqual(requirements);
  });

  it('parses a combination, with spaces anywhere between tokens', () => {
    expect(parseSelector('  kind = host , site in ( ams1 , ams2 ) , ! canary ').requirements).toEqual([
      { key: 'kind', operator: 'in', values: ['host'] },
      { key: 'site', operator: 'in', values: ['ams1', 'ams2'] },
      { key: 'canary', operator: 'absent', values: [] },
    ]);
  });

  it("parses '*' as every asset", () => {
    expect(parseSelector('*').requirements).toEqual([]);
    expect(parseSelector(' * ').requirements).toEqual([]);
  });

  it.each([
    ['', 1, "empty selector: write '*'"],
    ['   ', 4, 'empty selector'],
    ['kind=host,site in (ams1', 24, "expected ',' or ')', found end of selector"],
    ['kind=host,site in (ams1 ams2)', 25, "expected ',' or ')', found 'ams2'"],
    ['kind=host,', 11, 'expected a label name, found end of selector'],
    ['kind=', 6, 'expected a value, found end of selector'],
    ['site in ams1', 9, "expected '(' after the operator, found 'ams1'"],
    ['site ~ x', 6, "expected '=', '!=', 'in', 'notin', ',' or end of selector, found '~'"],
    ['site foo', 6, "expected '=', '!=', 'in', 'notin', ',' or end of selector, found 'foo'"],
    ['kind=host site=x', 11, "expected ',' or end of selector, found 'site'"],
    ['!canary=yes', 8, '\'!canary\' means "label absent" and takes no value; write canary!=value'],
    ['kind', 1, '`kind` is always set on an asset; compare it instead (kind=…)'],
    ['!id', 2, '`id` is always set on an asset; compare it instead (id!=…)'],
    ['lifecycle=gone', 11, 'lifecycle is one of planned, active, retired, not `gone`'],
    ['room="open', 6, 'unterminated quoted value'],
    ['__meta=x', 1, 'label name `__meta` must be'],
    ['1abc=x', 1, 'expected a label name'],
    ['*,kind=host', 2, "'*' selects every asset and cannot be combined"],
  ] as const)('refuses %j at column %i', (text, column, message) => {
    const err = catchError(() => parseSelector(text));
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.message).toContain(`selector ${JSON.stringify(text)}`);
    expect(err.message).toContain(`at column ${column}: ${message}`);
  });

  it('draws a pointer under the column and names where the selector was written', () => {
    const err = catchError(() => parseSelector('kind=host,site in (ams1', { where: 'checks[2].assets' }));
    expect(err.message).toContain('checks[2].assets: at column 24');
    expect(err.message).toContain(`  kind=host,site in (ams1\n  ${' '.repeat(23)}^`);
    expect((err as unknown as { issues: unknown }).issues).toEqual([
      { path: 'checks[2].assets', message: "at column 24: expected ',' or ')', found end of selector" },
    ]);
  });
});
