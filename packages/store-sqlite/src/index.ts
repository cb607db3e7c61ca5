export type { SqliteStoreDefaults, SqliteStoreOptions } from './options.js';
export { SQLITE_STORE_DEFAULTS } from './options.js';
export { SCHEMA_VERSION } from './schema.js';
export type { CheckpointResult, SqliteStore } from './sqlite-store.js';
export { createSqliteStore } from './sqlite-store.js';
