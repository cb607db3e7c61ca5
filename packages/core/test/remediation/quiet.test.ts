import { afterEach, describe, expect, it } from 'vitest';
import type { CheckStatus } from '../../src/checks/types.js';
import type { RemediationPolicy } from '../../src/remediation/rule-spec.js';
import { createTestWarden, type TestWarden } from '../../src/testing/test-warden.js';
import { type ActionCalls, shimPlugin } from './fixtures.js';

const made: TestWarden[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((w) => w.stop()));
});

const MINUTE = 60_000;

/**
 * web-1 runs `http` (the rule's check); app-1 depends on web-1 and runs `app`, which fails while
 * web-1 "reboots". The rule restarts web-1 when `http` is critical, verified after 5 minutes.
 */
async function setup(policy: RemediationPolicy) {
  const calls: ActionCalls = { told: [], abortedHangs: 0 };
  const warden = createTestWarden({ plugins: [shimPlugin(calls)], remediation: { enabled: true } });
  made.push(warden);
  const status: Record<'http' | 'app', CheckStatus> = { http: 'ok', app: 'ok' };
  const opened: string[] = [];
  warden.on('incident:opened', (i) => void opened.push(`${i.check}@${i.asset} at ${Math.ceil(warden.clock.now() / MINUTE - start)}`));
  warden.assets.add({ id: 'web-1', kind: 'host' });
  warden.assets.add({ id: 'app-1', kind: 'service', dependsOn: ['web-1'] });
  warden.check({ id: 'http', assets: { ids: ['web-1'] }, every: '1m', attempts: 1, run: () => ({ status: status.http, summary: 'http' }) });
  warden.check({ id: 'app', assets: { ids: ['app-1'] }, every: '1m', attempts: 1, run: () => ({ status: status.app, summary: 'app' }) });
  warden.remediate({
    id: 'reboot',
    on: { check: 'http', status: ['critical'] },
    action: 'shim.restart',
    params: { service: 'web-1' },
    policy: { verify: { after: '5m' }, ...policy },
  });
  const start = warden.clock.now() / MINUTE;
  await warden.start();
  await warden.clock.advance(MINUTE);
  return { warden, calls, status, opened };
}

