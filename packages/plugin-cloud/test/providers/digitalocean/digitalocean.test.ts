import type { AssetProposal } from '@warden/core';
import { secret } from '@warden/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digitalOceanProvider } from '../../../src/providers/digitalocean/provider.js';
import { providerContext } from '../../../src/providers/lookup.js';
import { createHttpTransport } from '../../../src/transport/http-transport.js';
import { hookContext } from '../../helpers/context.js';
import { recordingClock, startHttpServer, type TestServer } from '../../helpers/servers.js';

// Droplet objects in the shape of the DigitalOcean API v2 reference (list droplets example).
const droplet = (id: number, extra: Record<string, unknown> = {}) => ({
  id,
  name: `web-${id}`,
  memory: 1024,
  vcpus: 1,
  disk: 25,
  locked: false,
  status: 'active',
  created_at: '2025-11-01T10:00:00Z',
  image: { id: 1, name: '24.04 (LTS) x64', distribution: 'Ubuntu' },
  size_slug: 's-1vcpu-1gb',
  networks: {
    v4: [
      { ip_address: '10.128.192.124', netmask: '255.255.0.0', gateway: 'nil', type: 'private' },
      { ip_address: '192.241.165.154', netmask: '255.255.255.0', gateway: '192.241.165.1', type: 'public' },
    ],
    v6: [],
  },
  region: { name: 'Amsterdam 3', slug: 'ams3' },
  tags: ['web', 'env:prod'],
  vpc_uuid: '760e09ef-dc84-11e8-981e-3cfdfeaae000',
  ...extra,
});

let server: TestServer;
let throttled = 0;
let malformed = false;
const actions: unknown[] = [];
const http = createHttpTransport();
const NOW = Date.parse('2026-01-01T00:00:00Z');
const ctx = () => providerContext(hookContext({ clock: recordingClock(NOW) }), http);

beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.headers.authorization !== 'Bearer dop_v1_test') return json(401, { id: 'Unauthorized', message: 'Unable to authenticate you' });
    if (throttled > 0) {
      throttled--;
      return res
        .writeHead(429, { 'retry-after': '1', 'ratelimit-remaining': '0' })
        .end('{"id":"too_many_requests","message":"API Rate limit exceeded."}');
    }
    if (malformed) return res.writeHead(200, { 'content-type': 'application/json' }).end('{"droplets": [');
    const url = new URL(req.url, server.url);
    if (url.pathname === '/v2/droplets') {
      const page = Number(url.searchParams.get('page') ?? 1);
      const all =
        url.searchParams.get('tag_name') === 'db'
          ? [droplet(9, { tags: ['db'] })]
          : [droplet(1), droplet(2, { region: { slug: 'nyc1' } }), droplet(3, { status: 'off' })];
      const per = 2;
      const next = page * per < all.length ? `https://api.digitalocean.com/v2/droplets?page=${page + 1}&per_page=${per}` : undefined;
      return json(200, {
        droplets: all.slice((page - 1) * per, page * per),
        links: { pages: next ? { next } : {} },
        meta: { total: all.length },
      });
    }
    const one = /^\/v2\/droplets\/(\d+)$/.exec(url.pathname);
    if (one)
      return one[1] === '404'
        ? json(404, { id: 'not_found', message: 'The resource you were accessing could not be found.' })
        : json(200, { droplet: droplet(Number(one[1]), { status: 'off' }) });
    const act = /^\/v2\/droplets\/(\d+)\/actions$/.exec(url.pathname);
    if (act && req.method === 'POST') {
      actions.push(JSON.parse(req.body));
      return json(201, { action: { id: 36804636, status: 'in-progress', type: JSON.parse(req.body).type, resource_id: Number(act[1]) } });
    }
    const metric = /^\/v2\/monitoring\/metrics\/droplet\/(\w+)$/.exec(url.pathname);
    if (metric) {
      const values: Record<string, Array<[number, string]>> = {
        load_1: [
          [1767225000, '0.5'],
          [1767225060, '0.75'],
        ],
        memory_total: [[1767225060, '1073741824']],
        memory_available: [[1767225060, '268435456']],
      };
      return json(200, {
        status: 'success',
        data: {
          resultType: 'matrix',
          result: [{ metric: { host_id: url.searchParams.get('host_id') }, values: values[metric[1] as string] ?? [] }],
        },
      });
    }
    return json(404, { id: 'not_found', message: 'nope' });
  });
});
afterAll(async () => {
  await http.close();
  await server.close();
});

