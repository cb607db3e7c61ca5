import { describe, expect, it } from 'vitest';
import { checkReachability } from '../../src/assets/reachability.js';
import { createAssetRegistry } from '../../src/assets/registry.js';
import type { Asset } from '../../src/assets/types.js';
import { catchError } from './fixtures.js';

const cycleOf = (fn: () => unknown): string => {
  const err = catchError(fn);
  expect(err.code).toBe('ERR_CONFIG_INVALID');
  return /dependency cycle: ([^;]+);/.exec(err.message)?.[1] ?? err.message;
};

describe('dependency cycles', () => {
  it('refuses an asset depending on itself', () => {
    const registry = createAssetRegistry();
    expect(cycleOf(() => registry.add({ id: 'a', kind: 'host', dependsOn: ['a'] }))).toBe('a → a');
    expect(registry.size).toBe(0);
  });

  it('refuses a 2-cycle at the add that closes it', () => {
    const registry = createAssetRegistry();
    registry.add({ id: 'a', kind: 'host', dependsOn: ['b'] });
    const err = catchError(() => registry.add({ id: 'b', kind: 'host', dependsOn: ['a'] }));
    expect(err.message).toContain('dependsOn: dependency cycle: b → a → b');
    expect(registry.has('b')).toBe(false);
  });

  it('refuses a 3-cycle that runs through an anyOf group', () => {
    const registry = createAssetRegistry();
    registry.add({ id: 'a', kind: 'host', dependsOn: ['b'] });
    registry.add({ id: 'b', kind: 'host', dependsOn: [{ anyOf: ['x', 'c'] }] });
    expect(cycleOf(() => registry.add({ id: 'c', kind: 'host', dependsOn: ['a'] }))).toBe('c → a → b → c');
  });

  it('refuses an update that creates a cycle and keeps the previous asset', () => {
    const registry = createAssetRegistry();
    registry.addMany([
      { id: 'a', kind: 'host', dependsOn: ['b'] },
      { id: 'b', kind: 'host', dependsOn: ['c'] },
      { id: 'c', kind: 'host' },
    ]);
    expect(cycleOf(() => registry.update('c', { dependsOn: ['a'] }))).toBe('c → a → b → c');
    expect(registry.parents('c')).toEqual([]);
  });

  it('refuses the later add of a forward-referenced parent that closes a cycle', () => {
    const registry = createAssetRegistry();
    registry.add({ id: 'c', kind: 'host', dependsOn: ['b'] });
    registry.add({ id: 'b', kind: 'host', dependsOn: ['a'] });
    expect(registry.danglingDependencies()).toEqual([{ assetId: 'b', missing: 'a' }]);
    expect(cycleOf(() => registry.add({ id: 'a', kind: 'host', dependsOn: ['c'] }))).toBe('a → c → b → a');
    expect(registry.has('a')).toBe(false);
  });

  it('refuses a batch containing a cycle, adding nothing, and points at the member in the batch', () => {
    const registry = createAssetRegistry();
    const err = catchError(() =>
      registry.addMany([
        { id: 'ok', kind: 'host' },
        { id: 'x', kind: 'host', dependsOn: ['y'] },
        { id: 'y', kind: 'host', dependsOn: ['x'] },
      ]),
    );
    expect(err.message).toMatch(/\[\d\]\.dependsOn: dependency cycle: (x → y → x|y → x → y)/);
    expect(registry.size).toBe(0);
  });

  it('allows diamonds (shared ancestors are not cycles)', () => {
    const registry = createAssetRegistry();
    registry.addMany([
      { id: 'core', kind: 'network-device' },
      { id: 'sw-a', kind: 'network-device', dependsOn: ['core'] },
      { id: 'sw-b', kind: 'network-device', dependsOn: ['core'] },
      { id: 'web', kind: 'host', dependsOn: [{ anyOf: ['sw-a', 'sw-b'] }, 'core'] },
    ]);
    expect(registry.size).toBe(4);
  });
});

