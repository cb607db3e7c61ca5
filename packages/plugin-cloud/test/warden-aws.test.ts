import { createTestWarden, type TestWarden } from '@warden/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cloud } from '../src/index.js';
import { type FakeAws, startFakeAws } from './helpers/fake-aws.js';
import { expectedSignature, parseAuthorization } from './helpers/sigv4-verify.js';

// A real Warden (manual clock) with the cloud plugin, talking to the local fake EC2, whose
// every request is SigV4-verified by the test's own implementation of the algorithm.
const START = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const EVENT_ID = 'instance-event-0d59937288b749b32';
const iso = (ms: number) => new Date(ms).toISOString();

let fake: FakeAws;
const wardens: TestWarden[] = [];
beforeAll(async () => {
  fake = await startFakeAws();
});
afterEach(async () => {
  await Promise.all(wardens.splice(0).map((w) => w.stop()));
  expect(fake.problems).toEqual([]);
  fake.calls.length = 0;
  fake.received.length = 0;
  fake.statuses.clear();
});
afterAll(async () => {
  await fake.close();
});

function wardenOnFake(options: { remediation?: boolean } = {}): TestWarden {
  const warden = createTestWarden({
    start: START,
    plugins: [
      cloud({
        aws: {
          regions: ['eu-west-1'],
          accessKeyId: 'AKIDEXAMPLE',
          secretAccessKey: SECRET,
          endpoints: { ec2: fake.url, monitoring: fake.url },
          env: {},
        },
      }),
    ],
    ...(options.remediation ? { remediation: { enabled: true } } : {}),
  });
  wardens.push(warden);
  warden.assets.add({ id: 'web-1', kind: 'cloud-instance', cloud: { provider: 'aws', id: 'i-1', region: 'eu-west-1' } });
  return warden;
}

function instanceStatus(event: { NotBefore: string; NotAfter: string; Description: string }): Record<string, unknown> {
  return {
    InstanceId: 'i-1',
    InstanceState: { Code: 16, Name: 'running' },
    SystemStatus: { Status: 'ok' },
    InstanceStatus: { Status: 'ok' },
    Events: [{ InstanceEventId: EVENT_ID, Code: 'system-reboot', ...event }],
  };
}

