import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatNagios, parseNagiosOutput } from '../../src/checks/nagios-output.js';
import type { CheckResult } from '../../src/checks/types.js';

const fixture = (name: string): [string, number] => {
  const dir = new URL('../fixtures/nagios/', import.meta.url);
  return [readFileSync(new URL(`${name}.out`, dir), 'utf8'), Number(readFileSync(new URL(`${name}.exit`, dir), 'utf8'))];
};
const parse = (name: string): CheckResult => parseNagiosOutput(...fixture(name));

describe('parseNagiosOutput on recorded Monitoring Plugins output', () => {
  it('maps check_dummy exit codes 0–3 to statuses', () => {
    expect(parse('check_dummy-ok')).toEqual({ status: 'ok', summary: 'OK: all fine' });
    expect(parse('check_dummy-warning')).toEqual({ status: 'warning', summary: 'WARNING: getting warm' });
    expect(parse('check_dummy-critical')).toEqual({ status: 'critical', summary: 'CRITICAL: on fire' });
    expect(parse('check_dummy-unknown')).toEqual({ status: 'unknown', summary: 'UNKNOWN: no idea' });
    expect(parse('check_dummy-bad-state').summary).toBe('UNKNOWN: Status 7 is not a supported error state');
  });

  it('reads check_disk byte perfdata with warn, crit, min and max', () => {
    const result = parse('check_disk-multi');
    expect(result.status).toBe('ok');
    expect(result.summary).toBe('DISK OK - free space: / 81205MiB (78% inode=97%); /dev/shm 24152MiB (100% inode=99%);');
    expect(result.samples).toEqual([
      { name: 'nagios.perfdata', value: 23793238016, unit: 'By', labels: { label: '/' } },
      { name: 'nagios.perfdata', value: 0, unit: 'By', labels: { label: '/dev/shm' } },
    ]);
  });

  it('reads check_load with a trailing space and three items', () => {
    const result = parse('check_load');
    expect(result.summary).toBe('LOAD OK - total load average: 1.46, 0.64, 0.26');
    expect(result.samples?.map((s) => [s.labels?.label, s.value, s.unit])).toEqual([
      ['load1', 1.46, '1'],
      ['load5', 0.64, '1'],
      ['load15', 0.26, '1'],
    ]);
    expect(result.details).toBeUndefined();
  });

  it('converts ms and s to seconds and keeps % (check_ping, check_tcp)', () => {
    const ping = parse('check_ping');
    expect(ping.samples?.[0]).toMatchObject({ labels: { label: 'rta' }, unit: 's' });
    expect(ping.samples?.[0]?.value).toBeCloseTo(0.000042, 12);
    expect(ping.samples?.[1]).toEqual({ name: 'nagios.perfdata', value: 0, unit: '%', labels: { label: 'pl' } });
    expect(parse('check_tcp-ok').samples).toEqual([{ name: 'nagios.perfdata', value: 0.000188, unit: 's', labels: { label: 'time' } }]);
  });

  it('keeps the plugin status when the text disagrees, and reads perfdata with range thresholds', () => {
    expect(parse('check_tcp-mismatch')).toMatchObject({
      status: 'warning',
      summary: 'TCP WARNING - Unexpected response from host/socket: SSH-2.0-fake',
    });
    expect(parse('check_procs-thresholds').samples).toEqual([{ name: 'nagios.perfdata', value: 2, unit: '1', labels: { label: 'procs' } }]);
    expect(parse('check_users').samples?.[0]?.value).toBe(0);
    expect(parse('check_swap')).toMatchObject({ status: 'critical', samples: [{ value: 0, unit: 'By', labels: { label: 'swap' } }] });
  });

  it('reads output without perfdata', () => {
    expect(parse('check_tcp-refused')).toEqual({
      status: 'critical',
      summary: 'connect to address 127.0.0.1 and port 36113: Connection refused',
    });
    expect(parse('check_tcp-timeout')).toEqual({ status: 'critical', summary: 'CRITICAL - Socket timeout after 1 seconds' });
  });

  it('adds labels and a metric name to the samples', () => {
    const result = parseNagiosOutput(...fixture('check_procs'), { metric: 'nagios.procs', labels: { plugin: 'check_procs' } });
    expect(result.samples).toEqual([{ name: 'nagios.procs', value: 81, unit: '1', labels: { plugin: 'check_procs', label: 'procs' } }]);
  });
});

