import { describe, expect, it } from 'vitest';
import { compileSelector, parseSelector } from '../../src/assets/selector.js';
import type { Selector } from '../../src/assets/selector-types.js';
import type { Asset } from '../../src/assets/types.js';
import { catchError } from './fixtures.js';

const estate: Asset[] = [
  { id: 'web-1', kind: 'host', labels: { site: 'ams1', role: 'web' } },
  { id: 'web-2', kind: 'host', labels: { site: 'ams2', role: 'web', canary: 'true' } },
  { id: 'db-1', kind: 'host', labels: { site: 'fra1', role: 'db' }, lifecycle: 'retired' },
  { id: 'ups-1', kind: 'ups', labels: { site: 'ams1' } },
  { id: 'sw-1', kind: 'network-device', lifecycle: 'planned' },
];

const ids = (selector: Selector): string[] => {
  const compiled = compileSelector(selector);
  return estate.filter((asset) => compiled.matches(asset)).map((asset) => asset.id);
};

describe('selector matching', () => {
  it.each([
    ['*', ['web-1', 'web-2', 'db-1', 'ups-1', 'sw-1']],
    ['kind=host', ['web-1', 'web-2', 'db-1']],
    ['kind!=host', ['ups-1', 'sw-1']],
    ['kind in (host,ups),site=ams1', ['web-1', 'ups-1']],
    ['kind notin (host,ups)', ['sw-1']],
    ['site in (ams1,ams2),!canary', ['web-1', 'ups-1']],
    ['canary', ['web-2']],
    ['id=web-1', ['web-1']],
    ['id in (web-1,db-1,nope)', ['web-1', 'db-1']],
    // != and notin also match assets without the label, as in Kubernetes.
    ['site!=ams1', ['web-2', 'db-1', 'sw-1']],
    ['site notin (ams1,ams2)', ['db-1', 'sw-1']],
    // An asset without a lifecycle is active.
    ['lifecycle=active', ['web-1', 'web-2', 'ups-1']],
    ['lifecycle in (planned,retired)', ['db-1', 'sw-1']],
    ['site in (a,b,c,d,e,ams2)', ['web-2']],
    ['site in ()', []],
    ['role=web,role=db', []],
  ] as const)('%s', (selector, expected) => {
    expect(ids(selector)).toEqual(expected);
  });

  it.each([
    [{}, ['web-1', 'web-2', 'db-1', 'ups-1', 'sw-1']],
    [{ ids: ['sw-1', 'web-2'] }, ['web-2', 'sw-1']],
    [{ ids: [] }, []],
    [{ kind: 'host' }, ['web-1', 'web-2', 'db-1']],
    [{ kind: ['ups', 'network-device'] }, ['ups-1', 'sw-1']],
    [{ labels: { site: 'ams1' } }, ['web-1', 'ups-1']],
    [{ labels: { site: ['ams2', 'fra1'] } }, ['web-2', 'db-1']],
    [{ labels: { site: { not: 'ams1' } } }, ['web-2', 'db-1', 'sw-1']],
    [{ labels: { site: { not: ['ams1', 'ams2'] } } }, ['db-1', 'sw-1']],
    [{ labels: { canary: { exists: true } } }, ['web-2']],
    [{ labels: { canary: { exists: false } }, kind: 'host' }, ['web-1', 'db-1']],
    [{ lifecycle: 'retired' }, ['db-1']],
    [{ lifecycle: ['active', 'planned'] }, ['web-1', 'web-2', 'ups-1', 'sw-1']],
  ] as const)('object form %j', (selector, expected) => {
    expect(ids(selector as Selector)).toEqual(expected);
  });

  it('string and object forms of the same selection agree', () => {
    expect(ids({ kind: 'host', labels: { site: ['ams1', 'ams2'], canary: { exists: false } } })).toEqual(
      ids('kind=host,site in (ams1,ams2),!canary'),
    );
  });

  it('a plain word is a label-existence check, not an id', () => {
    expect(ids('web-1')).toEqual([]);
    expect(ids('role')).toEqual(['web-1', 'web-2', 'db-1']);
  });
});

describe('compiled selectors', () => {
  it.each([
    ['kind = host , site in ( ams1 , ams2 ) , ! canary', 'kind=host,site in (ams1,ams2),!canary'],
    ['kind==host,site!=x,role notin (a,b),lb', 'kind=host,site!=x,role notin (a,b),lb'],
    [' * ', '*'],
    ['room in ("Hall 2",x)', 'room in ("Hall 2",x)'],
  ])('writes %j canonically as %j', (input, canonical) => {
    const text = compileSelector(input).toString();
    expect(text).toBe(canonical);
    expect(parseSelector(text)).toEqual(parseSelector(input));
  });

  it('writes the object form as the string form', () => {
    const compiled = compileSelector({ ids: ['a'], kind: ['host', 'ups'], labels: { x: { not: 'y' }, z: { exists: true } } });
    expect(String(compiled)).toBe('id=a,kind in (host,ups),x!=y,z');
    expect(compileSelector({}).toString()).toBe('*');
  });

  it('returns an already compiled selector as it is', () => {
    const compiled = compileSelector('kind=host');
    expect(compileSelector(compiled)).toBe(compiled);
  });
});

describe('invalid object selectors', () => {
  it('lists each problem with its path', () => {
    const err = catchError(() =>
      compileSelector({ kinds: 'host', labels: { kind: 'host', __x: 'y', ok: { not: 3 } }, lifecycle: 'gone' } as unknown as Selector, {
        where: 'checks[0].assets',
      }),
    );
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.message).toContain('checks[0].assets.kinds: unknown key; did you mean "kind"?');
    expect(err.message).toContain("checks[0].assets.labels.kind: `kind` is not a label: use the selector's own `kind` field");
    expect(err.message).toContain('checks[0].assets.labels.__x: label name must be');
    expect(err.message).toContain('checks[0].assets.labels.ok: expected a value, a list of values');
    expect(err.message).toContain('checks[0].assets.lifecycle:');
  });

  it('refuses something that is neither a string nor an object', () => {
    expect(catchError(() => compileSelector(42 as unknown as Selector)).code).toBe('ERR_CONFIG_INVALID');
  });
});
