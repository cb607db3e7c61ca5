import { afterEach, describe, expect, it } from 'vitest';
import type { CheckStatus } from '../../src/checks/types.js';
import type { RemediationEventPayload } from '../../src/events/types.js';
import type { RemediationPlan, RemediationRuleSpec } from '../../src/remediation/rule-spec.js';
import { createTestWarden, type TestWarden } from '../../src/testing/test-warden.js';
import { type ActionCalls, shimPlugin } from './fixtures.js';

const made: TestWarden[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((w) => w.stop()));
});

const MINUTE = 60_000;

/** A Warden with an `http` check on web-1 (hard at the first failure, once a minute) whose status the test sets. */
async function setup(enabled: boolean) {
  const calls: ActionCalls = { told: [], abortedHangs: 0 };
  const warden = createTestWarden({ plugins: [shimPlugin(calls)], remediation: { enabled } });
  made.push(warden);
  let status: CheckStatus = 'ok';
  const events: string[] = [];
  for (const name of ['planned', 'skipped', 'started', 'succeeded', 'failed', 'verified'] as const) {
    warden.on(`remediation:${name}`, (e: RemediationEventPayload) => void events.push(`${name} ${e.action}`));
  }
  warden.assets.add({ id: 'web-1', kind: 'host', address: '10.0.0.5' });
  warden.check({ id: 'http', assets: '*', every: '1m', attempts: 1, run: () => ({ status, summary: `http is ${status}` }) });
  await warden.start();
  await warden.clock.advance(MINUTE);
  return {
    warden,
    calls,
    events,
    /** Sets the status and lets one scheduled run apply it. */
    async become(next: CheckStatus) {
      status = next;
      await warden.clock.advance(MINUTE);
    },
    set(next: CheckStatus) {
      status = next;
    },
    async decisions() {
      return (await warden.audit.query({ rule: 'restart' })).map(
        (r) => `${r.kind}${r.ok === undefined ? '' : r.ok ? ' ok' : ' failed'}${r.kind === 'skipped' ? `: ${r.reason}` : ''}`,
      );
    },
  };
}

/** The test rule; a key set to undefined is left out (so `steps` can replace `action`). */
const rule = (extra: { [K in keyof RemediationRuleSpec]?: RemediationRuleSpec[K] | undefined } = {}): RemediationRuleSpec => {
  const out: Record<string, unknown> = {
    id: 'restart',
    on: { check: 'http', status: ['critical'] },
    action: 'shim.restart',
    params: { service: 'nginx', host: '{address}' },
    ...extra,
  };
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out as unknown as RemediationRuleSpec;
};

