import { describe, expect, it } from 'vitest';
import { runScript } from './run-example.js';

const CLI = 'packages/cli/src/bin.ts';
const EXIT = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 } as const;

describe('examples/cli', () => {
  it('warden check on warden.yaml prints a row per check and exits with the Nagios code of the worst', { timeout: 60_000 }, async () => {
    const { code, stdout, stderr } = await runScript(CLI, ['check', '--config', 'examples/cli/warden.yaml']);
    expect(stderr).toBe('');
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^STATUS\s+CHECK\s+ASSET\s+TIME\s+SUMMARY$/);
    expect(
      lines
        .slice(1, 3)
        .map((line) => line.split(/\s+/).slice(1, 3).join(' '))
        .sort(),
    ).toEqual(['disk self', 'memory self']);
    const worst = /^(OK|WARNING|CRITICAL|UNKNOWN): 2 checks \(/.exec(lines.at(-1) ?? '')?.[1] as keyof typeof EXIT | undefined;
    expect(worst, stdout).toBeDefined();
    expect(code).toBe(EXIT[worst ?? 'UNKNOWN']);
  });

  it('warden check on warden.config.ts runs its TypeScript run check', { timeout: 60_000 }, async () => {
    const { code, stdout, stderr } = await runScript(CLI, ['check', '--config', 'examples/cli/warden.config.ts', '--json']);
    expect(stderr).toBe('');
    const report = JSON.parse(stdout);
    expect(report.results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ check: 'node-version', asset: 'self', status: 'ok', summary: `Node.js ${process.version}` }),
      ]),
    );
    expect(code).toBe(report.exitCode);
  });
});