describe('parseNagiosOutput: the multi-line format', () => {
  it('splits long output from the perfdata that follows a | in it', () => {
    const result = parse('handmade-multiline');
    expect(result.summary).toBe('DISK OK - free space: / 3326 MB (56%);');
    expect(result.details).toBe(['/ 15272 MB (77%);', '/boot 68 MB (69%);', '/home 69357 MB (27%);', '/var/log 819 MB (84%);'].join('\n'));
    expect(result.samples?.map((s) => [s.labels?.label, s.value, s.unit])).toEqual([
      ['/', 2643, 'MBy'],
      ['/boot', 68, 'MBy'],
      ['/home', 69357, 'MBy'],
      ['/var/log', 818, 'MBy'],
    ]);
  });

  it('handles CRLF line ends', () => {
    const result = parse('handmade-crlf');
    expect(result).toEqual({
      status: 'ok',
      summary: 'OK - windows line endings',
      details: 'second line',
      samples: [{ name: 'nagios.perfdata', value: 0.001, unit: 's', labels: { label: 't' } }],
    });
  });
});

describe('parseNagiosOutput: perfdata edge cases', () => {
  it('keeps the status of a plugin with broken perfdata and quotes every broken token', () => {
    const result = parse('handmade-broken-perfdata');
    expect(result.status).toBe('warning');
    expect(result.summary).toBe('APP WARNING - queue is long');
    expect(result.samples).toEqual([
      { name: 'nagios.perfdata', value: 1200, unit: '1', labels: { label: 'queue length' } },
      { name: 'nagios.perfdata', value: 3, unit: '1', type: 'counter', labels: { label: "it's" } },
    ]);
    const details = result.details ?? '';
    for (const token of ['"bogus"', '"=5"', `"'x y'=abc"`, '"lat=12,5ms"', `"'unterminated=4"`]) expect(details).toContain(token);
    // `retries=U` is well-formed (undetermined value): no sample, no complaint.
    expect(details).not.toContain('retries');
  });

  it('reads quoted labels, every listed UOM, missing and trailing fields', () => {
    const text = "OK | 'a b'=1s;;;; c=2ms d=3us e=4% f=5B g=6KB h=7MB i=8TB j=9c k=10 l=-1.5e2;~:10;@5:6 m=0.5GB;1;2;0;100 n=3Cel";
    const byLabel = new Map(parseNagiosOutput(text, 0).samples?.map((s) => [s.labels?.label, s]));
    expect(byLabel.get('a b')).toMatchObject({ value: 1, unit: 's' });
    expect(byLabel.get('c')?.value).toBeCloseTo(0.002, 12);
    expect(byLabel.get('d')?.value).toBeCloseTo(0.000003, 15);
    expect(byLabel.get('e')).toMatchObject({ value: 4, unit: '%' });
    expect(byLabel.get('f')).toMatchObject({ value: 5, unit: 'By' });
    expect(byLabel.get('g')).toMatchObject({ value: 6, unit: 'kBy' });
    expect(byLabel.get('h')).toMatchObject({ value: 7, unit: 'MBy' });
    expect(byLabel.get('i')).toMatchObject({ value: 8, unit: 'TBy' });
    expect(byLabel.get('j')).toMatchObject({ value: 9, unit: '1', type: 'counter' });
    expect(byLabel.get('k')).toMatchObject({ value: 10, unit: '1' });
    expect(byLabel.get('l')).toMatchObject({ value: -150 });
    expect(byLabel.get('m')).toMatchObject({ value: 0.5, unit: 'GBy' });
    expect(byLabel.get('n')).toMatchObject({ value: 3, unit: '{Cel}' });
    expect(byLabel.size).toBe(13);
  });

  it('notes a non-numeric min or max but keeps the value', () => {
    const result = parseNagiosOutput('OK | x=1;;;zero;10', 0);
    expect(result.samples?.[0]?.value).toBe(1);
    expect(result.details).toContain('"x=1;;;zero;10"');
  });
});

