import { describe, expect, it } from 'vitest';
import { parseFiles } from '../../src/collectors/parse-files.js';
import { parseListUnits, parseSystemctlShow } from '../../src/collectors/parse-systemd.js';
import { unitSamples } from '../../src/collectors/systemd.js';

// Constructed from systemd 252's documented output (this build machine does not run systemd).
const LIST = `ssh.service            loaded active   running OpenBSD Secure Shell server
● nginx.service        loaded failed   failed  A high performance web server
cron.service           loaded inactive dead    Regular background program processing daemon
`;
const SHOW =
  'Id=nginx.service\nLoadState=loaded\nActiveState=active\nSubState=running\n\nId=nope.service\nLoadState=not-found\nActiveState=inactive\nSubState=dead\n';

describe('systemd parsers', () => {
  it('list-units, with and without the failed-unit bullet', () => {
    expect(parseListUnits(LIST)).toEqual([
      { unit: 'ssh.service', load: 'loaded', active: 'active', sub: 'running' },
      { unit: 'nginx.service', load: 'loaded', active: 'failed', sub: 'failed' },
      { unit: 'cron.service', load: 'loaded', active: 'inactive', sub: 'dead' },
    ]);
  });

  it('show blocks, one per unit', () => {
    expect(parseSystemctlShow(SHOW).map((u) => [u.unit, u.load, u.active])).toEqual([
      ['nginx.service', 'loaded', 'active'],
      ['nope.service', 'not-found', 'inactive'],
    ]);
  });

  it('one 0/1 series per state and a failed count', () => {
    const s = unitSamples(parseListUnits(LIST));
    expect(s.filter((x) => x.labels?.unit === 'nginx.service' && x.value === 1).map((x) => x.labels?.state)).toEqual(['failed']);
    expect(s.find((x) => x.name === 'systemd.units.failed')?.value).toBe(1);
  });
});

describe('parseFiles', () => {
  it('maps numbered lines back to paths, whatever the names contain', () => {
    const sha = 'a'.repeat(64);
    const out = `1 file 120 1700000000 ${sha}\n2 missing\n3 other 4096 1700000100 -\nnow 1700000300\n`;
    expect(parseFiles(out, ['/etc/a b\nc', '/nope', '/var'])).toEqual([
      { path: '/etc/a b\nc', exists: true, size: 120, ageSeconds: 300, sha256: sha },
      { path: '/nope', exists: false },
      { path: '/var', exists: true, size: 4096, ageSeconds: 200 },
    ]);
  });
});
