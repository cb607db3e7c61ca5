import { describe, expect, it } from 'vitest';
import { createAssetRegistry } from '../../src/assets/registry.js';
import type { AssetChange } from '../../src/assets/registry-types.js';
import type { Asset, DependsOnEntry } from '../../src/assets/types.js';
import { asAsset, catchError } from './fixtures.js';

const recorder = () => {
  const changes: AssetChange[] = [];
  const registry = createAssetRegistry({ onChange: (change) => changes.push(change) });
  return { registry, changes };
};

describe('add', () => {
  it('stores the asset with lifecycle defaulting to active, and reports it', () => {
    const { registry, changes } = recorder();
    const stored = registry.add({ id: 'web-1', kind: 'host', labels: { site: 'ams1' } });
    expect(stored).toEqual({ id: 'web-1', kind: 'host', labels: { site: 'ams1' }, lifecycle: 'active' });
    expect(registry.get('web-1')).toBe(stored);
    expect(registry.has('web-1')).toBe(true);
    expect(registry.size).toBe(1);
    expect(changes).toEqual([{ type: 'added', asset: stored }]);
  });

  it('refuses a duplicate id with ERR_DUPLICATE and keeps the first', () => {
    const { registry, changes } = recorder();
    registry.add({ id: 'web-1', kind: 'host' });
    const err = catchError(() => registry.add({ id: 'web-1', kind: 'ups' }));
    expect(err.code).toBe('ERR_DUPLICATE');
    expect(err.message).toContain('asset "web-1" already exists; use update() or upsert()');
    expect(registry.get('web-1')?.kind).toBe('host');
    expect(changes).toHaveLength(1);
  });

  it('lists every issue of an invalid asset with its path, and registers nothing', () => {
    const { registry, changes } = recorder();
    const err = catchError(() =>
      registry.add(
        asAsset({
          id: 'web 1',
          kind: '',
          address: 'a b',
          labels: { site: 3, 'bad name': 'x', kind: 'host' },
          dependsOn: ['ok', { anyOf: [] }, 7],
          lifecycle: 'gone',
          facts: { ram: Number.POSITIVE_INFINITY, '9x': 'y' },
        }),
      ),
    );
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    const paths = (err as unknown as { issues: { path: string; message: string }[] }).issues.map((issue) => issue.path).sort();
    expect(paths).toEqual(
      [
        'id',
        'kind',
        'address',
        'labels.site',
        'labels.bad name',
        'labels.kind',
        'dependsOn[1].anyOf',
        'dependsOn[2]',
        'lifecycle',
        'facts.ram',
        'facts.9x',
      ].sort(),
    );
    expect(err.message).toContain('asset "web 1"');
    expect(err.message).toContain('id: must be 1–253 characters');
    expect(err.message).toContain('labels.kind: `kind` is reserved');
    expect(err.message).toContain('dependsOn[2]: expected an asset id or { anyOf: [ids…] }');
    expect(err.message).toContain('dependsOn[1].anyOf: an anyOf group needs at least one asset id');
    expect(registry.size).toBe(0);
    expect(changes).toEqual([]);
  });

  it('says which fields are required', () => {
    const err = catchError(() => createAssetRegistry().add(asAsset({})));
    expect(err.message).toContain('id: required');
    expect(err.message).toContain('kind: required');
    expect(catchError(() => createAssetRegistry().add(null as unknown as Asset)).message).toContain('expected an object');
  });

  it('treats a field set to undefined as absent', () => {
    const stored = createAssetRegistry().add({ id: 'a', kind: 'host', name: undefined } as unknown as Asset);
    expect(Object.keys(stored)).toEqual(['id', 'kind', 'lifecycle']);
  });
});

describe('frozen copies', () => {
  it('is not affected by later changes to the caller’s object', () => {
    const registry = createAssetRegistry();
    const dependsOn: DependsOnEntry[] = ['b'];
    const input = { id: 'a', kind: 'host', labels: { site: 'ams1' }, dependsOn };
    registry.add(input);
    input.labels.site = 'fra1';
    dependsOn.push('c');
    expect(registry.get('a')?.labels).toEqual({ site: 'ams1' });
    expect(registry.parents('a')).toEqual(['b']);
    expect(registry.children('c')).toEqual([]);
  });

  it('cannot be changed through what it returns', () => {
    const registry = createAssetRegistry();
    const stored = registry.add({ id: 'a', kind: 'host', labels: { site: 'ams1' }, dependsOn: [{ anyOf: ['b', 'c'] }] });
    expect(() => {
      (stored.labels as Record<string, string>).site = 'x';
    }).toThrow(TypeError);
    expect(() => {
      (stored as { kind: string }).kind = 'ups';
    }).toThrow(TypeError);
    const group = stored.dependsOn?.[0] as { anyOf: string[] };
    expect(() => group.anyOf.push('d')).toThrow(TypeError);
    expect(registry.get('a')?.labels?.site).toBe('ams1');
  });
});