describe('parseNagiosOutput: what is wrong is said', () => {
  it('turns exit code 137 into unknown, quoting it and the output', () => {
    const result = parse('handmade-garbage');
    expect(result.status).toBe('unknown');
    expect(result.summary).toContain('code 137');
    expect(result.summary).toContain('Segmentation fault (core dumped)');
    // Control characters in the output are replaced, not passed on to logs.
    expect(result.details).toBe('\uFFFD\uFFFDgarbage\uFFFD');
  });

  it('turns -1, 4, a fraction and a signal into unknown', () => {
    expect(parseNagiosOutput('OK: fine', -1)).toMatchObject({ status: 'unknown', summary: expect.stringContaining('code -1') });
    expect(parseNagiosOutput('OK: fine', 4).summary).toContain('"OK: fine"');
    expect(parseNagiosOutput('OK: fine', 1.5).status).toBe('unknown');
    expect(parseNagiosOutput('OK: fine', null, { signal: 'SIGSEGV' })).toMatchObject({
      status: 'unknown',
      summary: 'plugin was killed by signal SIGSEGV: "OK: fine"',
    });
  });

  it('makes empty output unknown, whatever the exit code', () => {
    expect(parse('handmade-empty')).toEqual({ status: 'unknown', summary: 'no output from plugin (exit code 0)' });
    expect(parseNagiosOutput(' \n\n', 2)).toEqual({ status: 'unknown', summary: 'no output from plugin (exit code 2)' });
  });

  it('never throws on arbitrary input', () => {
    let seed = 7;
    const alphabet = "ab '=;|%\n\r~@:.-0123456789U";
    for (let run = 0; run < 500; run++) {
      let text = '';
      for (let i = 0; i < 60; i++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        text += alphabet[seed % alphabet.length];
      }
      expect(() => parseNagiosOutput(text, run % 5)).not.toThrow();
    }
  });
});

describe('formatNagios', () => {
  it('writes STATUS: summary | perfdata, the details and the exit code', () => {
    const out = formatNagios({
      status: 'warning',
      summary: 'disk / at 85%',
      details: 'line one\nline | two',
      samples: [
        { name: 'system.filesystem.utilization', value: 85, unit: '%', labels: { mountpoint: '/' } },
        { name: 'tcp.connect.duration', value: 0.0002, unit: 's' },
        { name: 'bytes', value: 1e21, unit: 'By' },
        { name: 'x', value: 1e-7, unit: '1', type: 'counter' },
      ],
    });
    expect(out.exitCode).toBe(1);
    expect(out.output).toBe(
      "WARNING: disk / at 85% | 'system.filesystem.utilization{mountpoint=/}'=85% tcp.connect.duration=0.0002s bytes=1000000000000000000000B x=0.0000001c\n" +
        'line one\nline ¦ two\n',
    );
  });

  it('round-trips parsed plugin output', () => {
    for (const name of ['check_load', 'check_disk-multi', 'handmade-multiline', 'check_ping', 'handmade-broken-perfdata']) {
      const parsed = parse(name);
      const { output, exitCode } = formatNagios(parsed);
      const again = parseNagiosOutput(output, exitCode);
      expect(again.status).toBe(parsed.status);
      expect(again.samples?.map((s) => [s.labels?.label, s.unit, s.type])).toEqual(
        parsed.samples?.map((s) => [s.labels?.label, s.unit, s.type]),
      );
      again.samples?.forEach((sample, i) => {
        expect(sample.value).toBeCloseTo(parsed.samples?.[i]?.value as number, 12);
      });
    }
  });

  it('keeps a | in the summary out of the perfdata and quotes labels with quotes', () => {
    const { output } = formatNagios({
      status: 'critical',
      summary: 'a | b\nsecond',
      samples: [{ name: 'nagios.perfdata', value: 1, labels: { label: "it's" } }],
    });
    expect(output).toBe("CRITICAL: a ¦ b second | 'it''s'=1\n");
    expect(parseNagiosOutput(output, 2).samples?.[0]?.labels?.label).toBe("it's");
  });
});
