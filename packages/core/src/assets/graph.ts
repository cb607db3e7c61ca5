import type { DependsOnEntry } from './types.js';

/**
 * Every asset id a `dependsOn` list names, anyOf members included, without repeats.
 *
 * @param dependsOn - the declared entries
 * @returns the parent ids in declaration order
 */
export function dependencyIds(dependsOn: readonly DependsOnEntry[] | undefined): string[] {
  if (dependsOn === undefined) return [];
  const ids = new Set<string>();
  for (const entry of dependsOn) {
    if (typeof entry === 'string') ids.add(entry);
    else for (const member of entry.anyOf) ids.add(member);
  }
  return [...ids];
}

/**
 * The dependency edges between assets, both ways: `parentsOf` (from `dependsOn`) and a reverse
 * index `childrenOf`, kept up to date on every change so child lookups never scan the inventory.
 * A parent id need not be registered (a forward reference): its children are indexed all the same.
 */
export class DependencyIndex {
  readonly #parents = new Map<string, readonly string[]>();
  readonly #children = new Map<string, Set<string>>();

  /**
   * Records (or replaces) the parents of `id`.
   *
   * @param id - the asset
   * @param dependsOn - its declared entries
   */
  set(id: string, dependsOn: readonly DependsOnEntry[] | undefined): void {
    this.delete(id);
    const parents = dependencyIds(dependsOn);
    if (parents.length === 0) return;
    this.#parents.set(id, parents);
    for (const parent of parents) {
      const children = this.#children.get(parent);
      if (children === undefined) this.#children.set(parent, new Set([id]));
      else children.add(id);
    }
  }

  /**
   * Forgets the parents of `id` (its children keep naming it).
   *
   * @param id - the asset removed
   */
  delete(id: string): void {
    const parents = this.#parents.get(id);
    if (parents === undefined) return;
    this.#parents.delete(id);
    for (const parent of parents) {
      const children = this.#children.get(parent);
      children?.delete(id);
      if (children?.size === 0) this.#children.delete(parent);
    }
  }

  /**
   * The ids `id` depends on, anyOf members included.
   *
   * @param id - the asset
   * @returns its parent ids, registered or not
   */
  parentsOf(id: string): readonly string[] {
    return this.#parents.get(id) ?? [];
  }

  /**
   * The ids of assets whose `dependsOn` names `id`.
   *
   * @param id - the parent, registered or not
   * @returns its children's ids, in the order they were indexed
   */
  childrenOf(id: string): readonly string[] {
    const children = this.#children.get(id);
    return children === undefined ? [] : [...children];
  }

  /**
   * Every id named as a parent, with the children naming it.
   *
   * @returns parent id → child ids
   */
  referenced(): IterableIterator<[string, ReadonlySet<string>]> {
    return this.#children.entries();
  }

  /**
   * Every id reachable from `id` along the edges in one direction, breadth first, `id` excluded.
   *
   * @param id - where to start
   * @param direction - `up` follows parents, `down` follows children
   * @returns the ids found, nearest first
   */
  walk(id: string, direction: 'up' | 'down'): string[] {
    const seen = new Set<string>([id]);
    const queue = [id];
    for (let i = 0; i < queue.length; i++) {
      const current = queue[i] as string;
      const next = direction === 'up' ? this.#parents.get(current) : this.#children.get(current);
      if (next === undefined) continue;
      for (const other of next) {
        if (seen.has(other)) continue;
        seen.add(other);
        queue.push(other);
      }
    }
    return queue.slice(1);
  }

  /**
   * Looks for a dependency cycle that the proposed parents would create. The current graph is
   * acyclic, so any new cycle passes through a changed asset: one depth-first search from the
   * changed assets (shared colours, iterative so long chains cannot overflow the stack) finds it
   * in time linear in the part of the graph they reach.
   *
   * @param proposed - changed asset id → its new parent ids
   * @returns the cycle as ids, first repeated last (`['a', 'b', 'a']`), or `undefined`
   */
  findCycle(proposed: ReadonlyMap<string, readonly string[]>): string[] | undefined {
    const parentsOf = (id: string): readonly string[] => proposed.get(id) ?? this.#parents.get(id) ?? [];
    // An asset nobody depends on cannot be on a cycle: adding a leaf costs no search at all.
    const named = new Set<string>();
    for (const parents of proposed.values()) for (const parent of parents) named.add(parent);
    const done = new Set<string>();
    const onPath = new Map<string, number>();
    for (const start of proposed.keys()) {
      if (done.has(start) || (!named.has(start) && !this.#children.has(start))) continue;
      const stack: { id: string; next: number }[] = [{ id: start, next: 0 }];
      onPath.set(start, 0);
      while (stack.length > 0) {
        const frame = stack[stack.length - 1] as { id: string; next: number };
        const parents = parentsOf(frame.id);
        if (frame.next >= parents.length) {
          stack.pop();
          onPath.delete(frame.id);
          done.add(frame.id);
          continue;
        }
        const parent = parents[frame.next++] as string;
        const at = onPath.get(parent);
        if (at !== undefined) return [...stack.slice(at).map((f) => f.id), parent];
        if (done.has(parent)) continue;
        onPath.set(parent, stack.length);
        stack.push({ id: parent, next: 0 });
      }
    }
    return undefined;
  }
}
