import type { Sample } from '@warden/core';

const WRAP32 = 2 ** 32;
// Ethernet's smallest frame on the wire (64 bytes + preamble + gap) bounds the packet rate.
const MIN_FRAME_BITS = 84 * 8;
const PACKET_METRICS = new Set(['system.network.packets', 'system.network.errors', 'system.network.dropped']);

/** What one collection of an asset's interfaces saw, besides the samples. */
export interface CounterReading {
  /** When the collection ran (ms, Warden's clock). */
  at: number;
  /** The agent's sysUpTime in TimeTicks, when it answered. */
  uptime?: number | undefined;
  /** ifCounterDiscontinuityTime per device. */
  discontinuities: ReadonlyMap<string, number>;
}

/** What the guard found about one collection. */
export interface CounterVerdict {
  /**
   * The samples to keep: 32-bit counters that may have wrapped more than once are left out;
   * counters that restarted carry `reset: true`.
   */
  samples: Sample[];
  /** Seconds since the asset's previous collection, when there was one. */
  intervalSeconds?: number;
  /** The agent restarted since the previous collection (its sysUpTime fell behind the time between them). */
  agentRestarted: boolean;
  /** Devices whose counters the agent says became discontinuous since the previous collection. */
  discontinuous: string[];
  /** Devices whose 32-bit counters were left out, with the reason. */
  withheld: Map<string, string>;
}

// sysUpTime is a TimeTicks (hundredths of a second) that wraps at 2³² (after 497 days).
const UPTIME_WRAP = 2 ** 32;
// How far the agent's uptime may fall behind Warden's clock between two polls before it counts
// as a restart: 60 s (in ticks) for when in each collection the agent answered, plus 1 % of the
// interval for agents whose clocks run slow.
const UPTIME_SLACK = 6_000;
const UPTIME_DRIFT = 0.01;

/**
 * Whether the agent restarted between two readings: its sysUpTime advanced less than the time
 * between the polls (beyond the slack) — whether it went backwards or, restarted early in the
 * interval, already ran past the previous reading. A wrap at 2³² ticks is not a restart.
 */
function restarted(prev: CounterReading | undefined, reading: CounterReading): boolean {
  if (prev?.uptime === undefined || reading.uptime === undefined) return false;
  const elapsedTicks = Math.max(0, (reading.at - prev.at) / 10);
  const slack = UPTIME_SLACK + elapsedTicks * UPTIME_DRIFT;
  let advance = reading.uptime - prev.uptime;
  if (advance < 0 && prev.uptime + elapsedTicks + slack >= UPTIME_WRAP) advance += UPTIME_WRAP;
  // Backwards (and not a wrap) is a restart whatever the interval; forwards, too little is.
  return advance < 0 || advance < elapsedTicks - slack;
}

/**
 * Marks the counters that restarted (`reset: true`): every counter after an agent restart, the
 * counters of the interfaces whose discontinuity time changed otherwise. Gauges are left alone.
 */
function markResets(samples: readonly Sample[], agentRestarted: boolean, discontinuous: readonly string[]): Sample[] {
  if (!agentRestarted && discontinuous.length === 0) return [...samples];
  const devices = new Set(discontinuous);
  return samples.map((s) => (s.type === 'counter' && (agentRestarted || devices.has(s.labels?.device ?? '')) ? { ...s, reset: true } : s));
}

/**
 * Guards interface counters across collections of each asset: a 32-bit counter that can wrap
 * more than once between two polls (speed × interval ≥ 2³², in bytes for octets and in
 * minimum-size frames for packets, errors and discards) is left out — its rate is unknown,
 * not wrong — and counter resets are detected from sysUpTime falling behind the time between
 * two polls (agent restart, also one early in the interval whose uptime already passed the last
 * reading; not its wrap at 2³² ticks) or ifCounterDiscontinuityTime changing (a module reinserted,
 * counters re-initialised): those counters carry `reset: true`, so the store counts them from
 * zero instead of reading the drop as a wrap.
 */
export class CounterGuard {
  readonly #last = new Map<string, CounterReading>();
  readonly #noted = new Set<string>();

  /**
   * Judges one collection and remembers it as the asset's previous one.
   *
   * @param assetId - the asset
   * @param reading - when, sysUpTime and discontinuity times
   * @param samples - the interface samples of this collection
   * @returns the samples to keep and what was found
   */
  judge(assetId: string, reading: CounterReading, samples: readonly Sample[]): CounterVerdict {
    const prev = this.#last.get(assetId);
    this.#last.set(assetId, reading);
    const intervalSeconds = prev && reading.at > prev.at ? (reading.at - prev.at) / 1000 : undefined;
    const agentRestarted = restarted(prev, reading);
    const discontinuous: string[] = [];
    if (prev && !agentRestarted) {
      for (const [device, ticks] of reading.discontinuities) {
        const before = prev.discontinuities.get(device);
        if (before !== undefined && before !== ticks) discontinuous.push(device);
      }
    }
    const withheld = new Map<string, string>();
    const marked = markResets(samples, agentRestarted, discontinuous);
    if (intervalSeconds === undefined) return { samples: marked, agentRestarted, discontinuous, withheld };
    const speeds = new Map<string, number>();
    for (const s of samples) if (s.name === 'system.network.interface.speed' && s.labels?.device) speeds.set(s.labels.device, s.value);
    // Per device: do octets (bytes) and packets (minimum frames) risk more than one wrap?
    const risk = (device: string): { octets: boolean; packets: boolean } => {
      const speed = speeds.get(device) ?? 0;
      return { octets: (speed / 8) * intervalSeconds >= WRAP32, packets: (speed / MIN_FRAME_BITS) * intervalSeconds >= WRAP32 };
    };
    const kept = marked.filter((s) => {
      if (s.counterBits !== 32 || !s.labels?.device) return true;
      const device = s.labels.device;
      const { octets, packets } = risk(device);
      if (!(PACKET_METRICS.has(s.name) ? packets : octets)) return true;
      if (!withheld.has(device)) {
        const speed = speeds.get(device) as number;
        const limit = Math.floor(WRAP32 / (speed / 8));
        withheld.set(
          device,
          `32-bit ${packets ? 'octet and packet' : 'octet'} counters of ${device} at ${speed} bit/s can wrap more than once in ${intervalSeconds} s; ` +
            `their rates are unknown: poll at least every ${limit} s or use SNMPv2c/v3 (64-bit counters)`,
        );
      }
      return false;
    });
    return { samples: kept, intervalSeconds, agentRestarted, discontinuous, withheld };
  }

  /**
   * Forgets an asset (removed, or its collection failed and the next one starts afresh).
   *
   * @param assetId - the asset
   */
  forget(assetId: string): void {
    this.#last.delete(assetId);
  }

  /**
   * Whether `key` is seen for the first time (so a repeated condition is logged once).
   *
   * @param key - what to remember
   * @returns true the first time
   */
  firstTime(key: string): boolean {
    if (this.#noted.has(key)) return false;
    if (this.#noted.size < 10_000) this.#noted.add(key);
    return true;
  }

  /** Forgets every asset. */
  clear(): void {
    this.#last.clear();
    this.#noted.clear();
  }
}
