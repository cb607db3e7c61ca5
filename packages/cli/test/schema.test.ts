import { readFile } from 'node:fs/promises';
import { serveOptionsSchema } from '@warden/core/schemas';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildWarden } from '../src/config/build.js';
import { configJsonSchema } from '../src/config/json-schema.js';
import { loadConfig } from '../src/config/load.js';
import { main } from '../src/main.js';
import { memoryIo, ROOT, tempDir } from './helpers.js';

async function schema(): Promise<Record<string, unknown>> {
  const io = memoryIo(ROOT);
  expect(await main(['schema'], io)).toBe(0);
  return JSON.parse(io.stdout.text);
}

describe('warden schema', () => {
  it('prints a draft-07 JSON Schema that accepts the example config and knows every probe and its params', async () => {
    const json = await schema();
    expect(json.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(json);
    const example = parse(await readFile(`${ROOT}/examples/cli/warden.yaml`, 'utf8'));
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);

    const probes = (json as { properties: { checks: { items: { properties: { probe: { enum: string[] } } } } } }).properties.checks.items
      .properties.probe.enum;
    expect(probes).toEqual(expect.arrayContaining(['tcp', 'ping', 'nagios', 'snmp.get', 'ssh.command', 'cloud.http']));
  });

  it('rejects what Warden would reject: an unknown probe, wrong probe params, an unknown section', async () => {
    const validate = new Ajv({ strict: false }).compile(await schema());
    const check = (c: Record<string, unknown>) => ({ checks: [{ id: 'c', assets: 'kind=host', ...c }] });
    expect(validate(check({ probe: 'tcp', params: { port: 80 } }))).toBe(true);
    expect(validate(check({ probe: 'tcpp' }))).toBe(false);
    expect(validate(check({ probe: 'tcp', params: { port: 'eighty' } }))).toBe(false);
    expect(validate(check({ probe: 'tcp', params: { port: 80, bogus: 1 } }))).toBe(false);
    expect(validate({ assets: [{ id: 'sw', kind: 'switch', snmp: { version: '7' } }] })).toBe(false);
    expect(validate({ assets: [{ id: 'sw', kind: 'switch', snmp: { version: '2c', community: { env: 'C' } } }] })).toBe(true);
    expect(validate({ surprise: 1 })).toBe(false);
  });

  it('describes the plugin instances of a JS config with --config (a vendor plugin probe, its params and block)', async () => {
    const io = memoryIo(ROOT);
    expect(await main(['schema', '--config', 'packages/cli/test/fixtures/vendor-plugin.config.mjs'], io)).toBe(0);
    const json = JSON.parse(io.stdout.text);
    const probes: string[] = json.properties.checks.items.properties.probe.enum;
    expect(probes).toContain('acme.outlet');
    expect(probes).toContain('tcp');
    expect(probes).not.toContain('snmp.get');
    const validate = new Ajv({ strict: false }).compile(json);
    const check = (params: unknown) => ({ checks: [{ id: 'o', assets: 'kind=pdu', probe: 'acme.outlet', params }] });
    expect(validate(check({ outlet: 3 }))).toBe(true);
    expect(validate(check({ outlet: 0 }))).toBe(false);
    expect(validate({ assets: [{ id: 'p', kind: 'pdu', acme: {} }] })).toBe(false);
  });
});

