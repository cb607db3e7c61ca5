import { getEventListeners } from 'node:events';

/**
 * Hands out an `AbortController` per run. Creating an `AbortSignal` costs several microseconds
 * on Node 20 — more than the rest of a run's bookkeeping together — so controllers whose run
 * ended cleanly are reused: a controller goes back to the pool only if it was never aborted and
 * nothing still listens on its signal (the body removed its listeners), so a later run cannot
 * be told apart from one with a fresh controller (except by code that kept the old signal after
 * its run ended, which sees the later run's abort).
 */
export class ControllerPool {
  private readonly free: AbortController[] = [];

  /**
   * @param capacity - most idle controllers kept
   */
  constructor(private readonly capacity = 256) {}

  /**
   * A controller whose signal is not aborted and has no listeners.
   *
   * @returns a pooled or new controller
   */
  take(): AbortController {
    return this.free.pop() ?? new AbortController();
  }

  /**
   * Returns a controller after its run settled; kept only when it is still pristine.
   *
   * @param controller - the run's controller
   */
  give(controller: AbortController): void {
    if (this.free.length >= this.capacity || controller.signal.aborted) return;
    if (getEventListeners(controller.signal, 'abort').length > 0) return;
    this.free.push(controller);
  }
}
