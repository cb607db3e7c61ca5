import { describeError } from '../events/emitter.js';
import type { Clock, TimerHandle } from '../internal/clock.js';
import type { RemediationPlan } from './rule-spec.js';

/**
 * Asks an `approve` hook about a plan, bounded by a timeout on Warden's clock.
 *
 * @param approve - the hook (gets a copy of the plan, so it cannot change what runs)
 * @param plan - what is about to run
 * @param timeoutMs - how long the hook may take
 * @param clock - Warden's clock
 * @param scrub - removes revealed secrets from a thrown error's text
 * @returns undefined when approved, else why not (said no, threw, or no answer in time); never rejects
 */
export async function askApproval(
  approve: (plan: RemediationPlan) => boolean | Promise<boolean>,
  plan: RemediationPlan,
  timeoutMs: number,
  clock: Clock,
  scrub: (text: string) => string,
): Promise<string | undefined> {
  let timer: TimerHandle | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = clock.setTimer(() => resolve('timeout'), timeoutMs);
  });
  try {
    const answer = await Promise.race([Promise.resolve().then(() => approve(structuredClone(plan))), timedOut]);
    if (answer === 'timeout') return `no approval within ${timeoutMs} ms`;
    return answer === true ? undefined : 'approve() said no';
  } catch (err) {
    return `approve() threw: ${scrub(describeError(err))}`;
  } finally {
    timer?.cancel();
  }
}
