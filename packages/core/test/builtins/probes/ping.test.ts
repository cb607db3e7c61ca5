import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Asset } from '../../../src/assets/types.js';
import { createPingProbe, judgePing, type PingProbeOptions, pingParamsSchema } from '../../../src/builtins/probes/ping.js';
import { parseFping, parseIputilsPing } from '../../../src/builtins/probes/ping-parse.js';
import { createContext, createFakeClock } from './helpers.js';

const fixtures = new URL('../../fixtures/nagios/ping/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, fixtures), 'utf8');
const local: Asset = { id: 'lo', kind: 'host', address: '127.0.0.1' };

describe('parseFping', () => {
  it('reads recorded fping -C output (times in ms → s)', () => {
    const stats = parseFping(read('fping-127.0.0.1.out'), '127.0.0.1');
    // 0.021 0.043 0.047 0.049 0.046 ms → avg 0.2060 / 5 = 0.0412 ms
    expect(stats).toMatchObject({ sent: 5, received: 5, loss: 0 });
    expect(stats?.rtt?.avg).toBeCloseTo(0.0000412, 12);
    expect(stats?.rtt?.min).toBeCloseTo(0.000021, 12);
    expect(stats?.rtt?.max).toBeCloseTo(0.000049, 12);
  });

  it('counts "-" as lost', () => {
    // 0.52 - 0.61 - - → 2 of 5 replied, loss 3/5, avg (0.52 + 0.61) / 2 = 0.565 ms
    const stats = parseFping(read('fping-loss-handmade.out'));
    expect(stats).toMatchObject({ sent: 5, received: 2, loss: 0.6 });
    expect(stats?.rtt?.avg).toBeCloseTo(0.000565, 12);
    expect(parseFping(read('fping-down-handmade.out'))).toEqual({ sent: 3, received: 0, loss: 1 });
  });

  it('finds nothing in output without a result line or for another host', () => {
    expect(parseFping(read('fping-unknown-host.out'))).toBeUndefined();
    expect(parseFping(read('fping-127.0.0.1.out'), '10.1.1.1')).toBeUndefined();
  });
});

describe('parseIputilsPing', () => {
  it('reads recorded iputils output for IPv4 and IPv6', () => {
    const v4 = parseIputilsPing(read('ping-127.0.0.1.out'));
    expect(v4).toMatchObject({ sent: 5, received: 5, loss: 0 });
    expect(v4?.rtt?.avg).toBeCloseTo(0.000035, 12);
    const v6 = parseIputilsPing(read('ping-ipv6.out'));
    expect(v6).toMatchObject({ sent: 3, received: 3, loss: 0 });
    expect(v6?.rtt?.max).toBeCloseTo(0.000056, 12);
  });

  it('reads partial and total loss, with errors', () => {
    expect(parseIputilsPing(read('ping-loss-handmade.out'))).toMatchObject({ sent: 5, received: 2, loss: 0.6 });
    expect(parseIputilsPing(read('ping-down-handmade.out'))).toEqual({ sent: 3, received: 0, loss: 1 });
    expect(parseIputilsPing(read('ping-unknown-host.out'))).toBeUndefined();
  });
});

describe('judgePing (check_ping semantics)', () => {
  const stats = { sent: 5, received: 3, loss: 0.4, rtt: { min: 0.05, avg: 0.1, max: 0.15 } };
  const judge = (input: unknown) => judgePing(stats, pingParamsSchema.parse(input), 'h');

  it('alerts when loss or rtt reaches a limit (≥), critical first', () => {
    expect(judge({}).status).toBe('ok');
    expect(judge({ warn: { loss: 40 } })).toMatchObject({
      status: 'warning',
      summary: expect.stringContaining('warning limit loss ≥ 40%'),
    });
    expect(judge({ warn: { loss: 41 } }).status).toBe('ok');
    expect(judge({ warn: { rtt: '100ms' } }).status).toBe('warning');
    expect(judge({ warn: { rtt: 101 } }).status).toBe('ok');
    expect(judge({ warn: { loss: 10 }, crit: { rtt: '50ms' } }).status).toBe('critical');
  });

  it('is critical when nothing came back, whatever the limits', () => {
    expect(judgePing({ sent: 5, received: 0, loss: 1 }, {}, 'h')).toMatchObject({
      status: 'critical',
      summary: 'h: no reply to 5 echo requests (100% packet loss)',
      samples: [{ name: 'ping.packet_loss', value: 1, unit: '1', labels: { host: 'h' } }],
    });
  });

  it('reports rtt in seconds and loss as a ratio', () => {
    expect(judge({}).samples).toEqual([
      { name: 'ping.rtt', value: 0.1, unit: 's', labels: { host: 'h' } },
      { name: 'ping.packet_loss', value: 0.4, unit: '1', labels: { host: 'h' } },
    ]);
  });
});

describe('ping probe', () => {
  const dir = mkdtempSync(join(tmpdir(), 'warden-ping-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A stand-in program that records its argv next to itself and prints a recorded answer. */
  function fake(name: string, fixture: string, toStderr: boolean, exit = 0): string {
    const path = join(dir, name);
    const source = new URL(`${fixture}.out`, fixtures).pathname;
    writeFileSync(path, `#!/bin/sh\nprintf '%s\\n' "$@" > "$0.args"\ncat '${source}'${toStderr ? ' >&2' : ''}\nexit ${exit}\n`);
    chmodSync(path, 0o755);
    return path;
  }
  const argsOf = (path: string) => readFileSync(`${path}.args`, 'utf8').trimEnd().split('\n');
  const run = (options: PingProbeOptions, input: unknown, asset: Asset = local) =>
    Promise.resolve(createPingProbe(options).run(asset, pingParamsSchema.parse(input), createContext(createFakeClock())));

  it('prefers fping and passes the host as one argument', async () => {
    const fping = fake('fping', 'fping-127.0.0.1', true);
    const result = await run({ fping, ping: '/nonexistent' }, { count: 5 });
    expect(result.status).toBe('ok');
    expect(result.summary).toBe('127.0.0.1: 0% packet loss, rtt avg 0.041 ms (5/5 replies)');
    expect(argsOf(fping)).toEqual(['-C', '5', '-q', '-p', '200', '-t', '1000', '127.0.0.1']);
  });

  it('uses ping when fping is absent', async () => {
    const ping = fake('ping', 'ping-loss-handmade', false, 1);
    const result = await run({ fping: false, ping }, { count: 5, timeout: '4s', crit: { loss: 50 } });
    expect(result).toMatchObject({ status: 'critical', summary: expect.stringContaining('60% packet loss') });
    expect(argsOf(ping)).toEqual(['-n', '-c', '5', '-i', '0.2', '-W', '1', '-w', '4', '127.0.0.1']);
  });

  it('is unknown quoting the tool when the host does not resolve', async () => {
    const ping = fake('ping-bad', 'ping-unknown-host', false, 2);
    expect(await run({ fping: false, ping }, { host: 'no-such-host.invalid' })).toMatchObject({
      status: 'unknown',
      summary: 'ping no-such-host.invalid failed (exit code 2): ping: no-such-host.invalid: Name or service not known',
    });
  });

  it('refuses a host that would be read as an option, without running anything', async () => {
    const fping = fake('fping-never', 'fping-127.0.0.1', true);
    expect(await run({ fping }, { host: '-f' })).toMatchObject({ status: 'unknown', code: 'ERR_CONFIG_INVALID' });
    expect(await run({ fping }, {}, { id: 'x', kind: 'host', address: 'a b' })).toMatchObject({ status: 'unknown' });
    expect(() => readFileSync(`${fping}.args`)).toThrow();
  });

  it('says what to install when neither tool exists', async () => {
    expect(await run({ fping: false, ping: false }, {})).toMatchObject({
      status: 'unknown',
      code: 'ERR_NOT_FOUND',
      summary: expect.stringContaining('fping'),
    });
  });

  it('refuses unknown keys and out-of-range limits', () => {
    expect(pingParamsSchema.safeParse({ count: 0 }).success).toBe(false);
    expect(pingParamsSchema.safeParse({ warn: { loss: 120 } }).success).toBe(false);
    expect(pingParamsSchema.safeParse({ warn: { latency: 1 } }).success).toBe(false);
    expect(pingParamsSchema.safeParse({ interval: 1 }).success).toBe(false);
    expect(pingParamsSchema.parse({})).toMatchObject({ count: 5, timeout: 10_000 });
  });
});
