/** Label names to values. Every stored sample also carries `asset`. */
export type Labels = Readonly<Record<string, string>>;

/** Whether a value is a level (`gauge`) or a monotonically increasing count (`counter`). */
export type MetricType = 'gauge' | 'counter';

/**
 * One measurement. Names and units follow the OpenTelemetry semantic conventions
 * (`system.cpu.utilization`, unit `1`); units are UCUM (`By`, `s`, `Cel`, `{packet}`).
 */
export interface Sample {
  /** Metric name, e.g. `system.filesystem.utilization`. */
  name: string;
  /** The value. */
  value: number;
  /** Labels identifying the series (besides `asset`, which Warden adds). */
  labels?: Labels;
  /** UCUM unit, e.g. `By`, `s`, `1`. */
  unit?: string;
  /** @defaultValue `'gauge'` */
  type?: MetricType;
  /** A counter's width, so a wrap is told apart from a reset. */
  counterBits?: 32 | 64;
  /**
   * The counter may have restarted since the previous reading (the device rebooted, the
   * collector saw sysUpTime fall behind or a discontinuity time change): a drop is then never
   * read as a wrap, and `rate`/`increase` count this reading from zero. A reading that did not
   * drop is an ordinary rise (the agent restarted, the counter kept counting).
   */
  reset?: boolean;
  /** Milliseconds since the epoch. @defaultValue the clock's now */
  timestamp?: number;
  /** Description used as the Prometheus `# HELP` text. */
  description?: string;
}