describe('update', () => {
  it('applies a patch of top-level fields; undefined removes one', () => {
    const { registry, changes } = recorder();
    const previous = registry.add({ id: 'a', kind: 'host', address: '10.0.0.1', labels: { site: 'ams1' } });
    const next = registry.update('a', { address: undefined, labels: { site: 'fra1' }, lifecycle: 'retired' });
    expect(next).toEqual({ id: 'a', kind: 'host', labels: { site: 'fra1' }, lifecycle: 'retired' });
    expect(changes[1]).toEqual({ type: 'updated', asset: next, previous });
  });

  it('accepts a function from the stored asset to the new one', () => {
    const registry = createAssetRegistry();
    registry.add({ id: 'a', kind: 'host', labels: { site: 'ams1', rack: '3' } });
    const next = registry.update('a', (asset) => ({ ...asset, labels: { ...asset.labels, rack: '4' } }));
    expect(next.labels).toEqual({ site: 'ams1', rack: '4' });
  });

  it('emits nothing when nothing changed', () => {
    const { registry, changes } = recorder();
    const stored = registry.add({ id: 'a', kind: 'host' });
    expect(registry.update('a', { kind: 'host' })).toBe(stored);
    expect(changes).toHaveLength(1);
  });

  it('refuses an unknown id, a changed id and an invalid result, leaving the asset as it was', () => {
    const registry = createAssetRegistry();
    const stored = registry.add({ id: 'a', kind: 'host' });
    expect(catchError(() => registry.update('zz', { kind: 'ups' })).code).toBe('ERR_NOT_FOUND');
    const renamed = catchError(() => registry.update('a', { id: 'b' }));
    expect(renamed.code).toBe('ERR_CONFIG_INVALID');
    expect(renamed.message).toContain("id: an asset's id cannot change");
    const invalid = catchError(() => registry.update('a', asAsset({ kind: '', lifecycle: 'x' })));
    expect(invalid.message).toContain('update of asset "a"');
    expect(invalid.message).toContain('kind: must not be empty');
    expect(registry.get('a')).toBe(stored);
  });
});

describe('remove', () => {
  it('removes and reports the asset; removing it again says false', () => {
    const { registry, changes } = recorder();
    const stored = registry.add({ id: 'a', kind: 'host' });
    expect(registry.remove('a')).toBe(true);
    expect(registry.remove('a')).toBe(false);
    expect(registry.has('a')).toBe(false);
    expect(changes.at(-1)).toEqual({ type: 'removed', asset: stored });
    expect(changes).toHaveLength(2);
  });
});

describe('upsert', () => {
  it('adds an unknown asset', () => {
    const registry = createAssetRegistry();
    expect(registry.upsert({ id: 'sw-1', kind: 'network-device' })).toEqual({
      action: 'added',
      asset: { id: 'sw-1', kind: 'network-device', lifecycle: 'active' },
    });
  });

  it('merges labels and facts key by key, replaces other given fields and keeps the lifecycle', () => {
    const { registry, changes } = recorder();
    registry.add({
      id: 'sw-1',
      kind: 'network-device',
      name: 'core switch',
      labels: { site: 'ams1', owner: 'noc' },
      facts: { vendor: 'Cisco', serial: 'X1' },
      lifecycle: 'retired',
    });
    const result = registry.upsert({
      id: 'sw-1',
      kind: 'network-device',
      address: '10.0.0.2',
      labels: { site: 'ams2' },
      facts: { firmware: '15.2', serial: 'X1' },
      lifecycle: 'active',
    });
    expect(result.action).toBe('updated');
    expect(result.asset).toEqual({
      id: 'sw-1',
      kind: 'network-device',
      name: 'core switch',
      address: '10.0.0.2',
      labels: { site: 'ams2', owner: 'noc' },
      facts: { vendor: 'Cisco', serial: 'X1', firmware: '15.2' },
      lifecycle: 'retired',
    });
    expect(changes.at(-1)?.type).toBe('updated');
  });

  it('reports unchanged, and emits nothing, when the proposal adds nothing new', () => {
    const { registry, changes } = recorder();
    const stored = registry.add({ id: 'sw-1', kind: 'network-device', facts: { vendor: 'Cisco', ports: 48 } });
    expect(registry.upsert({ id: 'sw-1', kind: 'network-device', facts: { ports: 48 } })).toEqual({ action: 'unchanged', asset: stored });
    expect(changes).toHaveLength(1);
  });

  it('refuses a proposal whose merge is invalid', () => {
    const registry = createAssetRegistry();
    registry.add({ id: 'sw-1', kind: 'network-device' });
    const err = catchError(() => registry.upsert(asAsset({ id: 'sw-1', kind: 'network-device', facts: { uptime: {} } })));
    expect(err.message).toContain('facts.uptime: fact values are strings, finite numbers or booleans');
  });
});

