import { EventEmitter } from 'node:events';
import { WardenError } from '../errors/warden-error.js';
import type { WardenEventName, WardenEvents, WardenListener } from './types.js';

type AnyListener = (payload: unknown) => unknown;

/**
 * A typed event emitter over `node:events` whose listeners are isolated: a listener that
 * throws (or rejects) does not stop the others or the emitter's caller; the failure is
 * reported as `warden:error`.
 */
export class WardenEmitter {
  readonly #events = new EventEmitter({ captureRejections: false });
  readonly #wrappers = new Map<AnyListener, Map<string, AnyListener>>();

  constructor() {
    // Warden is embedded in apps that may attach many listeners; the default warning at 10 is noise.
    this.#events.setMaxListeners(0);
  }

  /**
   * Adds a listener.
   *
   * @param event - the event name
   * @param listener - called with the payload
   * @returns this emitter
   */
  on<E extends WardenEventName>(event: E, listener: WardenListener<E>): this {
    this.#events.on(event, this.#wrap(event, listener as AnyListener, false));
    return this;
  }

  /**
   * Adds a listener that is removed after its first call.
   *
   * @param event - the event name
   * @param listener - called once with the payload
   * @returns this emitter
   */
  once<E extends WardenEventName>(event: E, listener: WardenListener<E>): this {
    this.#events.once(event, this.#wrap(event, listener as AnyListener, true));
    return this;
  }

  /**
   * Removes a listener added with `on` or `once`.
   *
   * @param event - the event name
   * @param listener - the listener passed to `on`
   * @returns this emitter
   */
  off<E extends WardenEventName>(event: E, listener: WardenListener<E>): this {
    const byEvent = this.#wrappers.get(listener as AnyListener);
    const wrapper = byEvent?.get(event);
    if (wrapper) {
      this.#events.off(event, wrapper);
      byEvent?.delete(event);
      if (byEvent?.size === 0) this.#wrappers.delete(listener as AnyListener);
    }
    return this;
  }

  /**
   * Emits an event to every listener, each isolated from the others.
   *
   * @param event - the event name
   * @param payload - the payload
   * @returns whether any listener was called
   */
  emit<E extends WardenEventName>(event: E, payload: WardenEvents[E]): boolean {
    return this.#events.emit(event, payload);
  }

  /**
   * Number of listeners for an event.
   *
   * @param event - the event name
   * @returns the count
   */
  listenerCount(event: WardenEventName): number {
    return this.#events.listenerCount(event);
  }

  /** Removes every listener. */
  removeAllListeners(): void {
    this.#events.removeAllListeners();
    this.#wrappers.clear();
  }

  #wrap(event: string, listener: AnyListener, once: boolean): AnyListener {
    const wrapper: AnyListener = (payload) => {
      if (once) this.#forget(event, listener);
      try {
        const result = listener(payload);
        if (result && typeof (result as Promise<unknown>).then === 'function') {
          (result as Promise<unknown>).then(undefined, (err: unknown) => this.#listenerFailed(event, err));
        }
      } catch (err) {
        this.#listenerFailed(event, err);
      }
    };
    let byEvent = this.#wrappers.get(listener);
    if (!byEvent) {
      byEvent = new Map();
      this.#wrappers.set(listener, byEvent);
    }
    byEvent.set(event, wrapper);
    return wrapper;
  }

  #forget(event: string, listener: AnyListener): void {
    const byEvent = this.#wrappers.get(listener);
    byEvent?.delete(event);
    if (byEvent?.size === 0) this.#wrappers.delete(listener);
  }

  #listenerFailed(event: string, err: unknown): void {
    // A failing `warden:error` listener is not reported again: that would loop.
    if (event === 'warden:error') return;
    const error = new WardenError('ERR_PLUGIN', `a listener for "${event}" threw: ${describeError(err)}`, { cause: err });
    this.emit('warden:error', { error, source: `listener:${event}` });
  }
}

/**
 * A one-line description of anything thrown, including non-Errors.
 *
 * @param err - what was thrown
 * @returns its message, or a string form of it
 */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  try {
    return `non-Error thrown: ${JSON.stringify(err)}`;
  } catch {
    return `non-Error thrown: ${String(err)}`;
  }
}
