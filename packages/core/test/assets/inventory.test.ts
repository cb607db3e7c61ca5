import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { exportInventory, importInventory, type SecretDescriptor } from '../../src/assets/inventory.js';
import { createAssetRegistry } from '../../src/assets/registry.js';
import type { Secret } from '../../src/secrets/types.js';
import { asAsset, catchError, connectionSchemas, fakeSecret, SECRET_VALUE } from './fixtures.js';

const NOW = Date.UTC(2025, 0, 2, 3, 4, 5);

const source = () => {
  const registry = createAssetRegistry({ connectionSchemas });
  registry.addMany([
    asAsset({
      id: 'sw-1',
      kind: 'network-device',
      address: '10.0.0.2',
      labels: { site: 'ams1' },
      facts: { vendor: 'Cisco', ports: 48, poe: true },
      snmp: { version: '2c', community: fakeSecret('env', 'env:SNMP_COMMUNITY') },
    }),
    asAsset({
      id: 'web-1',
      kind: 'host',
      dependsOn: [{ anyOf: ['sw-1', 'sw-2'] }],
      lifecycle: 'retired',
      ssh: { username: 'monitor', privateKey: fakeSecret('file', 'file:/etc/warden/id_ed25519') },
    }),
    asAsset({ id: 'db-1', kind: 'host', ssh: { username: 'db', privateKey: fakeSecret('value', 'value') } }),
  ]);
  return registry;
};

/** Stands in for createWarden's default: env/file descriptors back into secrets, values from a vault. */
const resolveSecret = (descriptor: SecretDescriptor, context: { assetId: string | undefined }): Secret => {
  const [kind, ...rest] = descriptor.$secret.split(':');
  if (kind === 'value') return fakeSecret('value', `value for ${context.assetId}`);
  return fakeSecret(kind as 'env' | 'file', `${kind}:${rest.join(':')}`);
};

describe('exportInventory', () => {
  it('writes JSON data with secrets as descriptors, never their values', () => {
    const doc = exportInventory(source(), { now: () => NOW });
    expect(doc.version).toBe(1);
    expect(doc.exportedAt).toBe('2025-01-02T03:04:05.000Z');
    expect(doc.assets[0]).toEqual({
      id: 'sw-1',
      kind: 'network-device',
      address: '10.0.0.2',
      labels: { site: 'ams1' },
      facts: { vendor: 'Cisco', ports: 48, poe: true },
      lifecycle: 'active',
      snmp: { version: '2c', community: { $secret: 'env:SNMP_COMMUNITY' }, port: 161 },
    });
    expect(doc.assets[1]?.ssh).toEqual({ username: 'monitor', privateKey: { $secret: 'file:/etc/warden/id_ed25519' } });
    expect(doc.assets[2]?.ssh).toEqual({ username: 'db', privateKey: { $secret: 'value' } });
    expect(JSON.stringify(doc)).not.toContain(SECRET_VALUE);
  });

  it('exports part of the inventory through a selector', () => {
    expect(exportInventory(source(), { selector: 'kind=host' }).assets.map((asset) => asset.id)).toEqual(['web-1', 'db-1']);
  });

  it('refuses data JSON cannot carry, naming where it is', () => {
    const schemas = new Map(connectionSchemas);
    schemas.set('odd', z.object({ n: z.bigint() }));
    const registry = createAssetRegistry({ connectionSchemas: schemas });
    registry.add(asAsset({ id: 'x', kind: 'host', odd: { n: 1n } }));
    const err = catchError(() => exportInventory(registry));
    expect(err.message).toContain('assets[0].odd.n: a bigint cannot be written as JSON');
  });
});

describe('importInventory', () => {
  it('round-trips through JSON text, reviving secrets through the resolver', () => {
    const text = JSON.stringify(exportInventory(source(), { now: () => NOW }));
    const target = createAssetRegistry({ connectionSchemas });
    const stored = importInventory(target, text, { resolveSecret });
    expect(stored.map((asset) => asset.id)).toEqual(['sw-1', 'web-1', 'db-1']);
    expect(target.get('web-1')).toMatchObject({ lifecycle: 'retired', dependsOn: [{ anyOf: ['sw-1', 'sw-2'] }] });
    const community = (target.get('sw-1') as unknown as { snmp: { community: Secret } }).snmp.community;
    expect(community.description).toBe('env:SNMP_COMMUNITY');
    const privateKey = (target.get('db-1') as unknown as { ssh: { privateKey: Secret } }).ssh.privateKey;
    expect(privateKey.description).toBe('value for db-1');
    expect(JSON.stringify(exportInventory(target, { now: () => NOW }))).toBe(text);
  });

  it('without a resolver refuses every secret, naming its path, and imports nothing', () => {
    const doc = exportInventory(source());
    const target = createAssetRegistry({ connectionSchemas });
    const err = catchError(() => importInventory(target, doc));
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.message).toContain('assets[0].snmp.community: secret "env:SNMP_COMMUNITY" needs resolveSecret');
    expect(err.message).toContain('assets[1].ssh.privateKey: secret "file:/etc/warden/id_ed25519" needs resolveSecret');
    expect(err.message).toContain('assets[2].ssh.privateKey: this secret.value() was exported without its content; pass resolveSecret');
    expect(target.size).toBe(0);
  });

  it('reports a resolver that throws or returns something else', () => {
    const doc = exportInventory(source());
    const err = catchError(() =>
      importInventory(createAssetRegistry({ connectionSchemas }), doc, {
        resolveSecret: (descriptor) => {
          if (descriptor.$secret === 'value') throw new Error('vault sealed');
          return 'not a secret' as unknown as Secret;
        },
      }),
    );
    expect(err.message).toContain('assets[2].ssh.privateKey: cannot revive secret "value": vault sealed');
    expect(err.message).toContain('assets[0].snmp.community: resolveSecret returned something that is not a secret');
  });

  it('is all or nothing: one invalid asset or one revived secret with a problem stops the whole import', () => {
    const doc = exportInventory(source());
    doc.assets.push({ id: 'bad', kind: '' });
    const target = createAssetRegistry({ connectionSchemas });
    const err = catchError(() => importInventory(target, doc, { resolveSecret }));
    expect(err.message).toContain('assets[3].kind: must not be empty');
    expect(target.size).toBe(0);

    doc.assets.pop();
    const unset = catchError(() =>
      importInventory(target, doc, {
        resolveSecret: (descriptor) =>
          fakeSecret('env', descriptor.$secret, `environment variable ${descriptor.$secret.slice(4)} is not set`),
      }),
    );
    expect(unset.message).toContain('assets[0].snmp.community: secret env:SNMP_COMMUNITY: environment variable SNMP_COMMUNITY is not set');
    expect(target.size).toBe(0);
  });

  it('refuses ids that exist unless replaceExisting', () => {
    const doc = exportInventory(source());
    const target = createAssetRegistry({ connectionSchemas });
    target.add({ id: 'web-1', kind: 'host' });
    expect(catchError(() => importInventory(target, doc, { resolveSecret })).code).toBe('ERR_DUPLICATE');
    expect(target.size).toBe(1);
    importInventory(target, doc, { resolveSecret, replaceExisting: true });
    expect(target.get('web-1')?.lifecycle).toBe('retired');
  });

  it('refuses a document of another version, or one that is not JSON', () => {
    const target = createAssetRegistry();
    expect(catchError(() => importInventory(target, { version: 2, assets: [] } as never)).message).toContain(
      'version: unsupported inventory version 2; this Warden reads version 1',
    );
    expect(catchError(() => importInventory(target, '{oops')).message).toContain('(root): not JSON');
  });
});