describe('EC2 scheduled events in a running Warden', () => {
  it('become a maintenance window on the asset that moves with the event, holds back incidents, and closes once completed', async () => {
    const warden = wardenOnFake();
    const edges: Array<[string, number, { id: string; assets: string[] }]> = [];
    warden.on('maintenance:started', (e) => void edges.push(['started', warden.clock.now(), e]));
    warden.on('maintenance:ended', (e) => void edges.push(['ended', warden.clock.now(), e]));
    const opened: string[] = [];
    warden.on(
      'incident:opened',
      (incident) =>
        void (incident.check === 'app' && opened.push(`${incident.check} ${incident.asset} at +${(warden.clock.now() - START) / MINUTE}m`)),
    );
    const description = 'The instance is scheduled for a reboot';
    fake.statuses.set(
      'i-1',
      instanceStatus({ NotBefore: iso(START + 2 * HOUR), NotAfter: iso(START + 4 * HOUR), Description: description }),
    );
    // The app on the instance goes down for the reboot, as it would.
    let rebooting = false;
    warden.check({ id: 'ec2', assets: { ids: ['web-1'] }, probe: 'cloud.instanceStatus', params: { eventWarn: '25m' }, every: '10m' });
    warden.check({
      id: 'app',
      assets: { ids: ['web-1'] },
      every: '1m',
      run: () => (rebooting ? { status: 'critical', summary: 'connection refused' } : { status: 'ok', summary: 'up' }),
    });
    await warden.start();
    await warden.clock.advance(10 * MINUTE);
    expect(fake.calls).toContain('ec2 DescribeInstanceStatus');
    expect(edges).toEqual([]);

    // AWS moves the event an hour later: nothing opens at the first time.
    fake.statuses.set(
      'i-1',
      instanceStatus({ NotBefore: iso(START + 3 * HOUR), NotAfter: iso(START + 5 * HOUR), Description: description }),
    );
    await warden.clock.advance(2 * HOUR + 30 * MINUTE - 10 * MINUTE);
    expect(edges).toEqual([]);
    expect(warden.state('ec2', 'web-1')?.status).toBe('ok');
    await warden.clock.advance(20 * MINUTE);
    expect(warden.state('ec2', 'web-1')?.status).toBe('warning'); // within eventWarn
    await warden.clock.advance(10 * MINUTE);
    const windowId = `cloud:event:web-1:${EVENT_ID}`;
    expect(edges).toEqual([['started', START + 3 * HOUR, { id: windowId, assets: ['web-1'] }]]);

    rebooting = true;
    await warden.clock.advance(30 * MINUTE);
    expect(warden.state('app', 'web-1')?.status).toBe('critical');
    expect(opened).toEqual([]); // in maintenance

    // The reboot is done and AWS marks the event completed: the next poll closes the window,
    // and the app, still down, opens its incident then.
    fake.statuses.set(
      'i-1',
      instanceStatus({ NotBefore: iso(START + 3 * HOUR), NotAfter: iso(START + 5 * HOUR), Description: `[Completed] ${description}` }),
    );
    await warden.clock.advance(10 * MINUTE);
    expect(edges).toHaveLength(2);
    const [kind, at, payload] = edges[1] ?? [];
    expect([kind, payload]).toEqual(['ended', { id: windowId, assets: ['web-1'] }]);
    expect(at).toBeGreaterThan(START + 3 * HOUR + 30 * MINUTE);
    expect(at).toBeLessThanOrEqual(START + 3 * HOUR + 40 * MINUTE);
    expect(opened).toEqual([`app web-1 at +${((at as number) - START) / MINUTE}m`]);
  });
});

describe('a planned change inside the window AWS scheduled', () => {
  it('is refused for a destructive power action until confirmed, then reboots the instance when the event window opens', async () => {
    const warden = wardenOnFake();
    fake.statuses.set(
      'i-1',
      instanceStatus({
        NotBefore: iso(START + 2 * HOUR),
        NotAfter: iso(START + 4 * HOUR),
        Description: 'The instance is scheduled for a reboot',
      }),
    );
    warden.check({ id: 'ec2', assets: { ids: ['web-1'] }, probe: 'cloud.instanceStatus', every: '10m' });
    const window = `cloud:event:web-1:${EVENT_ID}`;
    const spec = { id: 'reboot-in-aws-window', action: 'cloud.rebootInstance', params: {}, assets: { ids: ['web-1'] }, window } as const;
    expect(() => warden.change(spec)).toThrow(/cloud\.rebootInstance is destructive/);
    warden.change({ ...spec, allowDestructive: true });
    await warden.start();
    await warden.clock.advance(HOUR);
    expect(fake.calls).not.toContain('ec2 RebootInstances');
    await warden.clock.advance(HOUR + MINUTE);
    expect(fake.calls.filter((c) => c === 'ec2 RebootInstances')).toHaveLength(1);
    const finished = (await warden.audit.query({ rule: 'change:reboot-in-aws-window' })).filter((r) => r.kind === 'finished');
    expect(finished).toMatchObject([{ action: 'cloud.rebootInstance', asset: 'web-1', ok: true }]);
    expect(finished[0]?.at).toBeGreaterThanOrEqual(START + 2 * HOUR);
  });
});

