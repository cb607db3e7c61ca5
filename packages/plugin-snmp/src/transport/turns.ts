/**
 * Spreads request starts over event-loop turns: at most `perTurn` start in one turn, the rest
 * wait for the next ones (in order). A thousand collections started together would otherwise
 * encode and send a thousand requests in one macrotask and hold the host's event loop for it.
 */
export class TurnBudget {
  readonly #perTurn: number;
  readonly #waiting: Array<() => void> = [];
  #used = 0;
  #scheduled = false;

  /** @param perTurn - request starts allowed per event-loop turn */
  constructor(perTurn: number) {
    this.#perTurn = Math.max(1, perTurn);
  }

  /**
   * Resolves when the caller may start its request: at once while this turn has budget left.
   *
   * @returns a promise to await before sending
   */
  take(): Promise<void> {
    if (this.tryTake()) return Promise.resolve();
    this.#schedule();
    return new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  /**
   * Takes a start from this turn's budget if there is one left (no promise to await).
   *
   * @returns true when the caller may start its request now
   */
  tryTake(): boolean {
    this.#schedule();
    if (this.#used >= this.#perTurn || this.#waiting.length > 0) return false;
    this.#used++;
    return true;
  }

  // The budget refills once per turn (setImmediate runs after the poll phase's I/O).
  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      const batch = this.#waiting.splice(0, this.#perTurn);
      this.#used = batch.length;
      for (const resolve of batch) resolve();
      if (this.#waiting.length > 0 || this.#used > 0) this.#schedule();
    });
  }
}
