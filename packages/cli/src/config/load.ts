import { readFile } from 'node:fs/promises';
import { dirname, extname, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WardenError } from '@warden/core';
import { type Document, LineCounter, parseDocument } from 'yaml';
import { locate, type Position } from './locate.js';
import { resolveSecretRefs } from './secrets.js';
import type { ConfigContext, WardenConfig } from './types.js';

/** The formats a config file can be in, told by its extension. */
export type ConfigFormat = 'yaml' | 'json' | 'js' | 'ts';

/** A config file, read and parsed (not yet validated: {@link buildWarden} does that). */
export interface LoadedConfig {
  /** The file's absolute path. */
  file: string;
  /** The file's path as messages show it (relative to the working directory). */
  displayName: string;
  /** How it was read. */
  format: ConfigFormat;
  /** The config, with `{ env }` / `{ file }` objects turned into secrets. */
  config: WardenConfig;
  /** Paths where a `{ env }` / `{ file }` object was turned into a secret. */
  secretPaths: readonly string[];
  /**
   * Where a path is in the file (YAML and JSON; JS and TS configs have no lines to point at).
   *
   * @param path - segments from the config's root (`['checks', 2, 'params', 'port']`)
   * @param at - point at the value (default) or at the key of the path's last entry
   * @returns the line and column, or undefined
   */
  locate(path: readonly (string | number)[], at?: 'value' | 'key'): Position | undefined;
}

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Directory the path is relative to. @defaultValue `process.cwd()` */
  cwd?: string;
  /** The command, passed to a config that exports a function. @defaultValue `'check'` */
  command?: string;
}

/** The files `warden` looks for when no `--config` is given, in order. */
export const DEFAULT_CONFIG_FILES = [
  'warden.yaml',
  'warden.yml',
  'warden.json',
  'warden.config.ts',
  'warden.config.mts',
  'warden.config.js',
  'warden.config.mjs',
] as const;

const FORMATS: Record<string, ConfigFormat> = {
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.json': 'json',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
};

/**
 * Reads a config file: YAML or JSON (parsed with line positions, so errors point at lines), or
 * a JS/TS module whose default export is a config or a function returning one (TS through tsx).
 *
 * @param path - the file
 * @param options - working directory and command
 * @returns the parsed config and a way to locate paths in it
 * @throws WardenError `ERR_NOT_FOUND` when the file does not exist; `ERR_CONFIG_INVALID` for
 *   an unknown extension, a syntax error (with its line), or a module that exports no config
 * @example
 * ```ts
 * const loaded = await loadConfig('warden.yaml');
 * const { warden } = await buildWarden(loaded);
 * ```
 */
export async function loadConfig(path: string, options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const file = resolve(cwd, path);
  const displayName = relative(cwd, file).startsWith('..') ? file : relative(cwd, file) || file;
  const format = FORMATS[extname(file).toLowerCase()];
  if (format === undefined) {
    throw new WardenError(
      'ERR_CONFIG_INVALID',
      `${displayName}: unknown config format "${extname(file)}"; use .yaml, .yml, .json, .js, .mjs or .ts`,
    );
  }
  if (format === 'yaml' || format === 'json') {
    const text = await readText(file, displayName);
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) throw syntaxError(displayName, format === 'json' ? 'JSON' : 'YAML', doc, lines);
    const { value, paths } = resolveSecretRefs(doc.toJS({ maxAliasCount: 100 }) ?? {}, dirname(file));
    return { file, displayName, format, config: value as WardenConfig, secretPaths: paths, locate: (p, at) => locate(doc, lines, p, at) };
  }
  await readText(file, displayName); // a clear "not found" before the module loader's
  const context: ConfigContext = { command: options.command ?? 'check', file };
  const config = await importConfig(file, displayName, format, context);
  return { file, displayName, format, config, secretPaths: [], locate: () => undefined };
}

async function readText(file: string, displayName: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new WardenError('ERR_NOT_FOUND', `config file ${displayName} not found; pass --config <file> or create warden.yaml`, {
        cause: err,
      });
    throw new WardenError('ERR_CONFIG_INVALID', `cannot read config file ${displayName}: ${(err as Error).message}`, { cause: err });
  }
}

function syntaxError(displayName: string, language: string, doc: Document, lines: LineCounter): WardenError {
  const problems = doc.errors.map((error) => {
    const { line, col } = lines.linePos(error.pos[0]);
    return `  ${displayName}:${line}:${col} ${error.message.split('\n')[0]}`;
  });
  return new WardenError('ERR_CONFIG_INVALID', `${displayName} is not valid ${language}:\n${problems.join('\n')}`);
}

async function importConfig(file: string, displayName: string, format: ConfigFormat, context: ConfigContext): Promise<WardenConfig> {
  let module: Record<string, unknown>;
  try {
    if (format === 'ts') {
      const { tsImport } = await import('tsx/esm/api');
      module = await tsImport(pathToFileURL(file).href, import.meta.url);
    } else {
      module = await import(pathToFileURL(file).href);
    }
  } catch (err) {
    throw new WardenError('ERR_CONFIG_INVALID', `cannot load config ${displayName}: ${(err as Error).message}`, { cause: err });
  }
  let exported = module.default ?? module.config;
  // tsx may wrap a CommonJS-shaped module once more.
  if (exported !== null && typeof exported === 'object' && 'default' in exported && Object.keys(exported).length === 1)
    exported = (exported as { default: unknown }).default;
  if (typeof exported === 'function') exported = await (exported as (c: ConfigContext) => unknown)(context);
  if (exported === null || typeof exported !== 'object' || Array.isArray(exported)) {
    throw new WardenError(
      'ERR_CONFIG_INVALID',
      `${displayName} exports no config: export default an object (or a function returning one), e.g. \`export default defineConfig({ assets: [...] })\``,
    );
  }
  return exported as WardenConfig;
}
