/** The version of `@warden/core` (kept equal to package.json by a test). Plugins' `core` ranges are checked against it. */
export const CORE_VERSION = '0.1.0';
