import type { AssetRegistry } from '../assets/registry-types.js';
import { compileSelector } from '../assets/selector.js';
import type { CompiledSelector, Selector } from '../assets/selector-types.js';
import { evaluateThresholds, parseOptionalThreshold } from '../checks/threshold.js';
import type { CheckResult } from '../checks/types.js';
import type { CheckState } from './types.js';

/** The states an aggregate reads. */
export interface AggregateStateView {
  /** Whether the member check is registered. */
  hasCheck(check: string): boolean;
  /** The member check's states. */
  states(filter: { check: string }): CheckState[];
}

/** A prepared aggregate: "N of M members non-OK" over another check. */
export interface AggregateEvaluator {
  /** The member check. */
  readonly check: string;
  /**
   * Whether a member's state matters to this aggregate.
   *
   * @param registry - the inventory
   * @param asset - the member's asset
   * @returns true when the asset is a member
   */
  covers(registry: AssetRegistry, asset: string): boolean;
  /**
   * Counts the members' hard non-OK states and judges the count.
   *
   * @param view - the check states
   * @param registry - the inventory (for the member selector)
   * @returns the result, or undefined while no member has a result (pending)
   */
  evaluate(view: AggregateStateView, registry: AssetRegistry): CheckResult | undefined;
}

/**
 * Prepares an aggregate check: thresholds on the count of members whose member-check state is
 * hard non-OK (soft problems are still being retried and do not count). Members still pending
 * are left out of M.
 *
 * @param fields - the validated `aggregate` block
 * @param where - the check, for messages
 * @returns the evaluator
 * @throws WardenError `ERR_CONFIG_INVALID` for an invalid threshold or selector
 * @example
 * ```ts
 * warden.check({ id: 'web-pool', assets: { ids: ['web-cluster'] }, aggregate: { check: 'http', assets: 'role=web', warn: '>=1', crit: '>=2' } });
 * ```
 */
export function prepareAggregate(
  fields: { check: string; assets?: Selector | undefined; warn?: string | number | undefined; crit?: string | number | undefined },
  where: string,
): AggregateEvaluator {
  const warn = parseOptionalThreshold(fields.warn, `${where}.aggregate.warn`);
  const crit = parseOptionalThreshold(fields.crit, `${where}.aggregate.crit`);
  const selector: CompiledSelector | undefined =
    fields.assets === undefined ? undefined : compileSelector(fields.assets, { where: `${where}.aggregate.assets` });
  const covers = (registry: AssetRegistry, asset: string): boolean => {
    if (selector === undefined) return true;
    const found = registry.get(asset);
    return found !== undefined && selector.matches(found);
  };
  return {
    check: fields.check,
    covers,
    evaluate(view, registry) {
      if (!view.hasCheck(fields.check)) {
        return { status: 'unknown', summary: `member check "${fields.check}" is not registered; add it or fix aggregate.check` };
      }
      const members = view.states({ check: fields.check }).filter((s) => s.status !== 'pending' && covers(registry, s.asset));
      if (members.length === 0) return undefined;
      const failing = members.filter((s) => s.stateType === 'hard' && s.status !== 'ok');
      const n = failing.length;
      const status = evaluateThresholds(n, { ...(warn ? { warn } : {}), ...(crit ? { crit } : {}) });
      const names = failing
        .slice(0, 5)
        .map((s) => `${s.asset} (${s.status})`)
        .join(', ');
      const more = failing.length > 5 ? ` and ${failing.length - 5} more` : '';
      return {
        status,
        summary: `${n} of ${members.length} members of "${fields.check}" non-OK${n > 0 ? `: ${names}${more}` : ''}`,
        samples: [
          { name: 'warden.aggregate.members', value: members.length, unit: '{member}' },
          { name: 'warden.aggregate.failing', value: n, unit: '{member}' },
        ],
      };
    },
  };
}
