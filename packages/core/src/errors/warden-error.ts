import type { ErrorCode } from './codes.js';

/** Options accepted by {@link WardenError}. */
export interface WardenErrorOptions {
  /** The underlying error, kept for diagnosis. */
  cause?: unknown;
}

/**
 * The one error type Warden throws and emits. `code` is stable and documented in
 * `docs/errors.md`; the message says what failed, where, and what to do.
 *
 * @example
 * ```ts
 * try { warden.assets.add({ id: '', kind: 'host' }); }
 * catch (err) { if (isWardenError(err) && err.code === 'ERR_CONFIG_INVALID') console.error(err.message); }
 * ```
 */
export class WardenError extends Error {
  /** Stable machine-readable code. */
  readonly code: ErrorCode;

  /**
   * @param code - stable error code
   * @param message - what failed, where, and what to do
   * @param options - the underlying cause
   */
  constructor(code: ErrorCode, message: string, options: WardenErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WardenError';
    this.code = code;
  }

  /** A plain object for logs and JSON: name, code, message and the cause's message. */
  toJSON(): Record<string, unknown> {
    const cause = this.cause instanceof Error ? this.cause.message : this.cause;
    return { name: this.name, code: this.code, message: this.message, ...(cause === undefined ? {} : { cause }) };
  }
}

/** Options accepted by {@link PluginError}. */
export interface PluginErrorOptions extends WardenErrorOptions {
  /** The plugin whose hook failed. */
  plugin: string;
  /** The hook that failed: `setup`, `onStart`, `onDispose`, or a collector/probe/action name. */
  hook: string;
  /** The asset the hook ran for, if any. */
  assetId?: string;
  /** The code to report; `ERR_PLUGIN` unless the plugin threw a coded {@link WardenError}. */
  code?: ErrorCode;
}

/**
 * A failure inside a plugin hook, tagged with the plugin, the hook and the asset.
 * Anything a plugin throws is wrapped in one; the engine keeps running.
 */
export class PluginError extends WardenError {
  /** Name of the plugin whose hook failed. */
  readonly plugin: string;
  /** The hook that failed. */
  readonly hook: string;
  /** The asset the hook ran for, if any. */
  readonly assetId: string | undefined;

  /**
   * @param message - what failed, where, and what to do
   * @param options - plugin, hook, asset and cause
   */
  constructor(message: string, options: PluginErrorOptions) {
    super(options.code ?? 'ERR_PLUGIN', message, options);
    this.name = 'PluginError';
    this.plugin = options.plugin;
    this.hook = options.hook;
    this.assetId = options.assetId;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), plugin: this.plugin, hook: this.hook, ...(this.assetId ? { assetId: this.assetId } : {}) };
  }
}

/**
 * Whether a value is a {@link WardenError} (works across realms and duplicated installs
 * by checking the shape, not only the prototype). Node's own errors also carry `ERR_*`
 * codes (`ERR_INVALID_ARG_TYPE`), so the name must be Warden's too.
 *
 * @param value - anything caught
 * @returns true when `value` is a WardenError
 */
export function isWardenError(value: unknown): value is WardenError {
  if (value instanceof WardenError) return true;
  if (!(value instanceof Error) || (value.name !== 'WardenError' && value.name !== 'PluginError')) return false;
  const code = (value as Error & { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('ERR_');
}