describe('graph queries', () => {
  const estate = () => {
    const registry = createAssetRegistry();
    registry.addMany([
      { id: 'web-1', kind: 'host', dependsOn: [{ anyOf: ['sw-a', 'sw-b'] }, 'fw'] },
      { id: 'app-1', kind: 'service', dependsOn: ['web-1'] },
      { id: 'sw-a', kind: 'network-device', dependsOn: ['core'] },
      { id: 'sw-b', kind: 'network-device', dependsOn: ['core'] },
      { id: 'core', kind: 'network-device' },
    ]);
    return registry;
  };

  it('answers parents as declared, ancestors transitively (registered only), children and descendants', () => {
    const registry = estate();
    expect(registry.parents('web-1')).toEqual([{ anyOf: ['sw-a', 'sw-b'] }, 'fw']);
    expect(registry.ancestors('app-1')).toEqual(['web-1', 'sw-a', 'sw-b', 'core']);
    expect(registry.children('core')).toEqual(['sw-a', 'sw-b']);
    expect(registry.children('fw')).toEqual(['web-1']);
    expect(registry.descendants('core')).toEqual(['sw-a', 'sw-b', 'web-1', 'app-1']);
    expect(registry.parents('nope')).toEqual([]);
  });

  it('lists dangling references; adding the parent resolves them', () => {
    const registry = estate();
    expect(registry.danglingDependencies()).toEqual([{ assetId: 'web-1', missing: 'fw' }]);
    registry.add({ id: 'fw', kind: 'network-device' });
    expect(registry.danglingDependencies()).toEqual([]);
    expect(registry.ancestors('web-1')).toContain('fw');
  });

  it('keeps a removed parent’s children pointing at it (a forward reference again)', () => {
    const registry = estate();
    registry.remove('core');
    expect(registry.parents('sw-a')).toEqual(['core']);
    expect(registry.children('core')).toEqual(['sw-a', 'sw-b']);
    expect(registry.danglingDependencies()).toEqual([
      { assetId: 'web-1', missing: 'fw' },
      { assetId: 'sw-a', missing: 'core' },
      { assetId: 'sw-b', missing: 'core' },
    ]);
  });

  it('follows updates and removals of the child side', () => {
    const registry = estate();
    registry.update('web-1', { dependsOn: ['sw-a'] });
    expect(registry.children('sw-b')).toEqual([]);
    expect(registry.children('sw-a')).toEqual(['web-1']);
    registry.remove('web-1');
    expect(registry.children('sw-a')).toEqual([]);
    expect(registry.descendants('core')).toEqual(['sw-a', 'sw-b']);
  });

  describe('reachability', () => {
    const judge = (down: string[], known: Record<string, boolean> = {}) => {
      const registry = estate();
      registry.add({ id: 'fw', kind: 'network-device' });
      return (id: string) => registry.reachability(id, (other) => (down.includes(other) ? false : known[other]));
    };

    it('is reachable while every entry is up; unknown states count as up', () => {
      expect(judge([])('app-1')).toEqual({ reachable: true });
    });

    it('an anyOf group is up while any member is up', () => {
      expect(judge(['sw-a'])('web-1')).toEqual({ reachable: true });
      expect(judge(['sw-a', 'sw-b'])('web-1')).toEqual({ reachable: false, blockedBy: { anyOf: ['sw-a', 'sw-b'] } });
    });

    it('a plain entry that is down blocks the asset', () => {
      expect(judge(['fw'])('web-1')).toEqual({ reachable: false, blockedBy: 'fw' });
    });

    it('a dead ancestor makes the whole subtree unreachable, even through parents of unknown state', () => {
      const reach = judge(['core']);
      expect(reach('sw-a')).toEqual({ reachable: false, blockedBy: 'core' });
      expect(reach('web-1').reachable).toBe(false);
      expect(reach('app-1')).toEqual({ reachable: false, blockedBy: 'web-1' });
      // A down asset itself may be reachable: its own state does not matter.
      expect(reach('core')).toEqual({ reachable: true });
    });

    it('a parent that is not registered counts as up', () => {
      const registry = createAssetRegistry();
      registry.add({ id: 'a', kind: 'host', dependsOn: ['ghost'] });
      expect(registry.isReachable('a', () => false)).toBe(true);
    });

    it('handles a dependency chain far deeper than the call stack', () => {
      const depth = 50_000;
      const dependsOnOf = (id: string) => {
        const n = Number(id);
        return n === 0 ? [] : n <= depth ? [String(n - 1)] : undefined;
      };
      expect(checkReachability(String(depth), dependsOnOf, (id) => id !== '0')).toEqual({ reachable: false, blockedBy: String(depth - 1) });
      expect(checkReachability(String(depth), dependsOnOf, () => undefined)).toEqual({ reachable: true });
    });

    it('judges shared ancestors once per call', () => {
      const entries = new Map<string, Asset['dependsOn']>([['top', []]]);
      const layer = (n: number) => Array.from({ length: 30 }, (_, i) => `l${n}-${i}`);
      let previous = ['top'];
      for (let n = 0; n < 20; n++) {
        const ids = layer(n);
        for (const id of ids) entries.set(id, [{ anyOf: previous }]);
        previous = ids;
      }
      entries.set('leaf', [{ anyOf: previous }]);
      let calls = 0;
      const result = checkReachability(
        'leaf',
        (id) => entries.get(id),
        (id) => {
          calls++;
          return id !== 'top';
        },
      );
      expect(result.reachable).toBe(false);
      expect(calls).toBeLessThanOrEqual(entries.size);
    });
  });
});
