import type { Sample } from '../../metrics/types.js';

/** One independent thing `host.local` reads; a failure of one does not lose the others. */
export interface HostSource {
  /** What is read, for messages (`/proc/meminfo`). */
  what: string;
  /** Reads it and returns its samples. */
  read(): Promise<Sample[]>;
}
