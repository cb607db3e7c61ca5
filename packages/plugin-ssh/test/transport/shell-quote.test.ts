import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { quoteArg, quoteArgv, quoteEnv } from '../../src/transport/shell-quote.js';

const HOSTILE = [
  'nginx; rm -rf /',
  '$(reboot)',
  '`reboot`',
  'a\nb',
  "it's",
  '"double"',
  "'",
  '',
  '-n',
  '*',
  '~root',
  'a b\tc',
  '$HOME',
  '\\',
  'x > /tmp/warden-pwned',
  'ünïcode',
];

// The quoted line is run by a real /bin/sh (dash on Debian): every argument must come back
// as exactly one literal word.
function roundTrip(argv: string[]): string[] {
  const script = `${quoteArgv(['printf', '%s\\0', ...argv])}`;
  const out = execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('quoteArgv', () => {
  it('passes hostile strings through /bin/sh as single literal arguments', () => {
    expect(roundTrip(HOSTILE)).toEqual(HOSTILE);
  });

  it('leaves safe words unquoted and quotes the rest', () => {
    expect(quoteArgv(['systemctl', 'is-active', 'nginx.service'])).toBe('systemctl is-active nginx.service');
    expect(quoteArg('nginx; rm -rf /')).toBe("'nginx; rm -rf /'");
    expect(quoteArg("it's")).toBe("'it'\\''s'");
    expect(quoteArg('')).toBe("''");
  });

  it('refuses an empty argv and NUL bytes', () => {
    expect(() => quoteArgv([])).toThrow(/empty command/);
    expect(() => quoteArg('a\0b')).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }));
  });
});

describe('quoteEnv', () => {
  it('sets variables for the command only, values literal', () => {
    const line = `${quoteEnv({ A: '$(id)', B: "x'y" })}sh -c 'printf "%s|%s" "$A" "$B"'`;
    expect(execFileSync('/bin/sh', ['-c', line], { encoding: 'utf8' })).toBe("$(id)|x'y");
  });

  it('refuses names that would inject', () => {
    expect(() => quoteEnv({ 'A;reboot': 'x' })).toThrow(/not a shell identifier/);
    expect(quoteEnv(undefined)).toBe('');
  });
});
