import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Asset } from '../../../src/assets/types.js';
import { createNagiosProbe, type NagiosProbeOptions, nagiosParamsSchema } from '../../../src/builtins/probes/nagios.js';
import { expandMacros } from '../../../src/checks/macros.js';
import type { CheckResult } from '../../../src/checks/types.js';
import { createContext, createFakeClock, type FakeClock, isAlive, waitFor } from './helpers.js';

const scripts = fileURLToPath(new URL('../../fixtures/nagios/scripts/', import.meta.url));
const script = (name: string) => join(scripts, name);
const asset: Asset = { id: 'web-1', kind: 'host', address: '127.0.0.1', labels: { site: 'ams1' } };
const tmp = mkdtempSync(join(tmpdir(), 'warden-nagios-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(
  input: unknown,
  options: NagiosProbeOptions = {},
  clock: FakeClock = createFakeClock(),
  signal?: AbortSignal,
): Promise<CheckResult> {
  const params = expandMacros(nagiosParamsSchema.parse(input), asset);
  return Promise.resolve(createNagiosProbe(options).run(asset, params, createContext(clock, signal)));
}

describe('nagios probe', () => {
  it('passes hostile strings as single literal arguments (no shell)', async () => {
    const marker = join(tmp, 'pwned');
    const hostile = [
      '; rm -rf /',
      '$(id)',
      '`id`',
      `; touch ${marker}`,
      'a b  c',
      '*',
      '"quoted" \'single\'',
      '&& echo hi',
      '$HOME',
      '{address}',
    ];
    const result = await run({ command: [script('print-args.sh'), ...hostile] });
    expect(result.status).toBe('ok');
    expect(result.summary).toBe(`OK: ${hostile.length} arguments`);
    // {address} was expanded from the asset before the run; everything else arrived verbatim.
    expect(result.details?.split('\n')).toEqual([...hostile.slice(0, -1), '127.0.0.1']);
    expect(existsSync(marker)).toBe(false);
    expect(result.samples).toEqual([
      { name: 'nagios.perfdata', value: hostile.length, unit: '1', labels: { plugin: 'print-args.sh', label: 'args' } },
    ]);
  });

  it('expands macros in argv elements', async () => {
    const result = await run({ command: [script('print-args.sh'), '-H', '{address}', '--site={labels.site}'] });
    expect(result.details?.split('\n')).toEqual(['-H', '127.0.0.1', '--site=ams1']);
  });

  it('kills the whole process group on timeout: unknown, ERR_TIMEOUT, no survivor', async () => {
    const pidfile = join(tmp, 'pids-term');
    const clock = createFakeClock();
    const pending = run({ command: [script('spawn-sleep.sh')], timeout: '5s', env: { PIDFILE: pidfile } }, { killGrace: '3s' }, clock);
    await waitFor(() => existsSync(pidfile), 'the plugin to start its child');
    const pids = readFileSync(pidfile, 'utf8').trim().split(' ').map(Number);
    expect(pids.every(isAlive)).toBe(true);
    expect(clock.pending()).toEqual([5000]);
    clock.fireNext(); // the timeout: SIGTERM to the group
    const result = await pending;
    expect(result).toMatchObject({
      status: 'unknown',
      code: 'ERR_TIMEOUT',
      summary: 'spawn-sleep.sh timed out after 5s; its process group was killed',
    });
    expect(result.details).toBe('output before it was killed: "OK: started"');
    await waitFor(() => !pids.some(isAlive), 'the plugin and its child to be gone', 2000);
    expect(clock.pending()).toEqual([]);
  });

  it('escalates to SIGKILL when the group ignores SIGTERM', async () => {
    const pidfile = join(tmp, 'pids-kill');
    const clock = createFakeClock();
    const pending = run(
      { command: [script('spawn-sleep-ignore-term.sh')], timeout: 1000, env: { PIDFILE: pidfile } },
      { killGrace: 2500 },
      clock,
    );
    await waitFor(() => existsSync(pidfile), 'the plugin to start its child');
    const pids = readFileSync(pidfile, 'utf8').trim().split(' ').map(Number);
    clock.fireNext(); // timeout: SIGTERM, ignored
    expect(clock.pending()).toEqual([2500]);
    expect(pids.every(isAlive)).toBe(true);
    clock.fireNext(); // grace over: SIGKILL to the group
    const result = await pending;
    expect(result).toMatchObject({ status: 'unknown', code: 'ERR_TIMEOUT' });
    await waitFor(() => !pids.some(isAlive), 'the plugin and its child to be gone', 2000);
  });

  it('kills the group when the check is aborted', async () => {
    const pidfile = join(tmp, 'pids-abort');
    const controller = new AbortController();
    const pending = run({ command: [script('spawn-sleep.sh')], env: { PIDFILE: pidfile } }, {}, createFakeClock(), controller.signal);
    await waitFor(() => existsSync(pidfile), 'the plugin to start its child');
    const pids = readFileSync(pidfile, 'utf8').trim().split(' ').map(Number);
    controller.abort();
    expect(await pending).toMatchObject({ status: 'unknown', code: 'ERR_ABORTED' });
    await waitFor(() => !pids.some(isAlive), 'the plugin and its child to be gone', 2000);
  });

  it('turns exit code 137 and death by signal into unknown, saying so', async () => {
    expect(await run({ command: [script('exit-137.sh')] })).toMatchObject({
      status: 'unknown',
      summary: expect.stringMatching(/^plugin exited with code 137, .*: "Segmentation fault \(core dumped\)"$/),
    });
    expect(await run({ command: [script('killed.sh')] })).toMatchObject({
      status: 'unknown',
      summary: 'plugin was killed by signal SIGKILL: "about to die"',
    });
  });

  it('quotes stderr when the plugin printed nothing on stdout', async () => {
    expect(await run({ command: [script('stderr-only.sh')] })).toEqual({
      status: 'unknown',
      summary:
        'no output from plugin on stdout (exit code 3); stderr: "check_thing: cannot open /etc/thing.conf: No such file or directory"',
    });
  });

  it('caps the output it keeps', async () => {
    const result = await run({ command: [script('flood.sh')] }, { maxOutputBytes: 1000 });
    expect(result.status).toBe('ok');
    expect(result.details?.endsWith('output truncated at 1000 bytes')).toBe(true);
    expect(result.details?.length).toBeLessThan(1100);
  });

  it('gives the plugin a minimal environment plus env', async () => {
    const result = await run({ command: [script('env.sh')], env: { FOO: 'bar' } });
    expect(result.summary).toBe('OK: FOO=bar HOME=unset LC_ALL=C');
  });

  it('looks bare plugin names up in the plugin directories', async () => {
    expect((await run({ command: ['print-args.sh', 'x'] }, { pluginDirs: ['/nonexistent', scripts] })).summary).toBe('OK: 1 arguments');
    expect(await run({ command: ['check_nope'] }, { pluginDirs: [scripts] })).toMatchObject({
      status: 'unknown',
      code: 'ERR_NOT_FOUND',
      summary: expect.stringContaining(`plugin "check_nope" not found in ${scripts}`),
    });
  });

  it('is unknown when the program is missing or not executable', async () => {
    expect(await run({ command: ['/nonexistent/check_x'] })).toMatchObject({ status: 'unknown', code: 'ERR_NOT_FOUND' });
    expect(await run({ command: [join(scripts, '..', 'README.md')] })).toMatchObject({
      status: 'unknown',
      summary: expect.stringContaining('not executable (EACCES)'),
    });
  });

  it('validates params strictly', () => {
    const fails = (input: unknown) => !nagiosParamsSchema.safeParse(input).success;
    expect(fails({ command: [] })).toBe(true);
    expect(fails({ command: ['./check_disk'] })).toBe(true);
    expect(fails({ command: ['bin/check_disk'] })).toBe(true);
    expect(fails({ command: 'check_disk -w 20%' })).toBe(true);
    expect(fails({ command: ['check_disk'], shell: true })).toBe(true);
    expect(fails({ command: ['check_disk'], env: { 'BAD NAME': 'x' } })).toBe(true);
    expect(nagiosParamsSchema.parse({ command: ['check_disk'] }).timeout).toBe(60_000);
  });
});
