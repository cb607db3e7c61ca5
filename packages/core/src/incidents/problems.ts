import type { Incident } from './types.js';

/**
 * A problem: the incidents of one (check, asset) pair over a period. Recurring incidents of the
 * same pair share a `problemId`, which is how problem management spots what keeps coming back.
 */
export interface Problem {
  /** Stable id of the pair (see `problemIdOf`). */
  problemId: string;
  /** Check id. */
  check: string;
  /** Asset id. */
  asset: string;
  /** Incidents opened in the period. */
  incidents: number;
  /** Whether one of them is still open. */
  open: boolean;
  /** When the first of them opened. */
  firstOpenedAt: number;
  /** When the last of them opened. */
  lastOpenedAt: number;
  /** Time spent with an incident open, within the period (open ones count up to `to` or now). */
  openMs: number;
  /** Their ids, oldest first. */
  incidentIds: string[];
}

/** Filter of a problem query. */
export interface ProblemQuery {
  /** Incidents opened at or after. */
  from?: number;
  /** Incidents opened before. */
  to?: number;
  /** Only pairs with at least this many incidents in the period. @defaultValue 2 */
  minIncidents?: number;
  /** One check. */
  check?: string;
  /** One asset. */
  asset?: string;
}

/**
 * The stable problem id of a (check, asset) pair: `check@asset`, each part URI-encoded so ids
 * containing `@` cannot collide.
 *
 * @param check - check id
 * @param asset - asset id
 * @returns the problem id
 * @example
 * ```ts
 * problemIdOf('disk', 'web-1'); // 'disk@web-1'
 * ```
 */
export function problemIdOf(check: string, asset: string): string {
  return `${encodeURIComponent(check)}@${encodeURIComponent(asset)}`;
}

/**
 * Groups incidents into problems: pairs with at least `minIncidents` incidents, most incidents
 * first (then longest open). Pure: the caller chooses which incidents (a period) to pass.
 *
 * @param incidents - incidents, any order
 * @param options - `minIncidents` (default 2), `from`/`to` clip the open time, `now` ends open incidents
 * @returns the problems
 */
export function summarizeProblems(
  incidents: Iterable<Incident>,
  options: { minIncidents?: number; from?: number; to?: number; now: number },
): Problem[] {
  const min = options.minIncidents ?? 2;
  const end = options.to === undefined ? options.now : Math.min(options.to, options.now);
  const byProblem = new Map<string, Problem>();
  const sorted = [...incidents].sort((a, b) => a.openedAt - b.openedAt);
  for (const incident of sorted) {
    let problem = byProblem.get(incident.problemId);
    if (!problem) {
      problem = {
        problemId: incident.problemId,
        check: incident.check,
        asset: incident.asset,
        incidents: 0,
        open: false,
        firstOpenedAt: incident.openedAt,
        lastOpenedAt: incident.openedAt,
        openMs: 0,
        incidentIds: [],
      };
      byProblem.set(incident.problemId, problem);
    }
    problem.incidents++;
    problem.lastOpenedAt = incident.openedAt;
    problem.incidentIds.push(incident.id);
    if (incident.state === 'open') problem.open = true;
    const start = Math.max(incident.openedAt, options.from ?? incident.openedAt);
    const stop = Math.min(incident.resolvedAt ?? end, end);
    if (stop > start) problem.openMs += stop - start;
  }
  return [...byProblem.values()].filter((p) => p.incidents >= min).sort((a, b) => b.incidents - a.incidents || b.openMs - a.openMs);
}
