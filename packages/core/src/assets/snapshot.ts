import { isSecret, type Secret } from '../secrets/types.js';

/**
 * Whether a value is a plain object (an object literal, parsed JSON, or a null-prototype record).
 *
 * @param value - anything
 * @returns true for plain objects, false for arrays, class instances and primitives
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Copies plain objects and arrays deeply and freezes the copy, so a stored asset cannot be
 * changed behind the registry's back. Keys whose value is `undefined` are dropped (an absent
 * optional field). Secrets and other class instances are kept by reference and not frozen:
 * a secret is opaque and may cache state, and typed arrays cannot be frozen.
 *
 * @param value - the value to copy
 * @returns a deeply frozen copy
 */
export function frozenCopy<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (Array.isArray(value)) return Object.freeze(value.map(copy));
  if (!isPlainObject(value) || isSecret(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    // defineProperty, not assignment: a `__proto__` key from JSON must stay a plain key.
    Object.defineProperty(out, key, { value: copy(item), enumerable: true, writable: false, configurable: false });
  }
  return Object.freeze(out);
}

/**
 * Deep equality for asset data. Secrets are equal when they are the same object, or when both
 * name the same source (`env:X`, `file:/p`); two `secret.value()`s are only equal by identity
 * because their descriptions say nothing about their content.
 *
 * @param a - first value
 * @param b - second value
 * @returns whether the two hold the same data
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (isSecret(a) || isSecret(b)) return isSecret(a) && isSecret(b) && sameSecret(a, b);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => sameData(item, b[i]));
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keysA = Object.keys(a).filter((key) => a[key] !== undefined);
  const keysB = Object.keys(b).filter((key) => b[key] !== undefined);
  return keysA.length === keysB.length && keysA.every((key) => Object.hasOwn(b, key) && sameData(a[key], b[key]));
}

function sameSecret(a: Secret, b: Secret): boolean {
  return a.source !== 'value' && a.source === b.source && a.description === b.description;
}

/** One secret found inside a value, with where it sits. */
export interface FoundSecret {
  /** Path segments from the walked value's root. */
  path: PropertyKey[];
  /** The secret. */
  secret: Secret;
}

/**
 * Lists every secret inside plain objects and arrays.
 *
 * @param value - the value to search (a connection block)
 * @param prefix - path segments where the value sits
 * @returns each secret with its path, in document order
 */
export function findSecrets(value: unknown, prefix: readonly PropertyKey[] = []): FoundSecret[] {
  const found: FoundSecret[] = [];
  const walk = (item: unknown, path: PropertyKey[]): void => {
    if (isSecret(item)) found.push({ path, secret: item });
    else if (Array.isArray(item)) for (const [i, child] of item.entries()) walk(child, [...path, i]);
    else if (isPlainObject(item)) for (const [key, child] of Object.entries(item)) walk(child, [...path, key]);
  };
  walk(value, [...prefix]);
  return found;
}
