import { execFileSync, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildCommandLine, buildKillLine } from '../../src/transport/command-line.js';

describe('buildCommandLine', () => {
  it('puts sudo, env and setsid in front of the quoted argv', () => {
    expect(buildCommandLine(['systemctl', 'restart', 'nginx'], { sudo: 'nopasswd' })).toBe('sudo -n -- systemctl restart nginx');
    expect(buildCommandLine(['id'], { sudo: 'nopasswd', env: { A: '$(x)' }, runId: 'abcdef0123456789' })).toBe(
      "sudo -n -- env WARDEN_RUN_ID=abcdef0123456789 'A=$(x)' setsid -w id",
    );
    expect(buildCommandLine(['id'], { env: { A: 'x y' }, runId: 'abcdef0123456789' })).toBe(
      "WARDEN_RUN_ID=abcdef0123456789 A='x y' setsid -w id",
    );
  });

  it('refuses bad variable names and run ids', () => {
    expect(() => buildCommandLine(['id'], { env: { 'A;B': '1' } })).toThrow(/not a shell identifier/);
    expect(() => buildCommandLine(['id'], { runId: 'x;reboot' })).toThrow(/run id/);
    expect(() => buildKillLine('$(reboot)', false)).toThrow(/run id/);
  });
});

describe('buildKillLine (run by the local /bin/sh)', () => {
  it('kills every tagged process, including a child that left the group, and reports gone', async () => {
    const runId = `t${process.pid}${Date.now()}`.slice(0, 20);
    const line = buildCommandLine(['sh', '-c', 'setsid sleep 300 & trap "" TERM; sleep 301; wait'], { runId });
    const child = spawn('/bin/sh', ['-c', line], { stdio: 'ignore' });
    const tagged = () =>
      execFileSync('sh', ['-c', `grep -l -a -F WARDEN_RUN_ID=${runId} /proc/[0-9]*/environ 2>/dev/null | wc -l`], {
        encoding: 'utf8',
      }).trim();
    for (let i = 0; i < 50 && tagged() !== '4'; i++) execFileSync('sleep', ['0.05']);
    expect(Number(tagged())).toBeGreaterThanOrEqual(3);
    const out = execFileSync('/bin/sh', ['-c', buildKillLine(runId, false)], { encoding: 'utf8' });
    expect(out.trim()).toBe('gone');
    expect(tagged()).toBe('0');
    child.kill();
  });

  it('reports gone at once when nothing carries the tag', () => {
    expect(execFileSync('/bin/sh', ['-c', buildKillLine('nosuchrun000000', false)], { encoding: 'utf8' }).trim()).toBe('gone');
  });
});
