import { execFileSync, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildCommandLine, buildKillLine } from '../../src/transport/command-line.js';

describe('buildCommandLine', () => {
  it('tags the command and has the login shell exec it; through sudo, env and setsid apply the tag and the group', () => {
    expect(buildCommandLine(['systemctl', 'restart', 'nginx'], { sudo: 'nopasswd' })).toBe('sudo -n -- systemctl restart nginx');
    expect(buildCommandLine(['id'], { env: { A: 'x y' }, runId: 'abcdef0123456789' })).toBe(
      "WARDEN_RUN_ID=abcdef0123456789 A='x y' exec id",
    );
    expect(buildCommandLine(['id'], { sudo: 'nopasswd', env: { A: '$(x)' }, runId: 'abcdef0123456789' })).toBe(
      "exec sudo -n -- env WARDEN_RUN_ID=abcdef0123456789 'A=$(x)' setsid -w id",
    );
  });

  it('hands the tag and env to the command through the shell, with no extra process', () => {
    const line = buildCommandLine(['sh', '-c', 'echo "$WARDEN_RUN_ID $A $$"; ps -o pid= -p $PPID'], {
      env: { A: 'x y' },
      runId: 'abcdef0123456789',
    });
    // Started like sshd starts a session: its own session and group, the login shell running the line.
    const out = execFileSync('setsid', ['-w', '/bin/sh', '-c', `echo $$; ${line}`], { encoding: 'utf8' })
      .trim()
      .split('\n');
    const [shellPid, tagged] = out;
    // The inner sh has the login shell's pid: it replaced it (exec) instead of being forked.
    expect(tagged).toBe(`abcdef0123456789 x y ${shellPid}`);
  });

  it('refuses bad variable names and run ids', () => {
    expect(() => buildCommandLine(['id'], { env: { 'A;B': '1' } })).toThrow(/not a shell identifier/);
    expect(() => buildCommandLine(['id'], { runId: 'x;reboot' })).toThrow(/run id/);
    expect(() => buildKillLine('$(reboot)', false)).toThrow(/run id/);
  });
});

describe('buildKillLine (run by the local /bin/sh)', () => {
  it('kills every tagged process, a child that left the group, and an untagged one in the group; reports gone', async () => {
    const runId = `t${process.pid}${Date.now()}`.slice(0, 20);
    const mark = runId.slice(-6);
    // An untagged child that stays in the group (only the group kill reaches it), one that left
    // the group (only its tag finds it), and a parent that ignores SIGTERM (SIGKILL follows).
    const script = `env -u WARDEN_RUN_ID sleep 31${mark} & setsid sleep 32${mark} & trap "" TERM; sleep 33${mark}; wait`;
    const line = buildCommandLine(['sh', '-c', script], { runId });
    // detached: a new session and group for the login shell, as sshd gives every session.
    const child = spawn('/bin/sh', ['-c', line], { stdio: 'ignore', detached: true });
    const running = () => execFileSync('sh', ['-c', `ps -eo args | grep -c "^sleep 3[123]${mark}$" || true`], { encoding: 'utf8' }).trim();
    for (let i = 0; i < 50 && running() !== '3'; i++) execFileSync('sleep', ['0.05']);
    expect(running()).toBe('3');
    const out = execFileSync('/bin/sh', ['-c', buildKillLine(runId, false)], { encoding: 'utf8' });
    expect(out.trim()).toBe('gone');
    expect(running()).toBe('0');
    child.kill();
  });

  it('reports gone at once when nothing carries the tag', () => {
    expect(execFileSync('/bin/sh', ['-c', buildKillLine('nosuchrun000000', false)], { encoding: 'utf8' }).trim()).toBe('gone');
  });
});
