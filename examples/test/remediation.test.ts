import { describe, expect, it } from 'vitest';
import { runExample } from './run-example.js';

describe('examples/remediation', () => {
  it('plans in dry run without acting, then restarts through the recording stand-in once and verifies, printing the audit trail', async () => {
    const { code, stdout, stderr } = await runExample('remediation');
    expect(code, stderr).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'dry run: planned, 0 restarts done, web is down',
      'enabled: 1 restart done, web is up',
      'audit trail:',
    ]);
    const trail = lines.slice(3).map((line) => line.replace(/^\+\s*[\d.]+s\s+/, ''));
    expect(trail).toEqual([
      'planned  restart-web exec.local on web-1: web on web-1: step 1 of 1 (dry run: not acted)',
      'planned  restart-web exec.local on web-1: web on web-1: step 1 of 1',
      'started  restart-web exec.local on web-1',
      'finished restart-web exec.local on web-1: ok — web.service restarted (pretend)',
      'verified restart-web exec.local on web-1: ok — the check is OK again',
    ]);
  });
});
