import type { AssetRegistry } from '../assets/registry-types.js';
import { WardenError } from '../errors/warden-error.js';
import { parseDuration } from '../internal/duration.js';
import { type ActionRunnerDeps, prepareAction, resolveAction, runAction } from './run-action.js';
import type { ActOptions, ActResult, AuditQuery, AuditQueryInput, AuditRecord, WardenAudit } from './types.js';

/** What the remediation side of a Warden is built from. */
export interface RemediationDeps extends ActionRunnerDeps {
  /** The inventory. */
  assets: AssetRegistry;
}

/** The remediation side of a Warden: manual acts and the audit log. */
export interface Remediation {
  /** `warden.act()`. */
  act(action: string, assetId: string, params: unknown, options?: ActOptions): Promise<ActResult>;
  /** `warden.audit`. */
  readonly audit: WardenAudit;
}

/** The rule id of manual `warden.act()` records. */
export const ACT_RULE = 'act';

const DEFAULT_ACT_TIMEOUT = 5 * 60_000;

function toMs(value: Date | string | number, name: string): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : value;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new WardenError(
      'ERR_CONFIG_INVALID',
      `invalid audit.query() ${name}: ${String(value)} is not a time; use a Date, an ISO 8601 string or ms`,
    );
  }
  return ms;
}

function auditQuery(input: AuditQueryInput): AuditQuery {
  if (typeof input !== 'object' || input === null) {
    throw new WardenError('ERR_CONFIG_INVALID', 'invalid audit.query() filter: expected an object such as { asset, rule, from, to }');
  }
  const query: AuditQuery = {};
  for (const key of Object.keys(input)) {
    if (!['asset', 'rule', 'from', 'to'].includes(key)) {
      throw new WardenError('ERR_CONFIG_INVALID', `invalid audit.query() filter: unknown key "${key}"; known: asset, rule, from, to`);
    }
  }
  for (const key of ['asset', 'rule'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new WardenError('ERR_CONFIG_INVALID', `invalid audit.query() ${key}: expected a string`);
    query[key] = value;
  }
  if (input.from !== undefined) query.from = toMs(input.from, 'from');
  if (input.to !== undefined) query.to = toMs(input.to, 'to');
  return query;
}

/**
 * Builds the remediation side of a Warden: `act()`, which runs one action by hand (validated,
 * audited, contained; not gated by the global remediation switch), and the audit log.
 *
 * @param deps - plugin host, hook context parts, store, writer, inventory
 * @returns the remediation facade
 */
export function createRemediation(deps: RemediationDeps): Remediation {
  return {
    async act(action, assetId, params, options = {}) {
      const where = 'act()';
      resolveAction(deps.host, action, params, where);
      if (typeof assetId !== 'string') throw new WardenError('ERR_CONFIG_INVALID', `${where}: assetId must be a string`);
      const asset = deps.assets.get(assetId);
      if (asset === undefined) {
        throw new WardenError('ERR_NOT_FOUND', `${where}: no asset "${assetId}" in the inventory; add it with warden.assets.add() first`);
      }
      const timeoutMs = options.timeout === undefined ? DEFAULT_ACT_TIMEOUT : parseDuration(options.timeout, 'act() timeout');
      if (timeoutMs <= 0) throw new WardenError('ERR_CONFIG_INVALID', 'invalid act() timeout: it must be longer than 0');
      const prepared = prepareAction(deps, action, asset, params, where);
      const audit: { rule: string; timeoutMs: number; reason?: string } = { rule: ACT_RULE, timeoutMs };
      if (options.actor !== undefined) audit.reason = `manual act by ${options.actor}`;
      return runAction(deps, prepared, audit);
    },
    audit: Object.freeze({
      async query(input: AuditQueryInput = {}): Promise<AuditRecord[]> {
        const query = auditQuery(input);
        await deps.writer.flush();
        return deps.store.queryAudit(query);
      },
    }),
  };
}