describe('remediation policy.quiet', () => {
  it('(default on) a child failing while the asset reboots opens no incident; still failing when the window ends, it opens then', async () => {
    const s = await setup({});
    s.status.http = 'critical';
    await s.warden.clock.advance(MINUTE); // minute 2: http critical → incident, the rule acts, quiet window opens
    expect(s.calls.told).toEqual(['restart web-1 {"service":"web-1"}']);
    s.status.app = 'critical'; // the reboot takes app-1 down
    s.status.http = 'ok';
    await s.warden.clock.advance(3 * MINUTE); // minutes 3–5: app-1 critical (hard), inside the quiet window
    expect(s.warden.state('app', 'app-1')).toMatchObject({ status: 'critical', stateType: 'hard' });
    expect(s.opened).toEqual(['http@web-1 at 2']);
    await s.warden.clock.advance(3 * MINUTE); // minute 7: verified OK, the window ends; app-1 still failing opens
    const audit = await s.warden.audit.query({ rule: 'reboot' });
    expect(audit.map((r) => r.kind)).toEqual(['planned', 'started', 'finished', 'verified']);
    expect(s.opened).toEqual(['http@web-1 at 2', 'app@app-1 at 7']);
  });

  it('(default on) a child that recovers before the window ends never pages', async () => {
    const s = await setup({});
    s.status.http = 'critical';
    await s.warden.clock.advance(MINUTE);
    s.status.app = 'critical';
    s.status.http = 'ok';
    await s.warden.clock.advance(2 * MINUTE);
    s.status.app = 'ok';
    await s.warden.clock.advance(10 * MINUTE);
    expect(s.opened).toEqual(['http@web-1 at 2']);
    expect(s.warden.incidents.list({ open: true })).toEqual([]);
  });

  it('quiet: false lets the child page at once', async () => {
    const s = await setup({ quiet: false });
    s.status.http = 'critical';
    await s.warden.clock.advance(MINUTE);
    s.status.app = 'critical';
    await s.warden.clock.advance(MINUTE);
    expect(s.opened).toEqual(['http@web-1 at 2', 'app@app-1 at 3']);
  });

  it("escalation keeps the window: the next step is not refused by the first step's quiet window, and the last failure ends it", async () => {
    const s = await setup({});
    s.warden.remediate({
      id: 'two-steps',
      on: { check: 'app', status: ['critical'] },
      steps: [
        { action: 'shim.restart', params: { service: 'app' } },
        { action: 'shim.restart', params: { service: 'app-host' } },
      ],
      policy: { verify: { after: '2m' } },
    });
    s.status.app = 'critical';
    await s.warden.clock.advance(10 * MINUTE);
    expect(s.calls.told).toEqual(['restart app-1 {"service":"app"}', 'restart app-1 {"service":"app-host"}']);
    const kinds = (await s.warden.audit.query({ rule: 'two-steps' })).map((r) => `${r.kind}${r.kind === 'skipped' ? `: ${r.reason}` : ''}`);
    expect(kinds).toEqual([
      'planned',
      'started',
      'finished',
      'verified',
      'planned',
      'started',
      'finished',
      'verified',
      'skipped: the last step failed; nothing more will be tried this episode: a person must look',
    ]);
    // The app's own incident opened before the rule acted (the trigger is the hard state): quiet is for what the action causes.
    expect(s.opened).toEqual(['app@app-1 at 2']);
  });

  it("another rule does not act on a child while the parent's quiet window is open (maintenance: 'skip')", async () => {
    const s = await setup({});
    s.warden.remediate({
      id: 'restart-app',
      on: { check: 'app', status: ['critical'] },
      action: 'shim.restart',
      params: { service: 'app' },
    });
    s.status.http = 'critical';
    await s.warden.clock.advance(MINUTE);
    s.status.app = 'critical';
    s.status.http = 'ok';
    await s.warden.clock.advance(2 * MINUTE);
    expect(s.calls.told).toEqual(['restart web-1 {"service":"web-1"}']);
    expect((await s.warden.audit.query({ rule: 'restart-app' })).map((r) => `${r.kind}: ${r.reason}`)).toEqual([
      'skipped: the asset is in a maintenance window',
    ]);
  });

  it('a soft rule acts before the problem is hard: its own check opens no incident until the window ends, and only if still failing', async () => {
    const calls: ActionCalls = { told: [], abortedHangs: 0 };
    const warden = createTestWarden({ plugins: [shimPlugin(calls)], remediation: { enabled: true } });
    made.push(warden);
    let status: CheckStatus = 'ok';
    const opened: string[] = [];
    warden.on('incident:opened', (i) => void opened.push(i.check));
    warden.assets.add({ id: 'web-1', kind: 'host' });
    warden.check({ id: 'http', assets: '*', every: '1m', attempts: 2, run: () => ({ status, summary: status }) });
    warden.remediate({
      id: 'soft',
      on: { check: 'http', status: ['critical'], stateType: 'soft' },
      action: 'shim.restart',
      params: { service: 'nginx' },
      policy: { verify: { after: '3m' } },
    });
    await warden.start();
    await warden.clock.advance(MINUTE);
    status = 'critical';
    await warden.clock.advance(2 * MINUTE); // soft, the rule acts; then hard inside the quiet window
    expect(calls.told).toHaveLength(1);
    expect(warden.state('http', 'web-1')).toMatchObject({ status: 'critical', stateType: 'hard' });
    expect(opened).toEqual([]);
    await warden.clock.advance(2 * MINUTE); // verification fails, the only step is spent: the window ends
    expect(opened).toEqual(['http']);
  });
});
