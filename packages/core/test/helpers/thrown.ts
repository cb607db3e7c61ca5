import type { WardenError } from '../../src/errors/warden-error.js';

/**
 * What a synchronous call threw, for assertions on its code and message; fails the test when
 * nothing was thrown.
 *
 * @param fn - the call expected to throw
 * @returns the thrown error
 */
export function thrown(fn: () => unknown): WardenError {
  try {
    fn();
  } catch (err) {
    return err as WardenError;
  }
  throw new Error('expected a throw');
}
