import { readFileSync } from 'node:fs';
import type { Clock, TimerHandle } from '../../../src/internal/clock.js';
import { silentLogger } from '../../../src/internal/logger.js';
import type { HookContext } from '../../../src/plugins/types.js';
import { createTestHookContext } from '../../../src/testing/hook-context.js';

/** A clock whose timers run only when the test fires them. */
export interface FakeClock extends Clock {
  /** Delays of the timers not yet fired or cancelled, in creation order. */
  pending(): number[];
  /** Fires the oldest pending timer; throws when there is none. */
  fireNext(): void;
}

export function createFakeClock(): FakeClock {
  const timers: { fn: () => void; delayMs: number; live: boolean }[] = [];
  return {
    now: () => 0,
    setTimer(fn, delayMs): TimerHandle {
      const timer = { fn, delayMs, live: true };
      timers.push(timer);
      return {
        cancel: () => {
          timer.live = false;
        },
      };
    },
    pending: () => timers.filter((t) => t.live).map((t) => t.delayMs),
    fireNext() {
      const timer = timers.find((t) => t.live);
      if (!timer) throw new Error('no pending timer');
      timer.live = false;
      timer.fn();
    },
  };
}

export function createContext(clock: Clock, signal: AbortSignal = new AbortController().signal): HookContext {
  return {
    ...createTestHookContext({ clock }),
    signal,
    logger: silentLogger,
    clock,
    secrets: { reveal: async (s) => String(s), scrub: (text) => text },
    emit: () => {},
  };
}

/** Waits until `check()` is true, polling an external process's progress (not a sleep to let time pass). */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Whether a process is alive; a zombie (exited, not yet reaped) counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
