import { WardenError } from '@warden/core';

/** A counting semaphore: at most `limit` holders at once, the rest wait in order. */
export class Gate {
  readonly #limit: number;
  readonly #waiting: Array<() => void> = [];
  #active = 0;

  /** @param limit - how many may hold the gate at once */
  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  /**
   * Takes a slot if one is free now (no promise, no microtask: the hot path of a walk).
   *
   * @returns a release function, or `undefined` when every slot is taken
   */
  tryAcquire(): (() => void) | undefined {
    if (this.#active >= this.#limit || this.#waiting.length > 0) return undefined;
    this.#active++;
    return this.#releaser();
  }

  /**
   * Waits for a slot.
   *
   * @param signal - gives up waiting when aborted
   * @returns a release function; call it exactly once
   * @throws WardenError `ERR_ABORTED` when the signal fires while waiting
   */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw new WardenError('ERR_ABORTED', 'aborted while waiting for a free request slot');
    if (this.#active < this.#limit) {
      this.#active++;
      return this.#releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const wake = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        const at = this.#waiting.indexOf(wake);
        if (at >= 0) this.#waiting.splice(at, 1);
        reject(new WardenError('ERR_ABORTED', 'aborted while waiting for a free request slot'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(wake);
    });
    this.#active++;
    return this.#releaser();
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#active--;
      this.#waiting.shift()?.();
    };
  }
}
