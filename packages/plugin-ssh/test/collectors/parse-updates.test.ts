import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseUpdates } from '../../src/collectors/parse-updates.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/updates/${name}`, import.meta.url), 'utf8');

describe('parseUpdates', () => {
  it('apt (recorded on Debian 12): counts Inst lines and those from a -security suite', () => {
    const text = fixture('debian12-apt.txt');
    const inst = text.split('\n').filter((l) => l.startsWith('Inst '));
    const u = parseUpdates(text);
    expect(u).toMatchObject({ manager: 'apt', all: inst.length, rebootRequired: false });
    expect(u?.security).toBe(inst.filter((l) => /Debian-Security/.test(l)).length);
    expect(u?.packages[0]).toBe(inst[0]?.split(' ')[1]);
  });

  it('dnf: one per package (not per line), security from updateinfo, reboot from needs-restarting', () => {
    expect(parseUpdates(fixture('rhel9-dnf-constructed.txt'))).toEqual({
      manager: 'dnf',
      all: 5,
      security: 3,
      rebootRequired: true,
      packages: ['kernel', 'openssl', 'openssl-libs', 'tzdata', 'grub2-tools'],
    });
  });

  it('zypper: needed security patches only', () => {
    expect(parseUpdates(fixture('suse-zypper-constructed.txt'))).toMatchObject({
      manager: 'zypper',
      all: 2,
      security: 1,
      packages: ['curl', 'libcurl4'],
    });
  });

  it('apk: no security classification', () => {
    expect(parseUpdates(fixture('alpine-apk-constructed.txt'))).toEqual({
      manager: 'apk',
      all: 2,
      security: undefined,
      rebootRequired: false,
      packages: ['busybox', 'libcrypto3'],
    });
  });

  it('no package manager, nothing pending', () => {
    expect(parseUpdates('@@warden:none\n@@warden:reboot\nno\n')).toBeUndefined();
    expect(parseUpdates('@@warden:apt\n@@warden:reboot\nno\n')).toMatchObject({ all: 0, security: 0 });
  });
});