describe('warden.remediate: switches', () => {
  it('a dry run plans and audits the step without acting, even with remediation off', async () => {
    const h = await setup(false);
    h.warden.remediate(rule({ policy: { dryRun: true } }));
    await h.become('critical');
    expect(h.calls.told).toEqual([]);
    const audit = await h.warden.audit.query({ rule: 'restart' });
    expect(audit).toMatchObject([
      { kind: 'planned', action: 'shim.restart', asset: 'web-1', params: { service: 'nginx', host: '10.0.0.5' } },
    ]);
    expect(audit[0]?.reason).toMatch(/dry run: not acted/);
    expect(h.events).toEqual(['planned shim.restart']);
  });

  it('with remediation off (the default) a rule is skipped and audited, never acted', async () => {
    const h = await setup(false);
    h.warden.remediate(rule());
    await h.become('critical');
    expect(h.calls.told).toEqual([]);
    expect(await h.decisions()).toEqual([expect.stringMatching(/^skipped: remediation is disabled globally/)]);
  });

  it('with remediation on it acts once on the hard problem: planned, started (intent), finished', async () => {
    const h = await setup(true);
    h.warden.remediate(rule());
    await h.become('critical');
    expect(h.calls.told).toEqual(['restart web-1 {"service":"nginx","host":"10.0.0.5"}']);
    expect(await h.decisions()).toEqual(['planned', 'started', 'finished ok']);
    expect(h.events).toEqual(['planned shim.restart', 'started shim.restart', 'succeeded shim.restart']);
    // Still critical: no transition, no second action.
    await h.warden.clock.advance(5 * MINUTE);
    expect(h.calls.told).toHaveLength(1);
  });

  it('enabled: false turns a rule off; remove() takes it away', async () => {
    const h = await setup(true);
    h.warden.remediate(rule({ enabled: false }));
    const other = h.warden.remediate(rule({ id: 'other' }));
    other.remove();
    other.remove();
    await h.become('critical');
    expect(h.calls.told).toEqual([]);
    expect(await h.warden.audit.query()).toEqual([]);
  });

  it('stateType soft acts at the first soft failure; a hard rule waits for the hard state', async () => {
    const calls: ActionCalls = { told: [], abortedHangs: 0 };
    const warden = createTestWarden({ plugins: [shimPlugin(calls)], remediation: { enabled: true } });
    made.push(warden);
    warden.assets.add({ id: 'web-1', kind: 'host' });
    let status: CheckStatus = 'ok';
    warden.check({ id: 'http', assets: '*', every: '1m', retryEvery: '1m', attempts: 3, run: () => ({ status, summary: status }) });
    warden.remediate(rule({ params: { service: 'hard' } }));
    warden.remediate(rule({ id: 'early', on: { check: 'http', status: ['critical'], stateType: 'soft' }, params: { service: 'soft' } }));
    await warden.start();
    await warden.clock.advance(MINUTE);
    status = 'critical';
    await warden.clock.advance(MINUTE);
    expect(warden.state('http', 'web-1')).toMatchObject({ stateType: 'soft' });
    expect(calls.told).toEqual(['restart web-1 {"service":"soft"}']);
  });
});

