import { type ConfigIssue, isWardenError, WardenError } from '@warden/core';
import { formatIssuePath, joinPath } from './issues.js';
import type { LoadedConfig } from './load.js';

/** A config problem placed in its file. */
export interface LocatedIssue {
  /** The config file. */
  file: string;
  /** Line in the file (YAML and JSON only). */
  line?: number;
  /** Column in the file (YAML and JSON only). */
  column?: number;
  /** Where in the config (`checks[2].params.port`). */
  path: string;
  /** What is wrong. */
  message: string;
}

/** Collects config problems, each placed at its line, and throws them as one error. */
export class IssueCollector {
  readonly #loaded: LoadedConfig;
  readonly #issues: LocatedIssue[] = [];

  constructor(loaded: LoadedConfig) {
    this.#loaded = loaded;
  }

  /** Adds one problem at `path` (at its key when `at` is `'key'`: an unknown key). */
  add(path: readonly (string | number)[], message: string, at: 'value' | 'key' = 'value'): void {
    // A secret made where the schema wants something else (ssh's `knownHosts: { file }`) is
    // reported once, at the secret, with a hint (what the schema said about the secret object's
    // own fields means nothing to the person who wrote `{ file }`); a secret's own problem (an
    // unset variable) names the secret and needs none.
    const secretAt = /\bsecret\b/.test(message) ? undefined : this.#secretPrefix(path);
    const where = secretAt ?? path;
    const text = formatIssuePath(where);
    const said =
      secretAt === undefined
        ? message
        : `expected a plain value here (a one-key { env } or { file } object is read as a secret; give a plain value here)`;
    if (this.#issues.some((issue) => issue.path === text && issue.message === said)) return;
    const position = this.#loaded.locate(where, secretAt === undefined ? at : 'value');
    this.#issues.push({
      file: this.#loaded.displayName,
      ...(position ? { line: position.line, column: position.column } : {}),
      path: text,
      message: said,
    });
  }

  /** The part of `path` that is a secret the loader made, when the path is at or under one. */
  #secretPrefix(path: readonly (string | number)[]): readonly (string | number)[] | undefined {
    const secrets = new Set(this.#loaded.secretPaths);
    for (let length = 1; length <= path.length; length++) {
      const prefix = path.slice(0, length);
      if (secrets.has(formatIssuePath(prefix))) return prefix;
    }
    return undefined;
  }

  /**
   * Adds what a Warden call threw for the entry at `prefix`: each of its issues placed under
   * that path, or its message at the entry itself. Anything but a WardenError is rethrown.
   */
  addError(prefix: readonly (string | number)[], err: unknown): void {
    if (!isWardenError(err)) throw err;
    const issues = (err as { issues?: readonly ConfigIssue[] }).issues;
    if (Array.isArray(issues) && issues.length > 0) {
      for (const issue of issues) this.add(joinPath(prefix, issue.path), issue.message);
    } else {
      this.add(prefix, err.message);
    }
  }

  /** Whether any problem was found. */
  get failed(): boolean {
    return this.#issues.length > 0;
  }

  /**
   * The problems as one `ERR_CONFIG_INVALID` error, `file:line:col path: message` per line.
   *
   * @returns the error (with an `issues` property listing each {@link LocatedIssue})
   */
  toError(): WardenError {
    const lines = this.#issues.map((issue) => {
      const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column}`;
      return `  ${where} ${issue.path}: ${issue.message}`;
    });
    const count = this.#issues.length === 1 ? 'a problem' : `${this.#issues.length} problems`;
    const err = new WardenError(
      'ERR_CONFIG_INVALID',
      `invalid config ${this.#loaded.displayName} (${count}):\n${lines.join('\n')}\n` +
        '`warden schema > warden.schema.json` gives your editor completion for this file',
    );
    Object.defineProperty(err, 'issues', { value: [...this.#issues], enumerable: true });
    return err;
  }
}
