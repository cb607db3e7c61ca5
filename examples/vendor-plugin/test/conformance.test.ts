// The vendor's own CI: Warden's conformance kit, then the plugin's behaviour against a fake PDU.
import { createWarden, isWardenError, secret } from '@warden/core';
import { assertPluginConformance, checkPluginConformance } from '@warden/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakePdu, startFakePdu } from '../fake-pdu.js';
import { acmePdu, statusToSamples } from '../src/index.js';

const TOKEN = 'pdu-token-3f9a';
let pdu: FakePdu;
beforeEach(async () => {
  pdu = await startFakePdu(TOKEN);
});
afterEach(() => pdu.close());

describe('acme-pdu conformance', () => {
  it('passes every rule of the Warden plugin conformance kit', async () => {
    // The kit's canary secret is the token: the kit fails if its value leaks into any sample,
    // result, log record or event. The fake PDU is told to accept it before any hook runs.
    const before = pdu.requests;
    await assertPluginConformance({
      factory: acmePdu,
      options: { timeout: '2s' },
      asset: (canary) => {
        void canary.reveal().then((value) => {
          pdu.token = value;
        });
        return { id: 'pdu-1', kind: 'pdu', address: '127.0.0.1', 'acme-pdu': { token: canary, port: pdu.port, tls: false } };
      },
      params: { 'acme-pdu.outlet': { outlet: 1 } },
    });
    expect(pdu.requests - before).toBeGreaterThanOrEqual(2); // the collector and the probe really ran
  });

  it('the kit runs the collector and the probe against the fake, and the abort rule with a slow PDU', async () => {
    // The PDU answers after 1.5 s; an aborted run must settle within 1 s of its abort.
    pdu.delayMs = 1_500;
    const findings = await checkPluginConformance({
      factory: acmePdu,
      options: {},
      asset: (canary) => ({ id: 'pdu-1', kind: 'pdu', address: '127.0.0.1', 'acme-pdu': { token: canary, port: pdu.port, tls: false } }),
      params: { 'acme-pdu.outlet': { outlet: 1 } },
      abortBoundMs: 1_000,
    });
    const abort = findings.filter((f) => f.rule === 'abort-honoured');
    expect(abort.map((f) => f.hook).sort()).toEqual(['acme-pdu.outlet', 'acme-pdu.outlets']);
    expect(abort.every((f) => f.ok)).toBe(true);
  });
});

describe('acme-pdu in a Warden', () => {
  const newWarden = () => {
    const warden = createWarden({ plugins: [acmePdu({ timeout: '2s' })] });
    warden.assets.add({
      id: 'pdu-1',
      kind: 'pdu',
      address: '127.0.0.1',
      'acme-pdu': { token: secret.value(TOKEN), port: pdu.port, tls: false },
    });
    return warden;
  };

  it('refuses a misspelt option and a plain-string token, naming the path', () => {
    expect(() => acmePdu({ timout: '2s' } as never)).toThrow(/timout/);
    const warden = createWarden({ plugins: [acmePdu()] });
    const add = () => warden.assets.add({ id: 'pdu-2', kind: 'pdu', 'acme-pdu': { token: TOKEN as never } });
    expect(add).toThrow(/acme-pdu\.token/);
  });

  it('collects outlet power, energy in joules and inlet voltage', async () => {
    await using warden = newWarden();
    warden.collect({ collector: 'acme-pdu.outlets', assets: 'kind=pdu', every: '30s' });
    await warden.runOnce();
    expect(warden.metrics.latest('hw.power', { asset: 'pdu-1', outlet: '3' })?.value).toBe(253.1);
    expect(warden.metrics.latest('hw.energy', { asset: 'pdu-1', outlet: '1' })?.value).toBe(1520.25 * 3600);
    expect(warden.metrics.latest('hw.voltage', { asset: 'pdu-1', direction: 'input' })?.value).toBe(230.4);
    expect(warden.metrics.latest('acme_pdu.outlet.state', { asset: 'pdu-1', outlet: '4' })?.value).toBe(0);
  });

  it('judges an outlet by state and power, and reports a refused token as unknown ERR_AUTH without the token', async () => {
    await using warden = newWarden();
    warden.check({ id: 'web-psu', assets: { ids: ['pdu-1'] }, probe: 'acme-pdu.outlet', params: { outlet: 'web-1 PSU A' } });
    warden.check({ id: 'db-psu', assets: { ids: ['pdu-1'] }, probe: 'acme-pdu.outlet', params: { outlet: 3, warn: '>200', crit: '>400' } });
    warden.check({ id: 'spare', assets: { ids: ['pdu-1'] }, probe: 'acme-pdu.outlet', params: { outlet: 4 } });
    const report = await warden.runOnce();
    expect(report.results.map((r) => [r.check, r.status, r.summary])).toEqual([
      ['db-psu', 'warning', 'outlet 3 (db-1 PSU A) is on, 253.1 W'],
      ['spare', 'critical', 'outlet 4 (spare) is off, expected on'],
      ['web-psu', 'ok', 'outlet 1 (web-1 PSU A) is on, 96.5 W'],
    ]);
    expect(report.exitCode).toBe(2);

    await using wrong = createWarden({ plugins: [acmePdu()] });
    wrong.assets.add({
      id: 'pdu-1',
      kind: 'pdu',
      address: '127.0.0.1',
      'acme-pdu': { token: secret.value('wrong-token'), port: pdu.port, tls: false },
    });
    wrong.check({ id: 'psu', assets: '*', probe: 'acme-pdu.outlet', params: { outlet: 1 } });
    const results: unknown[] = [];
    wrong.on('check:result', (event) => void results.push(event));
    const refused = await wrong.runOnce();
    expect(refused.results[0]?.status).toBe('unknown');
    expect(refused.results[0]?.summary).toMatch(/refused the token \(HTTP 401\)/);
    expect(JSON.stringify(results)).toContain('ERR_AUTH');
    expect(JSON.stringify(results)).not.toContain('wrong-token');
  });

  it('fails a collection on an unreachable PDU with ERR_UNREACHABLE, tagged with plugin and asset', async () => {
    await using warden = newWarden();
    await pdu.close();
    warden.collect({ collector: 'acme-pdu.outlets', assets: 'kind=pdu' });
    const errors: unknown[] = [];
    warden.on('collect:error', ({ error }) => void errors.push(error));
    await warden.runOnce();
    const [error] = errors;
    expect(isWardenError(error) && error.code).toBe('ERR_UNREACHABLE');
    expect(error).toMatchObject({ plugin: 'acme-pdu', hook: 'acme-pdu.outlets', assetId: 'pdu-1' });
  });

  it('maps only the outlets asked for', () => {
    const status = { model: 'm', serial: 's', firmware: 'f', inlet: { voltage: 1, current: 2 }, outlets: [] };
    const outlet = { name: 'x', state: 'on' as const, current: 0, power: 1, energy: 1 };
    const samples = statusToSamples(
      {
        ...status,
        outlets: [
          { id: 1, ...outlet },
          { id: 2, ...outlet },
        ],
      },
      { outlets: [2] },
    );
    expect(new Set(samples.filter((s) => s.labels?.outlet).map((s) => s.labels?.outlet))).toEqual(new Set(['2']));
  });
});
