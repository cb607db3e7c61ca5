import { type ConfigIssue, configError } from '../errors/config-error.js';
import * as fn from './functions.js';
import type { EvaluateOptions, WindowFunction } from './store-types.js';
import { describe } from './validate.js';

/** Every window function {@link applyWindow} knows. */
export const WINDOW_FUNCTIONS: readonly WindowFunction[] = ['last', 'avg', 'min', 'max', 'rate', 'increase', 'quantile', 'predictLinear'];

/**
 * Checks a window function's name and the arguments it needs.
 *
 * @param f - the function's name
 * @param options - `q` for quantile, `secondsAhead` for predictLinear
 * @throws WardenError `ERR_CONFIG_INVALID` naming each bad argument
 */
export function checkWindowFunction(f: WindowFunction, options: EvaluateOptions): void {
  const issues: ConfigIssue[] = [];
  if (!WINDOW_FUNCTIONS.includes(f))
    issues.push({ path: 'fn', message: `must be one of ${WINDOW_FUNCTIONS.join(', ')}, got ${describe(f)}` });
  if (f === 'quantile' && !(typeof options.q === 'number' && options.q >= 0 && options.q <= 1)) {
    issues.push({ path: 'q', message: `must be a number from 0 to 1, got ${describe(options.q)}` });
  }
  if (f === 'predictLinear' && !(typeof options.secondsAhead === 'number' && Number.isFinite(options.secondsAhead))) {
    issues.push({ path: 'secondsAhead', message: `must be a finite number of seconds, got ${describe(options.secondsAhead)}` });
  }
  if (issues.length > 0) throw configError('window function arguments', issues);
}

/**
 * Evaluates a (checked) window function over one series' points.
 *
 * @param f - the function
 * @param points - the window's points, in time order
 * @param counterBits - the series' counter width, for rate and increase
 * @param options - `q` and `secondsAhead`
 * @param end - the evaluation time (ms), for predictLinear
 * @param resets - the series' flagged counter restarts, for rate and increase
 * @returns the result, or undefined when the window holds too few points
 */
export function applyWindow(
  f: WindowFunction,
  points: fn.Points,
  counterBits: 32 | 64 | undefined,
  options: EvaluateOptions,
  end: number,
  resets: readonly number[] = [],
): number | undefined {
  switch (f) {
    case 'last':
      for (let i = points.n - 1; i >= 0; i--) if (!Number.isNaN(points.v[i]!)) return points.v[i];
      return undefined;
    case 'avg':
      return fn.avg(points);
    case 'min':
      return fn.min(points);
    case 'max':
      return fn.max(points);
    case 'rate':
      return fn.rate(points, counterBits, resets);
    case 'increase':
      return fn.increase(points, counterBits, resets);
    case 'quantile':
      return fn.quantile(points, options.q as number);
    case 'predictLinear':
      return fn.predictLinear(points, end, options.secondsAhead as number);
  }
}

/**
 * Counts the points that hold a reading (not NaN).
 *
 * @param points - the window
 * @returns how many
 */
export function readings(points: fn.Points): number {
  let used = 0;
  for (let i = 0; i < points.n; i++) if (!Number.isNaN(points.v[i]!)) used++;
  return used;
}
