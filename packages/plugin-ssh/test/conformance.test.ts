// The core plugin conformance kit against ssh2's in-process server: names, strict schemas,
// valid samples, aborts honoured, dispose idempotent, no leaked handles, and the canary secret
// (the key's passphrase here: revealed at each connection) never in any output.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertPluginConformance } from '@warden/core/testing';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ssh } from '../src/plugin.js';
import { createShims } from './helpers/shims.js';
import { fixtureKey, startTestServer, type TestServer } from './helpers/ssh-server.js';

let server: TestServer;
let dir: string;

beforeAll(async () => {
  server = await startTestServer({ env: createShims().env });
  dir = mkdtempSync(join(tmpdir(), 'warden-ssh-conformance-'));
  writeFileSync(join(dir, 'known_hosts'), `[127.0.0.1]:${server.port} ${fixtureKey('host_ecdsa.pub').split(' ').slice(0, 2).join(' ')}\n`);
  writeFileSync(join(dir, 'app.conf'), 'listen 80\n');
});
afterAll(() => server.close());

describe('ssh() conformance', () => {
  it('passes the plugin conformance kit against the in-process server, the key passphrase being the canary', async () => {
    const file = join(dir, 'app.conf');
    await assertPluginConformance({
      factory: ssh,
      options: { knownHosts: join(dir, 'known_hosts') },
      asset: (canary) => ({
        id: 'web-1',
        kind: 'host',
        address: '127.0.0.1',
        ssh: { port: server.port, username: 'conformance', privateKey: fixtureKey('client_ecdsa'), passphrase: canary },
      }),
      params: {
        'ssh.files': { paths: [file] },
        'ssh.command': { command: ['sleep', '1'] },
        'ssh.systemdUnit': { unit: 'nginx' },
        'ssh.fileAge': { path: file, crit: '1h' },
        'ssh.configDrift': { path: file, sha256: '0'.repeat(64) },
      },
      abortAfterMs: 20,
      abortBoundMs: 2000,
    });
  });
});
