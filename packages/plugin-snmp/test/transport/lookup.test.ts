import { describe, expect, it } from 'vitest';
import { lookup } from '../../src/transport/shared-socket.js';

type Answer = { err: NodeJS.ErrnoException | null; address: string; family: number };

function ask(hostname: string, options: Parameters<typeof lookup>[1]): { sync: Answer | undefined; answer: Promise<Answer> } {
  let sync: Answer | undefined;
  let settled = false;
  const answer = new Promise<Answer>((resolve) => {
    lookup(hostname, options, (err, address, family) => {
      const got = { err, address, family };
      if (!settled) sync = got;
      resolve(got);
    });
  });
  settled = true;
  return { sync, answer };
}

describe('the shared sockets’ address lookup', () => {
  it('answers an IPv4 literal at once, as dgram calls it (family 4) and with options', async () => {
    for (const options of [4, { family: 4 }, {}] as const) {
      const { sync } = ask('127.0.0.1', options);
      expect(sync).toEqual({ err: null, address: '127.0.0.1', family: 4 });
    }
  });

  it('hands anything else to dns.lookup (answered later, not at once)', async () => {
    const { sync, answer } = ask('localhost', 4);
    expect(sync).toBeUndefined();
    const { err, address, family } = await answer;
    expect(err).toBeNull();
    expect(family).toBe(4);
    expect(address).toMatch(/^127\./);
  });

  it('does not take an IPv6 literal for an IPv4 one: dns.lookup answers it, later', async () => {
    const { sync, answer } = ask('::1', 4);
    expect(sync).toBeUndefined();
    expect(await answer).toMatchObject({ address: '::1', family: 6 });
  });
});
