import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../src/main.js';
import { memoryIo, ROOT } from './helpers.js';

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
