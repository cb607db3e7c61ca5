/**
 * A small Nagios-style threshold: `'>0.9'`, `'<=5'`, `10` (alert above 10), `10:20` (alert outside),
 * `~:10`, `@10:20` (alert inside). Kept local until core exports its evaluator.
 *
 * @param spec - the threshold text or number
 * @returns a predicate that is true when the value breaches the threshold
 * @throws Error when the text is not a threshold
 */
export function breaches(spec: string | number): (value: number) => boolean {
  if (typeof spec === 'number') return (v) => v < 0 || v > spec;
  const text = spec.trim();
  const cmp = /^(>=|<=|>|<|==|!=)\s*(-?\d+(?:\.\d+)?)$/.exec(text);
  if (cmp) {
    const n = Number(cmp[2]);
    const op = cmp[1];
    return (v) => (op === '>' ? v > n : op === '<' ? v < n : op === '>=' ? v >= n : op === '<=' ? v <= n : op === '==' ? v === n : v !== n);
  }
  const range = /^(@)?(~|-?\d+(?:\.\d+)?)?(?::(-?\d+(?:\.\d+)?)?)?$/.exec(text);
  if (!range || text === '' || text === '@') throw new Error(`not a threshold: ${JSON.stringify(spec)}`);
  const inside = range[1] === '@';
  const hasColon = text.includes(':');
  const low = range[2] === '~' ? Number.NEGATIVE_INFINITY : range[2] === undefined || !hasColon ? 0 : Number(range[2]);
  const high = hasColon ? (range[3] === undefined ? Number.POSITIVE_INFINITY : Number(range[3])) : Number(range[2]);
  return (v) => {
    const within = v >= low && v <= high;
    return inside ? within : !within;
  };
}

/**
 * Whether a string is a valid threshold for {@link breaches}.
 *
 * @param spec - the threshold
 * @returns true when it parses
 */
export function isThreshold(spec: string | number): boolean {
  try {
    breaches(spec);
    return true;
  } catch {
    return false;
  }
}
