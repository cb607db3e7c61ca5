import type { CliStream } from '../io.js';

/** A one-line progress bar, redrawn in place; draws nothing unless the stream is a terminal. */
export interface ProgressBar {
  /** Shows `done` of `total` (a spinner-like count when the total is unknown). */
  update(done: number, total: number | undefined, note?: string): void;
  /** Clears the line. */
  done(): void;
}

const WIDTH = 24;

/**
 * A progress bar on `stream` (stderr), redrawn at most every 100 ms.
 *
 * @param stream - where to draw; nothing is drawn unless it is a TTY
 * @param label - what is progressing (`snmp.sweep`)
 * @param now - the time in ms, for throttling @defaultValue `Date.now`
 * @returns the bar
 */
export function progressBar(stream: CliStream, label: string, now: () => number = Date.now): ProgressBar {
  if (stream.isTTY !== true) return { update: () => {}, done: () => {} };
  let last = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    update(done, total, note) {
      const t = now();
      const finished = total !== undefined && done >= total;
      if (!finished && t - last < 100) return;
      last = t;
      let bar: string;
      if (total !== undefined && total > 0) {
        const filled = Math.min(WIDTH, Math.round((done / total) * WIDTH));
        bar = `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${done}/${total}`;
      } else bar = `${done}`;
      stream.write(`\r\x1b[2K${label} ${bar}${note ? ` ${note}` : ''}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
