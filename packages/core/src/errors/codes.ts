/**
 * Every stable error code Warden raises. Each has a row in `docs/errors.md`
 * (meaning and what to do); codes never change meaning between versions.
 */
export const ErrorCodes = {
  /** Options, an asset, a selector, a duration or a spec failed validation. */
  ERR_CONFIG_INVALID: 'ERR_CONFIG_INVALID',
  /** An operation did not finish within its deadline. */
  ERR_TIMEOUT: 'ERR_TIMEOUT',
  /** The target did not answer or could not be reached. */
  ERR_UNREACHABLE: 'ERR_UNREACHABLE',
  /** The target refused the credentials. */
  ERR_AUTH: 'ERR_AUTH',
  /** The SSH host key did not match the known one; nothing was sent. */
  ERR_HOSTKEY_MISMATCH: 'ERR_HOSTKEY_MISMATCH',
  /** The peer answered with something that breaks its protocol. */
  ERR_PROTOCOL: 'ERR_PROTOCOL',
  /** A plugin hook threw or rejected; see `plugin`, `hook` and `cause`. */
  ERR_PLUGIN: 'ERR_PLUGIN',
  /** A plugin needs a core version this one does not satisfy. */
  ERR_PLUGIN_INCOMPATIBLE: 'ERR_PLUGIN_INCOMPATIBLE',
  /** A plugin's `setup` or `onStart` hook took longer than allowed. */
  ERR_PLUGIN_TIMEOUT: 'ERR_PLUGIN_TIMEOUT',
  /** A name (asset id, plugin, collector, probe, …) is already registered. */
  ERR_DUPLICATE: 'ERR_DUPLICATE',
  /** A named asset, collector, probe, action, check or plugin does not exist. */
  ERR_NOT_FOUND: 'ERR_NOT_FOUND',
  /** The Warden instance was stopped and cannot be started again. */
  ERR_STOPPED: 'ERR_STOPPED',
  /** The operation was aborted through its `AbortSignal`. */
  ERR_ABORTED: 'ERR_ABORTED',
  /** `metrics.latest()` matched several series; the message names them. */
  ERR_AMBIGUOUS_SERIES: 'ERR_AMBIGUOUS_SERIES',
  /** Two collectors wrote the same series for one asset. */
  ERR_SERIES_CONFLICT: 'ERR_SERIES_CONFLICT',
  /** A secret could not be read (environment variable unset, file unreadable). */
  ERR_SECRET_UNAVAILABLE: 'ERR_SECRET_UNAVAILABLE',
  /** The state store could not read or write (disk full, database locked, corrupt file). */
  ERR_STORE: 'ERR_STORE',
  /** A collector could not read its source (a file, a command). */
  ERR_COLLECT: 'ERR_COLLECT',
} as const;

/** A stable Warden error code, such as `'ERR_CONFIG_INVALID'`. */
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