describe('power actions through warden.act()', () => {
  it('call EC2 Start/Stop/RebootInstances for the asset, signed (verified independently) and audited', async () => {
    const warden = wardenOnFake();
    await warden.start();
    const reboot = await warden.act('cloud.rebootInstance', 'web-1', {}, { actor: 'ana' });
    expect(reboot).toMatchObject({ ok: true, output: 'RebootInstances i-1 (eu-west-1): accepted' });
    const stop = await warden.act('cloud.stopInstance', 'web-1', {});
    expect(stop).toMatchObject({ ok: true, output: 'StopInstances i-1 (eu-west-1): running → stopping' });
    const start = await warden.act('cloud.startInstance', 'web-1', {});
    expect(start).toMatchObject({ ok: true, output: 'StartInstances i-1 (eu-west-1): stopped → pending' });
    expect(fake.calls).toEqual(['ec2 RebootInstances', 'ec2 StopInstances', 'ec2 StartInstances']);

    // The request itself, checked here as well as by the fake: the instance, the API version,
    // and a signature recomputed from the documented algorithm with the secret key.
    const sent = fake.received.filter((r) => r.method === 'POST');
    expect(sent).toHaveLength(3);
    for (const request of sent) {
      const body = new URLSearchParams(request.body);
      expect(body.get('InstanceId.1')).toBe('i-1');
      expect(body.get('Version')).toBe('2016-11-15');
      const auth = parseAuthorization(request.headers.authorization);
      expect(auth).toMatchObject({ accessKeyId: 'AKIDEXAMPLE', region: 'eu-west-1', service: 'ec2' });
      if (!auth) throw new Error('unsigned');
      const [path = '/', query = ''] = request.url.split('?');
      expect(expectedSignature({ method: request.method, path, query, headers: request.headers, body: request.body }, auth, SECRET)).toBe(
        auth.signature,
      );
      // A wrong key gives another signature: the comparison can fail.
      expect(expectedSignature({ method: request.method, path, query, headers: request.headers, body: request.body }, auth, 'x')).not.toBe(
        auth.signature,
      );
    }

    const audit = await warden.audit.query({ asset: 'web-1' });
    expect(audit.map((r) => `${r.kind} ${r.action}${r.ok === undefined ? '' : ` ${r.ok}`}`)).toEqual([
      'started cloud.rebootInstance',
      'finished cloud.rebootInstance true',
      'started cloud.stopInstance',
      'finished cloud.stopInstance true',
      'started cloud.startInstance',
      'finished cloud.startInstance true',
    ]);
    expect(audit[0]?.reason).toBe('manual act by ana');
  });

  it('refuses unknown params and assets before any call, and reports an EC2 refusal as a failed result', async () => {
    const warden = wardenOnFake();
    await warden.start();
    await expect(warden.act('cloud.rebootInstance', 'web-1', { force: true } as never)).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
    });
    await expect(warden.act('cloud.rebootInstance', 'nope', {})).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
    expect(fake.calls).toEqual([]);
    fake.keys.set('AKIDEXAMPLE', { secret: SECRET, expired: true });
    try {
      const refused = await warden.act('cloud.stopInstance', 'web-1', {});
      expect(refused.ok).toBe(false);
      expect(refused.error).toContain('RequestExpired');
    } finally {
      fake.keys.set('AKIDEXAMPLE', { secret: SECRET });
    }
  });

  it('are acted on by a remediation rule only once remediation is enabled', async () => {
    const failing = { status: 'critical', summary: 'unreachable' } as const;
    for (const enabled of [false, true]) {
      const warden = wardenOnFake({ remediation: enabled });
      warden.check({ id: 'app', assets: { ids: ['web-1'] }, every: '1m', run: () => failing });
      warden.remediate({ id: 'reboot-app', on: { check: 'app', status: ['critical'] }, action: 'cloud.rebootInstance', params: {} });
      await warden.start();
      await warden.clock.advance(2 * MINUTE);
      const kinds = (await warden.audit.query({ rule: 'reboot-app' })).map((r) => r.kind);
      if (enabled) {
        expect(fake.calls).toEqual(['ec2 RebootInstances']);
        expect(kinds).toContain('finished');
      } else {
        expect(fake.calls).toEqual([]);
        expect(kinds).toEqual(['skipped']);
      }
      await warden.stop();
      fake.calls.length = 0;
    }
  });
});
