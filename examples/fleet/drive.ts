// Driving a Warden on a manual clock against real peers. The manual clock fires timers when told
// to, but it does not wait for sockets: a check that is talking to the SSH peer is still running
// when `advance()` returns. So time moves one timer at a time, and before the next one fires we
// wait (in real time, a few milliseconds over loopback) until every run has finished. Nothing
// can time out on the simulated clock while a peer is answering, and the story is the same on
// every machine however loaded it is.
import type { TestWarden } from '@warden/core/testing';

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 2));

/**
 * Waits until no run is in flight or queued (two quiet looks in a row, work settling between).
 *
 * @param warden - the Warden on its manual clock
 */
export async function settled(warden: TestWarden): Promise<void> {
  for (let quiet = 0; quiet < 2; ) {
    await warden.clock.flush();
    const { running, queued } = warden.engine().scheduler;
    quiet = running + queued === 0 ? quiet + 1 : 0;
    if (quiet === 0) await tick();
  }
}

/**
 * Moves the clock to `time`, firing due timers one due time after another and letting the work
 * each one starts finish before the next.
 *
 * @param warden - the Warden on its manual clock
 * @param time - ms since the epoch
 * @param onTime - told each new time before its timers fire (the peers' clocks follow it)
 */
export async function runUntil(warden: TestWarden, time: number, onTime: (now: number) => void = () => {}): Promise<void> {
  await settled(warden);
  for (let next = warden.clock.nextTimerAt(); next !== undefined && next <= time; next = warden.clock.nextTimerAt()) {
    onTime(next);
    await warden.clock.set(next);
    await settled(warden);
  }
  onTime(time);
  await warden.clock.set(time);
  await settled(warden);
}
