import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAssetRegistry } from '../../src/assets/registry.js';
import { asAsset, catchError, connectionSchemas, fakeSecret, SECRET_VALUE } from './fixtures.js';

const registry = () => createAssetRegistry({ connectionSchemas });

describe('connection blocks', () => {
  it('validates a block with its plugin’s schema and stores the schema’s output', () => {
    const community = fakeSecret('env', 'env:SNMP_COMMUNITY');
    const stored = registry().add(asAsset({ id: 'sw-1', kind: 'network-device', snmp: { version: '2c', community } }));
    expect((stored as unknown as { snmp: unknown }).snmp).toEqual({ version: '2c', community, port: 161 });
    // The secret is kept as the same opaque object, not copied or frozen.
    expect((stored as unknown as { snmp: { community: unknown } }).snmp.community).toBe(community);
  });

  it('reports a block’s issues under the plugin’s name', () => {
    const err = catchError(() =>
      registry().add(
        asAsset({ id: 'sw-1', kind: 'network-device', snmp: { version: '4', community: 'plain', extra: 1 }, ssh: { username: '' } }),
      ),
    );
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.message).toContain('snmp.version:');
    expect(err.message).toContain('snmp.community: expected a secret');
    expect(err.message).toContain('snmp: Unrecognized key: "extra"');
    expect(err.message).toContain('ssh.username:');
  });

  it('refuses an unknown top-level key, naming the installed plugins and the likely one', () => {
    const err = catchError(() => registry().add(asAsset({ id: 'sw-1', kind: 'network-device', snmpp: { version: '2c' } })));
    expect(err.message).toContain('snmpp: no installed plugin handles `snmpp`; installed: snmp, ssh; did you mean `snmp`?');
    const typo = catchError(() => registry().add(asAsset({ id: 'sw-1', kind: 'host', lables: { a: 'b' } })));
    expect(typo.message).toContain('did you mean `labels`?');
    const none = catchError(() => createAssetRegistry().add(asAsset({ id: 'sw-1', kind: 'host', ssh: { username: 'x' } })));
    expect(none.message).toContain('no installed plugin handles `ssh`; installed: none');
  });

  it('reports a plugin schema that cannot run synchronously as an issue, not a crash', () => {
    const asyncSchemas = new Map([['slow', z.object({ a: z.string() }).refine(async () => true)]]);
    const err = catchError(() =>
      createAssetRegistry({ connectionSchemas: asyncSchemas }).add(asAsset({ id: 'x', kind: 'host', slow: { a: 'b' } })),
    );
    expect(err.message).toContain("slow: the plugin's schema could not validate this block");
  });
});

describe('secrets in connection blocks', () => {
  it('reports a secret’s problem at its path and registers nothing', () => {
    const r = registry();
    const err = catchError(() =>
      r.add(
        asAsset({
          id: 'sw-1',
          kind: 'network-device',
          snmp: { version: '2c', community: fakeSecret('env', 'env:SNMP_COMMUNITY', 'environment variable SNMP_COMMUNITY is not set') },
          ssh: { username: 'monitor', privateKey: fakeSecret('file', 'file:/etc/warden/id', 'file /etc/warden/id does not exist') },
        }),
      ),
    );
    expect(err.code).toBe('ERR_CONFIG_INVALID');
    expect(err.message).toContain('snmp.community: secret env:SNMP_COMMUNITY: environment variable SNMP_COMMUNITY is not set');
    expect(err.message).toContain('ssh.privateKey: secret file:/etc/warden/id: file /etc/warden/id does not exist');
    expect(err.message).not.toContain(SECRET_VALUE);
    expect(r.size).toBe(0);
  });

  it('checks secrets again on update', () => {
    const r = registry();
    r.add(asAsset({ id: 'web-1', kind: 'host', ssh: { username: 'monitor' } }));
    const err = catchError(() =>
      r.update(
        'web-1',
        asAsset({ ssh: { username: 'monitor', privateKey: fakeSecret('env', 'env:KEY', 'environment variable KEY is not set') } }),
      ),
    );
    expect(err.message).toContain('ssh.privateKey: secret env:KEY: environment variable KEY is not set');
    expect((r.get('web-1') as unknown as { ssh: unknown }).ssh).toEqual({ username: 'monitor' });
  });

  it('treats two descriptions of the same env secret as the same data on upsert', () => {
    const r = registry();
    r.add(asAsset({ id: 'sw-1', kind: 'network-device', snmp: { version: '2c', community: fakeSecret('env', 'env:C') } }));
    const again = r.upsert(asAsset({ id: 'sw-1', kind: 'network-device', snmp: { version: '2c', community: fakeSecret('env', 'env:C') } }));
    expect(again.action).toBe('unchanged');
    const other = r.upsert(
      asAsset({ id: 'sw-1', kind: 'network-device', snmp: { version: '2c', community: fakeSecret('value', 'value') } }),
    );
    expect(other.action).toBe('updated');
    const sameValueKind = r.upsert(
      asAsset({ id: 'sw-1', kind: 'network-device', snmp: { version: '2c', community: fakeSecret('value', 'value') } }),
    );
    expect(sameValueKind.action).toBe('updated');
  });
});