describe('warden schema: the fields Warden validates, from @warden/core/schemas', () => {
  const json = configJsonSchema();
  const validate = new Ajv({ strict: false, allErrors: true, logger: false }).compile(json);
  const accepts = (config: unknown) => {
    const ok = validate(config);
    return ok ? true : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`).join('; ');
  };
  const check = (fields: Record<string, unknown>) => ({ checks: [{ id: 'c', assets: 'kind=host', probe: 'tcp', ...fields }] });
  /** The node at a path of the printed schema (`checks.items.properties.attempts`). */
  const at = (path: string): Record<string, unknown> =>
    path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], json.properties) as Record<string, unknown>;
  const fields = (path: string) => Object.keys(at(`${path}.properties`));

  it('gives editors the fields of every section', () => {
    expect(fields('checks.items')).toEqual(
      expect.arrayContaining(['attempts', 'every', 'cron', 'probe', 'params', 'metric', 'warn', 'crit', 'retryEvery', 'for', 'passive']),
    );
    expect(at('checks.items.properties.attempts')).toEqual({ type: 'integer', minimum: 1, maximum: 100 });
    expect(at('checks.items.required')).toEqual(['id', 'assets']);
    expect(fields('collect.items')).toEqual(expect.arrayContaining(['collector', 'assets', 'every', 'timeout', 'params']));
    expect(fields('assets.items')).toEqual(
      expect.arrayContaining(['id', 'kind', 'address', 'labels', 'dependsOn', 'lifecycle', 'facts', 'snmp', 'ssh', 'cloud']),
    );
    expect(fields('maintenance.items')).toEqual(expect.arrayContaining(['assets', 'checks', 'from', 'to', 'cron', 'duration']));
    expect(fields('notify.items')).toEqual(expect.arrayContaining(['notifier', 'on', 'minStatus', 'renotify', 'escalate']));
    expect(fields('remediate.items.properties.policy')).toEqual(
      expect.arrayContaining(['maxAttempts', 'cooldown', 'dryRun', 'verify', 'rateLimit']),
    );
    expect(fields('serve')).toEqual(expect.arrayContaining(['port', 'host', 'token', 'health', 'metrics']));
    expect(fields('concurrency')).toEqual(['global', 'perAsset', 'perPlugin']);
    expect(fields('plugins.anyOf.0')).toEqual(['snmp', 'ssh', 'cloud']);
    expect(fields('plugins.anyOf.0.properties.snmp.anyOf.0')).toContain('traps');
    expect(fields('plugins.anyOf.0.properties.ssh.anyOf.0')).toContain('knownHosts');
    expect(fields('plugins.anyOf.0.properties.cloud.anyOf.0')).toContain('aws');
  });

  it('compiles with a strict validator: no keyword or format draft-07 does not know', () => {
    // `uri` is a draft-07 format Ajv leaves to ajv-formats; declare it as the plugin would.
    expect(() => new Ajv({ formats: { uri: true }, strictTypes: false }).compile(json)).not.toThrow();
  });

  it('accepts the examples: examples/cli/warden.yaml as written, and warden.config.ts as loaded', async () => {
    expect(accepts(parse(await readFile(`${ROOT}/examples/cli/warden.yaml`, 'utf8')))).toBe(true);
    const { config } = await loadConfig('examples/cli/warden.config.ts', { cwd: ROOT });
    expect(accepts(config)).toBe(true);
  });

  it('rejects a misspelled check field, a wrong `every`, an unknown plugin option, a bad window and route', () => {
    expect(accepts(check({ params: { port: 80 }, attempts: 3, every: '30s' }))).toBe(true);
    expect(accepts(check({ params: { port: 80 }, every: 30_000 }))).toBe(true);
    expect(accepts(check({ params: { port: 80 }, atempts: 3 }))).toMatch(/additional properties/);
    expect(accepts(check({ params: { port: 80 }, every: true }))).not.toBe(true);
    expect(accepts(check({ params: { port: 80 }, every: ['30s'] }))).not.toBe(true);
    expect(accepts(check({ params: { port: 80 }, attempts: 0 }))).not.toBe(true);
    expect(accepts({ collect: [{ collector: 'host.local', assets: 'kind=host', evry: '15s' }] })).not.toBe(true);
    expect(accepts({ collect: [{ collector: 'host.locl', assets: 'kind=host' }] })).not.toBe(true);

    expect(accepts({ plugins: { snmp: null, ssh: {}, cloud: {} } })).toBe(true);
    expect(accepts({ plugins: { ssh: { bogus: 1 } } })).not.toBe(true);
    expect(accepts({ plugins: { telnet: {} } })).not.toBe(true);

    expect(accepts({ assets: [{ id: 'h', kind: 'host', lifecycle: 'retired', labels: { role: 'db' } }] })).toBe(true);
    expect(accepts({ assets: [{ id: 'h', kind: 'host', lifecycle: 'gone' }] })).not.toBe(true);
    expect(accepts({ maintenance: [{ assets: 'kind=host', cron: '0 2 * * 0', duration: '2h' }] })).toBe(true);
    expect(accepts({ maintenance: [{ cron: '0 2 * * 0', duration: '2h' }] })).not.toBe(true); // no assets
    expect(accepts({ notify: [{ notifier: 'log', minStatus: 'warning', escalate: [{ after: '1h', notifier: 'log' }] }] })).toBe(true);
    expect(accepts({ notify: [{ notifier: 'log', minStatus: 'fatal' }] })).not.toBe(true);
    expect(accepts({ notify: [{ notifier: 'log', escalate: [{ after: '1h', notifier: 'pager' }] }] })).not.toBe(true);
    const rule = { id: 'r', on: { check: 'c', status: ['critical'] }, action: 'exec.local', params: { command: ['true'] } };
    expect(accepts({ remediate: [{ ...rule, policy: { dryRun: true, cooldown: '10m' } }] })).toBe(true);
    expect(accepts({ remediate: [{ ...rule, policy: { dryrun: true } }] })).not.toBe(true);
    const ssh = (password: unknown) => ({ assets: [{ id: 'h', kind: 'host', ssh: { username: 'ops', password } }] });
    expect(accepts(ssh({ file: 'ops.pw' }))).toBe(true);
    expect(accepts(ssh({ env: 'OPS_PW' }))).toBe(true);
    expect(accepts(ssh({ evn: 'OPS_PW' }))).not.toBe(true); // a plugin's secret field takes a string or { env } / { file }
    expect(accepts(ssh({ env: 'A', file: 'b' }))).not.toBe(true);
    expect(accepts({ serve: { port: 9464, token: { env: 'WARDEN_TOKEN' } } })).toBe(true);
    expect(accepts({ serve: { port: 9464, token: { env: 'A', file: 'b' } } })).not.toBe(true);
    expect(accepts({ serve: { port: 70_000 } })).not.toBe(true);
    expect(accepts({ concurrency: { global: 8 }, selfMetricsEvery: '30s' })).toBe(true);
    expect(accepts({ concurrency: { global: 0 } })).not.toBe(true);
  });

  it('agrees with Warden on what it refuses, for each section', async () => {
    // A config each side judges: the schema by itself, Warden by building it from a file.
    const cases: [string, Record<string, unknown>][] = [
      ['valid', { assets: [{ id: 'h', kind: 'host' }], ...check({ params: { port: 80 }, attempts: 2, every: '1m' }) }],
      ['misspelled check field', { assets: [{ id: 'h', kind: 'host' }], ...check({ params: { port: 80 }, atempts: 2 }) }],
      ['wrong every', { assets: [{ id: 'h', kind: 'host' }], ...check({ params: { port: 80 }, every: true }) }],
      ['unknown plugin option', { plugins: { ssh: { bogus: 1 } } }],
      ['unknown asset field', { assets: [{ id: 'h', kind: 'host', adress: 'x' }] }],
      ['secret', { plugins: { ssh: {} }, assets: [{ id: 'h', kind: 'host', ssh: { username: 'u', password: { file: 'pw' } } }] }],
      [
        'misspelled secret',
        { plugins: { ssh: {} }, assets: [{ id: 'h', kind: 'host', ssh: { username: 'u', password: { fiel: 'pw' } } }] },
      ],
      ['unknown route field', { notify: [{ notifier: 'log', minstatus: 'warning' }] }],
      [
        'bad policy',
        { ...check({ params: { port: 80 } }), remediate: [{ id: 'r', on: { check: 'c', status: [] }, action: 'exec.local' }] },
      ],
      ['bad serve port', { serve: { port: -1 } }],
      ['bad option', { maxSamplesPerSeries: 1 }],
    ];
    const files = Object.fromEntries(cases.map(([name, config]) => [`${name}.json`, JSON.stringify(config)]));
    const { dir, cleanup } = await tempDir({ ...files, pw: 'hunter2\n' });
    try {
      for (const [name, config] of cases) {
        let warden: boolean;
        try {
          const { warden: built, serve } = await buildWarden(await loadConfig(`${name}.json`, { cwd: dir }));
          await built.stop();
          // `serve` is validated when `warden run` starts serving: ask serve()'s own schema.
          warden = serve === undefined || serveOptionsSchema.safeParse(serve).success;
        } catch {
          warden = false;
        }
        expect(accepts(config) === true, name).toBe(warden);
      }
    } finally {
      await cleanup();
    }
  });
});
