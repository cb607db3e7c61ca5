import { isSecret } from './types.js';

/**
 * A copy of `value` with `scrub` applied to every string inside plain objects, arrays and
 * errors. Errors keep their prototype (so `instanceof` and `code` still work) and have their
 * own properties copied, including the non-enumerable `message`, `stack` and `cause`.
 *
 * @param value - what to copy
 * @param scrub - the text scrubber
 * @returns the scrubbed copy; other objects are returned as they are
 */
export function scrubDeepWith<T>(value: T, scrub: (text: string) => string): T {
  const copies = new Map<object, unknown>();

  const visit = (node: unknown): unknown => {
    if (typeof node === 'string') return scrub(node);
    if (typeof node !== 'object' || node === null || isSecret(node)) return node;
    const known = copies.get(node);
    if (known !== undefined) return known;
    if (Array.isArray(node)) {
      const out: unknown[] = [];
      copies.set(node, out);
      for (const item of node) out.push(visit(item));
      return out;
    }
    if (node instanceof Error) return copyError(node);
    const proto = Object.getPrototypeOf(node);
    if (proto !== Object.prototype && proto !== null) return node;
    const out: Record<string, unknown> = Object.create(proto);
    copies.set(node, out);
    for (const [key, child] of Object.entries(node)) out[key] = visit(child);
    return out;
  };

  const copyError = (err: Error): Error => {
    const out = Object.create(Object.getPrototypeOf(err)) as Error;
    copies.set(err, out);
    for (const key of Reflect.ownKeys(err)) {
      const desc = Object.getOwnPropertyDescriptor(err, key);
      if (desc === undefined) continue;
      // `stack` may be an accessor: read it once and keep the scrubbed text as data.
      const raw = 'value' in desc ? desc.value : safeGet(err, key);
      Object.defineProperty(out, key, { value: visit(raw), enumerable: desc.enumerable ?? false, writable: true, configurable: true });
    }
    // Engines that keep `stack` as an accessor on the prototype would otherwise lose it.
    if (!Object.hasOwn(out, 'stack') && typeof err.stack === 'string') {
      Object.defineProperty(out, 'stack', { value: scrub(err.stack), enumerable: false, writable: true, configurable: true });
    }
    return out;
  };

  return visit(value) as T;
}

function safeGet(target: object, key: PropertyKey): unknown {
  try {
    return Reflect.get(target, key);
  } catch {
    return undefined;
  }
}