describe('warden.remediate: policy', () => {
  it('maxAttempts per problem episode and cooldown between actions', async () => {
    const h = await setup(true);
    h.warden.remediate(rule({ on: { check: 'http', status: ['critical', 'warning'] }, policy: { maxAttempts: 1, cooldown: '10m' } }));
    await h.become('critical'); // acts
    await h.become('warning'); // same episode: maxAttempts reached
    await h.become('ok'); // episode over
    await h.become('critical'); // new episode, but 3 min since the action: cooldown
    expect(h.calls.told).toHaveLength(1);
    await h.become('ok');
    await h.warden.clock.advance(10 * MINUTE);
    await h.become('critical'); // cooldown over: acts again
    expect(h.calls.told).toHaveLength(2);
    expect(await h.decisions()).toEqual([
      'planned',
      'started',
      'finished ok',
      'skipped: maxAttempts (1) reached for this problem episode',
      expect.stringMatching(/^skipped: in cooldown \(180000 ms of 600000 ms/),
      'planned',
      'started',
      'finished ok',
    ]);
  });

  it('verify: a check OK again after the delay is verified', async () => {
    const h = await setup(true);
    h.warden.remediate(rule({ policy: { verify: { after: '30s' } } }));
    await h.become('critical');
    h.set('ok');
    await h.warden.clock.advance(30_000);
    expect(await h.decisions()).toEqual(['planned', 'started', 'finished ok', 'verified ok']);
    expect(h.warden.state('http', 'web-1')?.status).toBe('ok');
  });

  it('verify failure escalates to the next step; after the last one a person is asked for and remediation:failed is emitted', async () => {
    const h = await setup(true);
    h.warden.remediate(
      rule({
        action: undefined,
        params: undefined,
        steps: [
          { action: 'shim.restart', params: { service: 'nginx' } },
          { action: 'shim.restart', params: { service: 'whole-box' } },
        ],
        policy: { verify: { after: '30s' }, maxAttempts: 5 },
      }),
    );
    await h.become('critical');
    await h.warden.clock.advance(30_000); // still critical: escalate to step 2
    expect(h.calls.told).toEqual(['restart web-1 {"service":"nginx"}', 'restart web-1 {"service":"whole-box"}']);
    await h.warden.clock.advance(30_000); // still critical after step 2
    expect(h.calls.told).toHaveLength(2);
    const decisions = await h.decisions();
    expect(decisions).toEqual([
      'planned',
      'started',
      'finished ok',
      'verified failed',
      'planned',
      'started',
      'finished ok',
      'verified failed',
      expect.stringMatching(/^skipped: the last step failed; .*a person must look/),
    ]);
    expect(h.events.filter((e) => e.startsWith('failed'))).toHaveLength(2);
  });

  it('an action that fails escalates without waiting for verify', async () => {
    const h = await setup(true);
    h.calls.fail = true;
    h.warden.remediate(
      rule({
        action: undefined,
        params: undefined,
        steps: [
          { action: 'shim.restart', params: { service: 'a' } },
          { action: 'shim.throws', params: {} },
        ],
      }),
    );
    await h.become('critical');
    expect(h.calls.told).toEqual(['restart web-1 {"service":"a"}', 'throws web-1']);
    const finished = (await h.warden.audit.query({ rule: 'restart' })).filter((r) => r.kind === 'finished');
    expect(finished.map((r) => [r.action, r.ok])).toEqual([
      ['shim.restart', false],
      ['shim.throws', false],
    ]);
  });

  it('an action that throws, then one that hangs past its timeout, are contained, audited and escalated to the next step', async () => {
    const h = await setup(true);
    h.warden.remediate(
      rule({
        action: undefined,
        params: undefined,
        steps: [
          { action: 'shim.throws', params: {} },
          { action: 'shim.hangs', params: {} },
          { action: 'shim.restart', params: { service: 'last' } },
        ],
        policy: { timeout: '30s' },
      }),
    );
    await h.become('critical');
    await h.warden.clock.advance(30_000);
    expect(h.calls.told).toEqual(['throws web-1', 'hangs web-1', 'restart web-1 {"service":"last"}']);
    expect(h.calls.abortedHangs).toBe(1);
    const finished = (await h.warden.audit.query({ rule: 'restart' })).filter((r) => r.kind === 'finished');
    expect(finished.map((r) => [r.action, r.ok, r.reason])).toEqual([
      ['shim.throws', false, 'shim.throws threw: socket hang up'],
      ['shim.hangs', false, 'shim.hangs did not finish within 30000 ms; it was aborted and abandoned'],
      ['shim.restart', true, undefined],
    ]);
  });

  it("never acts in a maintenance window by default; maintenance: 'only' acts only inside one", async () => {
    const h = await setup(true);
    const now = h.warden.clock.now();
    h.warden.maintenance({ assets: '*', from: now, to: now + 10 * MINUTE });
    h.warden.remediate(rule());
    h.warden.remediate(rule({ id: 'inside', policy: { maintenance: 'only' }, params: { service: 'patch' } }));
    await h.become('critical');
    expect(h.calls.told).toEqual(['restart web-1 {"service":"patch"}']);
    expect(await h.decisions()).toEqual(['skipped: the asset is in a maintenance window']);
  });
});

describe('warden.remediate: approval', () => {
  it('asks approve() with the plan and acts once approved', async () => {
    const h = await setup(true);
    const plans: RemediationPlan[] = [];
    h.warden.remediate(rule({ policy: { approve: async (plan) => plans.push(plan) > 0 } }));
    await h.become('critical');
    expect(plans).toEqual([
      {
        rule: 'restart',
        action: 'shim.restart',
        asset: 'web-1',
        params: { service: 'nginx', host: '10.0.0.5' },
        step: 1,
        steps: 1,
        attempt: 1,
      },
    ]);
    expect(h.calls.told).toHaveLength(1);
    expect(await h.decisions()).toEqual(['planned', 'approved', 'started', 'finished ok']);
  });

  it('denied, throwing or silent past approveTimeout: skipped as denied, never acted', async () => {
    const h = await setup(true);
    h.warden.remediate(rule({ policy: { approve: () => false } }));
    h.warden.remediate(
      rule({
        id: 'throws',
        policy: {
          approve: () => {
            throw new Error('pager API down');
          },
        },
      }),
    );
    h.warden.remediate(rule({ id: 'silent', policy: { approve: () => new Promise<boolean>(() => {}), approveTimeout: '2m' } }));
    const denied: string[] = [];
    h.warden.on('remediation:denied', (e) => void denied.push(`${e.rule}: ${e.message}`));
    await h.become('critical');
    await h.warden.clock.flush();
    expect(denied).toEqual(['restart: approve() said no', 'throws: approve() threw: pager API down']);
    await h.warden.clock.advance(2 * MINUTE);
    expect(denied).toEqual([
      'restart: approve() said no',
      'throws: approve() threw: pager API down',
      'silent: no approval within 120000 ms',
    ]);
    expect(h.calls.told).toEqual([]);
    const kinds = (await h.warden.audit.query()).map((r) => `${r.rule} ${r.kind}`);
    expect(kinds.filter((k) => k.endsWith('denied'))).toEqual(['restart denied', 'throws denied', 'silent denied']);
    expect(kinds.some((k) => k.endsWith('started'))).toBe(false);
  });
});

describe('warden.remediate: storms', () => {
  /** Ten web hosts whose http check fails together. */
  async function storm(policy: RemediationRuleSpec['policy']) {
    const calls: ActionCalls = { told: [], abortedHangs: 0 };
    const warden = createTestWarden({ plugins: [shimPlugin(calls)], remediation: { enabled: true } });
    made.push(warden);
    let status: CheckStatus = 'ok';
    for (let i = 0; i < 10; i++) warden.assets.add({ id: `web-${i}`, kind: 'host' });
    warden.check({ id: 'http', assets: '*', every: '1m', attempts: 1, run: () => ({ status, summary: status }) });
    warden.remediate(rule({ params: { service: 'nginx' }, policy }));
    await warden.start();
    await warden.clock.advance(MINUTE);
    return {
      warden,
      calls,
      async become(next: CheckStatus) {
        status = next;
        await warden.clock.advance(MINUTE);
      },
      async skips() {
        return (await warden.audit.query({ rule: 'restart' })).filter((r) => r.kind === 'skipped').map((r) => r.reason);
      },
    };
  }

  it('maxConcurrent: a storm failing ten hosts at once acts on two while their verification runs', async () => {
    const s = await storm({ maxConcurrent: 2, verify: { after: '5m' } });
    await s.become('critical');
    expect(s.calls.told).toHaveLength(2);
    const skips = await s.skips();
    expect(skips).toHaveLength(8);
    expect(new Set(skips)).toEqual(new Set(['maxConcurrent (2) actions of this rule are in progress']));
  });

  it('maxPercent over a period: at most 20% of the covered hosts, then more once the period has passed', async () => {
    const s = await storm({ maxPercent: 20, period: '1h', cooldown: 0 });
    await s.become('critical');
    expect(s.calls.told).toHaveLength(2);
    expect((await s.skips())[0]).toMatch(/^blast radius: 2 of 10 assets already acted on within the period \(maxPercent 20\)/);
    await s.become('ok');
    await s.warden.clock.advance(60 * MINUTE);
    await s.become('critical');
    expect(s.calls.told).toHaveLength(4);
  });

  it('rateLimit: per hour for the rule and per asset', async () => {
    const s = await storm({ rateLimit: { perHour: 3 }, cooldown: 0 });
    await s.become('critical');
    expect(s.calls.told).toHaveLength(3);
    expect((await s.skips())[0]).toBe('rate limit: 3 actions of this rule in the last hour');

    const t = await storm({ rateLimit: { perAssetPerHour: 1 }, cooldown: 0 });
    await t.become('critical');
    await t.become('ok');
    await t.become('critical');
    expect(t.calls.told).toHaveLength(10);
    expect(new Set(await t.skips())).toEqual(new Set(['rate limit: 1 actions of this rule on this asset in the last hour']));
  });
});

describe('warden.remediate: global rate limit', () => {
  it('rateLimit.global counts every rule: two rules in a storm of ten hosts act three times in all per hour', async () => {
    const calls: ActionCalls = { told: [], abortedHangs: 0 };
    const warden = createTestWarden({ plugins: [shimPlugin(calls)], remediation: { enabled: true } });
    made.push(warden);
    let status: CheckStatus = 'ok';
    for (let i = 0; i < 10; i++) warden.assets.add({ id: `web-${i}`, kind: 'host', labels: { half: i < 5 ? 'a' : 'b' } });
    warden.check({ id: 'http', assets: '*', every: '1m', attempts: 1, run: () => ({ status, summary: status }) });
    for (const half of ['a', 'b'])
      warden.remediate(
        rule({ id: `restart-${half}`, assets: `half=${half}`, params: { service: half }, policy: { rateLimit: { global: 3 } } }),
      );
    await warden.start();
    await warden.clock.advance(MINUTE);
    status = 'critical';
    await warden.clock.advance(MINUTE);
    expect(calls.told).toHaveLength(3);
    const skips = (await warden.audit.query()).filter((r) => r.kind === 'skipped').map((r) => r.reason);
    expect(skips).toHaveLength(7);
    expect(new Set(skips)).toEqual(new Set(['rate limit: 3 automatic actions (every rule and change) in the last hour (global 3)']));
    // An hour later the budget is back.
    status = 'ok';
    await warden.clock.advance(60 * MINUTE);
    status = 'critical';
    await warden.clock.advance(MINUTE);
    expect(calls.told).toHaveLength(6);
  });
});

describe('warden.remediate: on.attempt', () => {
  it('acts at the Nth soft attempt, once per problem episode, and again in the next episode', async () => {
    const calls: ActionCalls = { told: [], abortedHangs: 0 };
    const warden = createTestWarden({ plugins: [shimPlugin(calls)], remediation: { enabled: true } });
    made.push(warden);
    let status: CheckStatus = 'ok';
    warden.assets.add({ id: 'web-1', kind: 'host' });
    warden.check({ id: 'http', assets: '*', every: '1m', attempts: 4, retryEvery: '1m', run: () => ({ status, summary: status }) });
    warden.remediate(
      rule({ on: { check: 'http', status: ['critical'], attempt: 2 }, params: { service: 'nginx' }, policy: { cooldown: 0 } }),
    );
    await warden.start();
    await warden.clock.advance(MINUTE);
    status = 'critical';
    await warden.clock.advance(MINUTE);
    expect(warden.state('http', 'web-1')).toMatchObject({ attempt: 1, stateType: 'soft' });
    expect(calls.told).toEqual([]);
    await warden.clock.advance(MINUTE);
    expect(warden.state('http', 'web-1')).toMatchObject({ attempt: 2, stateType: 'soft' });
    expect(calls.told).toEqual(['restart web-1 {"service":"nginx"}']);
    await warden.clock.advance(5 * MINUTE); // attempts 3, 4 (hard) and beyond: not again this episode
    expect(warden.state('http', 'web-1')).toMatchObject({ stateType: 'hard' });
    expect(calls.told).toHaveLength(1);
    status = 'ok';
    await warden.clock.advance(MINUTE);
    status = 'critical';
    await warden.clock.advance(2 * MINUTE);
    expect(calls.told).toHaveLength(2);
  });
});

describe('warden.remediate: suppression', () => {
  it('never acts on an asset that is unreachable because its parent is down', async () => {
    const calls: ActionCalls = { told: [], abortedHangs: 0 };
    const warden = createTestWarden({ plugins: [shimPlugin(calls)], remediation: { enabled: true } });
    made.push(warden);
    const status: Record<string, CheckStatus> = { switch: 'ok', http: 'ok' };
    warden.assets.add({ id: 'switch', kind: 'network-device' });
    warden.assets.add({ id: 'web-1', kind: 'host', dependsOn: ['switch'] });
    warden.check({
      id: 'ping',
      assets: { ids: ['switch'] },
      every: '1m',
      liveness: true,
      run: () => ({ status: status.switch as CheckStatus, summary: 'ping' }),
    });
    warden.check({
      id: 'http',
      assets: { ids: ['web-1'] },
      every: '1m',
      attempts: 1,
      run: () => ({ status: status.http as CheckStatus, summary: 'http' }),
    });
    warden.remediate(rule());
    await warden.start();
    await warden.clock.advance(MINUTE);
    status.switch = 'critical';
    status.http = 'critical';
    await warden.clock.advance(MINUTE);
    expect(warden.state('http', 'web-1')).toMatchObject({ status: 'critical', reachable: false });
    expect(calls.told).toEqual([]);
    expect((await warden.audit.query({ rule: 'restart' })).map((r) => `${r.kind}: ${r.reason}`)).toEqual([
      'skipped: the asset is unreachable (a parent is down)',
    ]);
  });
});

describe('warden.remediate: flapping', () => {
  it('acts on the first failure, but not once the check is flapping', async () => {
    const calls: ActionCalls = { told: [], abortedHangs: 0 };
    const warden = createTestWarden({ plugins: [shimPlugin(calls)], remediation: { enabled: true } });
    made.push(warden);
    let status: CheckStatus = 'ok';
    warden.assets.add({ id: 'web-1', kind: 'host' });
    // As in the states tests: critical, ok, critical from a fresh check is flapping at these thresholds.
    warden.check({
      id: 'http',
      assets: '*',
      every: '10s',
      attempts: 1,
      flapping: { low: 5, high: 15 },
      run: () => ({ status, summary: status }),
    });
    warden.remediate(rule({ params: { service: 'nginx' }, policy: { cooldown: 0 } }));
    await warden.start();
    for (const next of ['critical', 'ok', 'critical'] as const) {
      status = next;
      await warden.clock.advance(10_000);
    }
    expect(warden.state('http', 'web-1')).toMatchObject({ status: 'critical', flapping: true });
    expect(calls.told).toEqual(['restart web-1 {"service":"nginx"}']);
    const last = (await warden.audit.query({ rule: 'restart' })).at(-1);
    expect(last).toMatchObject({ kind: 'skipped', reason: 'the check is flapping' });
  });
});

describe('warden.remediate: bad input', () => {
  it('refuses at registration: missing check, unknown action, bad params, bad policy keys, duplicates', async () => {
    const h = await setup(true);
    expect(() => h.warden.remediate(rule({ on: { check: 'nope', status: ['critical'] } }))).toThrow(
      expect.objectContaining({ code: 'ERR_CONFIG_INVALID', message: expect.stringContaining('"nope" is not a registered check') }),
    );
    expect(() => h.warden.remediate(rule({ action: 'shim.reboot' as never }))).toThrow(
      /unknown action "shim.reboot"; known actions: exec.local/,
    );
    expect(() => h.warden.remediate(rule({ params: { service: 42 } }))).toThrow(/params\.service/);
    expect(() => h.warden.remediate(rule({ action: 'exec.local', params: { command: 'systemctl restart nginx' } }))).toThrow(
      /params\.command/,
    );
    expect(() => h.warden.remediate(rule({ policy: { quiet: 'yes' } as never }))).toThrow(/policy\.quiet/);
    expect(() => h.warden.remediate(rule({ on: { check: 'http', status: ['critical'], attempt: 0 } }))).toThrow(/on\.attempt/);
    expect(() => h.warden.remediate(rule({ on: { check: 'http', status: ['critical'], attempt: 2, stateType: 'soft' } }))).toThrow(
      /on\.attempt \(act at that attempt, soft or hard\) or on\.stateType, not both/,
    );
    expect(() => h.warden.remediate(rule({ policy: { rateLimit: { global: 0 } } }))).toThrow(/policy\.rateLimit\.global/);
    // The test check goes hard at its first failure (attempts: 1): a second attempt never comes.
    expect(() => h.warden.remediate(rule({ on: { check: 'http', status: ['critical'], attempt: 2 } }))).toThrow(
      /on\.attempt 2 is never reached: check "http" goes hard at attempt 1/,
    );
    expect(() => h.warden.remediate(rule({ policy: { rateLimit: 3, maxPercent: 0 } as never }))).toThrow(
      /policy\.maxPercent[\s\S]*policy\.rateLimit/,
    );
    expect(() => h.warden.remediate(rule({ steps: [{ action: 'shim.restart' }] }))).toThrow(/either steps/);
    expect(() => h.warden.remediate(rule({ on: { check: 'http', status: ['ok' as 'critical'] } }))).toThrow(/on\.status/);
    h.warden.remediate(rule());
    expect(() => h.warden.remediate(rule())).toThrow(expect.objectContaining({ code: 'ERR_DUPLICATE' }));
  });
});
