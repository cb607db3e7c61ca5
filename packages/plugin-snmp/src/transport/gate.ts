import { WardenError } from '@warden/core';

/**
 * A counting semaphore: at most `limit` holders at once, the rest wait in order. A slot is
 * handed straight to the next waiter on release, so a waiter never loses it to a newcomer.
 */
export class Gate {
  readonly #limit: number;
  readonly #waiting: Array<() => void> = [];
  #active = 0;

  /** @param limit - how many may hold the gate at once */
  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  /**
   * Takes a slot if one is free now (no promise, no closure: the hot path of a walk).
   *
   * @returns true when a slot was taken; then call {@link release} once
   */
  tryAcquire(): boolean {
    if (this.#active >= this.#limit || this.#waiting.length > 0) return false;
    this.#active++;
    return true;
  }

  /**
   * Waits for a slot; call {@link release} once when done.
   *
   * @param signal - gives up waiting when aborted
   * @throws WardenError `ERR_ABORTED` when the signal fires while waiting
   */
  async acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new WardenError('ERR_ABORTED', 'aborted while waiting for a free request slot');
    if (this.tryAcquire()) return;
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
    // release() handed this slot over: #active already counts it.
  }

  /** Gives a slot back: to the first waiter, else to the pool. */
  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#active--;
  }
}
