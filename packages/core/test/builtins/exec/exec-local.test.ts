import { describe, expect, it } from 'vitest';
import { createExecLocalAction, execLocalParamsSchema } from '../../../src/builtins/exec/exec-local.js';
import { createContext, createFakeClock, waitFor } from '../probes/helpers.js';

// Only harmless programs run here: node printing, exiting with a code, or waiting.
const node = process.execPath;
const asset = { id: 'self', kind: 'host' };
const params = (input: unknown) => execLocalParamsSchema.parse(input);

describe('exec.local', () => {
  it('is destructive and validates params strictly (no shell string, known keys only)', () => {
    const action = createExecLocalAction();
    expect(action.name).toBe('exec.local');
    expect(action.destructive).toBe(true);
    expect(execLocalParamsSchema.safeParse({ command: 'systemctl restart nginx' }).success).toBe(false);
    expect(execLocalParamsSchema.safeParse({ command: [] }).success).toBe(false);
    expect(execLocalParamsSchema.safeParse({ command: ['./relative'] }).success).toBe(false);
    expect(execLocalParamsSchema.safeParse({ command: ['true'], shell: true }).success).toBe(false);
    expect(execLocalParamsSchema.safeParse({ command: ['true'], env: { 'BAD-NAME': 'x' } }).success).toBe(false);
    expect(params({ command: ['true'], timeout: '5s' }).timeout).toBe(5_000);
  });

  it('runs an argv with no shell: metacharacters reach the program as literal arguments', async () => {
    const clock = createFakeClock();
    const result = await createExecLocalAction().run(
      asset,
      params({ command: [node, '-e', 'console.log(JSON.stringify(process.argv.slice(1)))', '$(id); echo pwned | cat', '*'] }),
      createContext(clock),
    );
    expect(result).toEqual({ ok: true, output: '["$(id); echo pwned | cat","*"]\n' });
  });

  it('reports a non-zero exit as ok: false with its output, and passes only the env it was given', async () => {
    const clock = createFakeClock();
    const script = 'console.log(process.env.ONLY, process.env.HOME === undefined); console.error("boom"); process.exit(3)';
    const result = await createExecLocalAction().run(
      asset,
      params({ command: [node, '-e', script], env: { ONLY: 'given' } }),
      createContext(clock),
    );
    expect(result).toEqual({ ok: false, error: expect.stringContaining('failed (exit code 3)'), output: 'given true\n\nboom\n' });
  });

  it('names a program it cannot find', async () => {
    const result = await createExecLocalAction().run(asset, params({ command: ['no-such-program-xyz'] }), createContext(createFakeClock()));
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/"no-such-program-xyz" not found in PATH/) });
  });

  it('kills a program that outlives its timeout and says so', async () => {
    const clock = createFakeClock();
    const running = createExecLocalAction({ killGrace: 10 }).run(
      asset,
      params({ command: [node, '-e', 'console.log("started"); setInterval(() => {}, 1000)'], timeout: '5s' }),
      createContext(clock),
    );
    await waitFor(() => clock.pending().includes(5_000), 'the timeout timer');
    clock.fireNext();
    const result = await running;
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/timed out after 5s; its process group was killed/);
  });
});
