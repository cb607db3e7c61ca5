import type { TrapCheckResult } from './types.js';

/** The kinds of well-known traps `snmp({ traps: { checks } })` names a passive check for. */
export type TrapCheckKind = 'link' | 'restart' | 'auth' | 'upsPower' | 'upsAlarm';

/** The passive check id each kind is submitted to unless `traps.checks` says otherwise. */
export const DEFAULT_TRAP_CHECKS: Readonly<Record<TrapCheckKind, string>> = {
  link: 'snmp.trap.link',
  restart: 'snmp.trap.restart',
  auth: 'snmp.trap.auth',
  upsPower: 'snmp.trap.ups.power',
  upsAlarm: 'snmp.trap.ups.alarm',
};

const KIND_OF = new Map(Object.entries(DEFAULT_TRAP_CHECKS).map(([kind, id]) => [id, kind as TrapCheckKind]));

/**
 * Applies `traps.checks` to what `trapCheckResult` found: the configured check id
 * (`{key}` replaced by the key, made safe for a check id), or nothing for a kind set to `false`.
 *
 * @param passive - the mapped result, on its default check id
 * @param checks - `traps.checks`
 * @returns the result on the check it is submitted to, or `undefined` when that kind is off
 */
export function routeTrapCheck(
  passive: TrapCheckResult,
  checks: Partial<Record<TrapCheckKind, string | false | undefined>> | undefined,
): TrapCheckResult | undefined {
  const kind = KIND_OF.get(passive.check);
  const target = kind === undefined ? passive.check : (checks?.[kind] ?? DEFAULT_TRAP_CHECKS[kind]);
  if (target === false) return undefined;
  const check = target.includes('{key}') ? target.replaceAll('{key}', safeKey(passive.key ?? '')) : target;
  return { ...passive, check };
}

// Core's check ids hold letters, digits, '.', '_' and '-' (at most 128): `Gi0/1` → `Gi0_1`.
function safeKey(key: string): string {
  return (key.replace(/[^A-Za-z0-9._-]/g, '_') || '_').slice(0, 96);
}