describe('addMany', () => {
  it('adds every asset, in order, parents possibly after their children', () => {
    const { registry, changes } = recorder();
    const stored = registry.addMany([
      { id: 'web-1', kind: 'host', dependsOn: ['sw-1'] },
      { id: 'sw-1', kind: 'network-device' },
    ]);
    expect(stored.map((asset) => asset.id)).toEqual(['web-1', 'sw-1']);
    expect(changes.map((change) => `${change.type}:${change.asset.id}`)).toEqual(['added:web-1', 'added:sw-1']);
    expect(registry.danglingDependencies()).toEqual([]);
  });

  it('adds nothing when one asset is invalid, listing the issues under its index', () => {
    const { registry, changes } = recorder();
    const err = catchError(() =>
      registry.addMany([{ id: 'a', kind: 'host' }, asAsset({ id: 'b', kind: '' }), asAsset({ id: 'c', kind: 'host', lifecycle: 'x' })], {
        path: 'assets',
      }),
    );
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.message).toContain('assets[1].kind: must not be empty (asset "b")');
    expect(err.message).toContain('assets[2].lifecycle:');
    expect(err.message).toContain('nothing was added');
    expect(registry.size).toBe(0);
    expect(changes).toEqual([]);
  });

  it('adds nothing when ids repeat or exist, naming each', () => {
    const registry = createAssetRegistry();
    registry.add({ id: 'old', kind: 'host' });
    const err = catchError(() =>
      registry.addMany([
        { id: 'a', kind: 'host' },
        { id: 'a', kind: 'ups' },
        { id: 'old', kind: 'host' },
      ]),
    );
    expect(err.code).toBe('ERR_DUPLICATE');
    expect(err.message).toContain('[1]: "a" repeats [0]');
    expect(err.message).toContain('[2]: "old" already exists');
    expect(registry.size).toBe(1);
  });

  it('replaces existing assets when asked', () => {
    const { registry, changes } = recorder();
    registry.add({ id: 'old', kind: 'host', labels: { x: '1' } });
    registry.addMany([{ id: 'old', kind: 'ups' }], { replaceExisting: true });
    expect(registry.get('old')).toEqual({ id: 'old', kind: 'ups', lifecycle: 'active' });
    expect(changes.at(-1)?.type).toBe('updated');
  });
});

describe('listing', () => {
  it('lists in registration order, optionally through a selector', () => {
    const registry = createAssetRegistry();
    registry.addMany([
      { id: 'b', kind: 'host', labels: { site: 'ams1' } },
      { id: 'a', kind: 'ups', labels: { site: 'ams1' } },
      { id: 'c', kind: 'host' },
    ]);
    expect(registry.list().map((asset) => asset.id)).toEqual(['b', 'a', 'c']);
    expect(registry.list('site=ams1').map((asset) => asset.id)).toEqual(['b', 'a']);
    expect(registry.select({ kind: 'host' }).map((asset) => asset.id)).toEqual(['b', 'c']);
    expect([...registry].map((asset) => asset.id)).toEqual(['b', 'a', 'c']);
    expect(catchError(() => registry.select('site in (')).code).toBe('ERR_CONFIG_INVALID');
  });
});

describe('change listeners', () => {
  it('a throwing listener does not undo the change; its error reaches the caller after every change was reported', () => {
    const seen: string[] = [];
    const registry = createAssetRegistry({
      onChange: (change) => {
        seen.push(change.asset.id);
        throw new Error('listener broke');
      },
    });
    expect(() =>
      registry.addMany([
        { id: 'a', kind: 'host' },
        { id: 'b', kind: 'host' },
      ]),
    ).toThrow('listener broke');
    expect(seen).toEqual(['a', 'b']);
    expect(registry.size).toBe(2);
  });

  it('sends listener errors to onListenerError when given', () => {
    const errors: string[] = [];
    const registry = createAssetRegistry({
      onChange: () => {
        throw new Error('boom');
      },
      onListenerError: (error, change) => errors.push(`${(error as Error).message}:${change.asset.id}`),
    });
    registry.add({ id: 'a', kind: 'host' });
    expect(errors).toEqual(['boom:a']);
  });
});
