const HOUR = 3_600_000;

/**
 * When automatic actions (every rule's and every change's) started, over the last hour: what a
 * rule's `rateLimit.global` is judged on. Manual `warden.act()` calls are not counted (a person
 * acting is never limited, and should not use up the automatic budget).
 */
export class ActionLedger {
  readonly #starts: number[] = [];

  /**
   * Notes an action that starts now.
   *
   * @param at - when it started (ms)
   */
  record(at: number): void {
    this.#starts.push(at);
  }

  /**
   * Actions started in the hour before `now` (exclusive of older ones).
   *
   * @param now - the present (ms)
   * @returns how many
   */
  lastHour(now: number): number {
    while (this.#starts.length > 0 && (this.#starts[0] as number) <= now - HOUR) this.#starts.shift();
    return this.#starts.length;
  }
}