const provider = (token = 'dop_v1_test') => digitalOceanProvider({ token: secret.value(token), endpoint: server.url });
async function all(iterable: AsyncIterable<AssetProposal>) {
  const out: AssetProposal[] = [];
  for await (const p of iterable) out.push(p);
  return out;
}
async function rejection(promise: Promise<unknown>): Promise<Error & { code: string }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code: string };
  }
  throw new Error('expected a rejection');
}

describe('DigitalOcean provider', () => {
  it('lists droplets across pages as assets, tags → labels', async () => {
    const found = await all(provider().discover({}, ctx()));
    expect(found.map((p) => p.id)).toEqual(['digitalocean:1', 'digitalocean:2', 'digitalocean:3']);
    expect(found[0]).toEqual({
      id: 'digitalocean:1',
      kind: 'cloud-instance',
      name: 'web-1',
      address: '10.128.192.124',
      labels: { provider: 'digitalocean', web: 'true', env: 'prod', region: 'ams3' },
      facts: {
        state: 'active',
        instanceType: 's-1vcpu-1gb',
        region: 'ams3',
        vcpus: 1,
        memoryMiB: 1024,
        os: 'Ubuntu',
        osVersion: '24.04 (LTS) x64',
        launchTime: '2025-11-01T10:00:00Z',
      },
      cloud: { provider: 'digitalocean', id: '1', region: 'ams3' },
    });
    expect((await all(provider().discover({ regions: ['nyc1'] }, ctx()))).map((p) => p.id)).toEqual(['digitalocean:2']);
    expect((await all(provider().discover({ filters: { tag: ['db'] } }, ctx()))).map((p) => p.id)).toEqual(['digitalocean:9']);
  });

  it('reads status, metrics and runs power actions', async () => {
    expect(await provider().status({ assetId: 'a', id: '7' }, ctx())).toEqual({ state: 'off', checks: {}, events: [] });
    const samples = await provider().metrics({ assetId: 'a', id: '7' }, { sets: ['cpu'], windowMs: 600_000, periodSeconds: 60 }, ctx());
    expect(samples).toEqual([
      { name: 'system.memory.limit', value: 1_073_741_824, unit: 'By', timestamp: 1_767_225_060_000 },
      { name: 'system.memory.utilization', value: 0.75, unit: '1', timestamp: 1_767_225_060_000 },
      { name: 'system.cpu.load_average.1m', value: 0.75, unit: '1', timestamp: 1_767_225_060_000 },
    ]);
    expect(await provider().actions.reboot?.({ assetId: 'a', id: '7' }, ctx())).toEqual({
      ok: true,
      output: 'droplet 7: reboot in-progress (action 36804636)',
    });
    await provider().actions.stop?.({ assetId: 'a', id: '7' }, ctx());
    expect(actions).toEqual([{ type: 'reboot' }, { type: 'shutdown' }]);
  });

  it('honours 429 Retry-After, and maps 401, 404 and malformed JSON to coded errors', async () => {
    throttled = 2;
    expect((await all(provider().discover({ regions: ['ams3'] }, ctx()))).length).toBe(2);
    expect(throttled).toBe(0);
    const auth = await rejection(provider('wrong').credentials(ctx()));
    expect(auth.code).toBe('ERR_AUTH');
    expect(auth.message).not.toContain('wrong');
    expect((await rejection(provider().status({ assetId: 'a', id: '404' }, ctx()))).code).toBe('ERR_NOT_FOUND');
    malformed = true;
    try {
      const err = await rejection(all(provider().discover({}, ctx())));
      expect(err.code).toBe('ERR_PROTOCOL');
      expect(err.message).toContain(`GET ${server.url}/v2/droplets`);
    } finally {
      malformed = false;
    }
  });

  it('spaces calls by its own rate limit (per token), on Warden’s clock', async () => {
    let now = NOW;
    const waits: number[] = [];
    const clock = {
      now: () => now,
      setTimer(fn: () => void, delayMs: number) {
        waits.push(delayMs);
        now += delayMs;
        setImmediate(fn);
        return { cancel() {} };
      },
    };
    const limited = digitalOceanProvider({ token: secret.value('dop_v1_test'), endpoint: server.url, requestsPerSecond: 1 });
    const pctx = providerContext(hookContext({ clock }), http);
    for (const id of ['1', '2', '3', '4']) expect((await limited.status({ assetId: 'a', id }, pctx)).state).toBe('off');
    expect(waits).toEqual([1000, 1000]); // a burst of two, then one a second
  });
});
