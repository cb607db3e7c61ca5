import { zSecret } from '@warden/core';
import { z } from 'zod';
import { HttpError } from '../../transport/errors.js';
import { paginate } from '../../transport/paginate.js';
import { createRateLimiter } from '../../transport/rate-limit.js';
import { defineCloudProvider } from '../define-provider.js';
import type { CloudProvider, PowerAction, ProviderContext } from '../types.js';
import { type Droplet, dropletSamples, dropletToProposal, type MetricsAnswer, newestValue } from './map.js';

/** Options of the DigitalOcean provider. */
export const digitalOceanOptionsSchema = z.strictObject({
  /** A personal access token (read scope for inventory and metrics, write for actions). */
  token: zSecret(),
  /** API base URL. @defaultValue `'https://api.digitalocean.com'` */
  endpoint: z.url({ protocol: /^https?$/ }).default('https://api.digitalocean.com'),
  /** Retries of throttled (429) or failed calls. @defaultValue 5 */
  retries: z.number().int().min(0).max(10).default(5),
  /** Client-side limit of API calls per second (bursts of twice as many); the API allows 5,000 an hour. @defaultValue 5 */
  requestsPerSecond: z.number().positive().max(100).default(5),
});

/** DigitalOcean options as given. */
export type DigitalOceanOptions = z.input<typeof digitalOceanOptionsSchema>;

const ACTIONS: Record<PowerAction, string> = { start: 'power_on', stop: 'shutdown', reboot: 'reboot' };

/**
 * The DigitalOcean provider (API v2 with a token): droplets as assets (`/v2/droplets`, paged,
 * optional `tag_name` filter), droplet status, memory and load metrics from the monitoring API,
 * and power_on / shutdown / reboot droplet actions. It proves the provider interface carries a
 * cloud with a different auth (bearer token), paging (links) and payloads (JSON).
 *
 * @param options - token, endpoint, retries
 * @returns the provider, for `cloud({ providers: [digitalOceanProvider({ token })] })`
 * @throws WardenError `ERR_CONFIG_INVALID` for invalid options
 * @example
 * ```ts
 * cloud({ providers: [digitalOceanProvider({ token: secret.env('DIGITALOCEAN_TOKEN') })] });
 * ```
 */
export function digitalOceanProvider(options: DigitalOceanOptions): CloudProvider {
  const settings = digitalOceanOptionsSchema.parse(options);
  const base = settings.endpoint.replace(/\/$/, '');
  const limiter = createRateLimiter('digitalocean', settings.requestsPerSecond, settings.requestsPerSecond * 2);
  const api = async <T>(ctx: ProviderContext, path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
    const url = new URL(path, base);
    const endpoint = `${init.method ?? 'GET'} ${url.origin}${url.pathname}`;
    const token = await ctx.secrets.reveal(settings.token);
    await limiter.acquire(ctx.clock, ctx.signal);
    const res = await ctx.http.request({
      url,
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: ctx.signal,
      clock: ctx.clock,
      timeoutMs: 30_000,
      retry: { retries: settings.retries, idempotent: init.method === undefined },
    });
    const text = res.body.toString('utf8');
    let json: unknown;
    try {
      json = text === '' ? {} : JSON.parse(text);
    } catch {
      throw new HttpError('ERR_PROTOCOL', `digitalocean ${endpoint}: answer (status ${res.status}) is not JSON`, {
        endpoint,
        status: res.status,
      });
    }
    if (res.status >= 300) {
      const message = (json as { message?: string }).message ?? `status ${res.status}`;
      const code =
        res.status === 401 || res.status === 403
          ? 'ERR_AUTH'
          : res.status === 404
            ? 'ERR_NOT_FOUND'
            : res.status >= 500 || res.status === 429
              ? 'ERR_UNREACHABLE'
              : 'ERR_PROTOCOL';
      throw new HttpError(
        code,
        `digitalocean ${endpoint} failed: ${message}${code === 'ERR_AUTH' ? '; check the token and its scopes' : ''}`,
        { endpoint, status: res.status },
      );
    }
    return json as T;
  };

  return defineCloudProvider({
    name: 'digitalocean',
    async credentials(ctx) {
      await api(ctx, '/v2/account');
      return { source: 'token' };
    },
    async *discover(params, ctx) {
      const tags = params.filters?.tag ?? [undefined];
      for (const tag of tags) {
        const first = `/v2/droplets?per_page=200${tag ? `&tag_name=${encodeURIComponent(tag)}` : ''}`;
        const droplets = paginate<Droplet, string>(async (next) => {
          const page: { droplets?: Droplet[]; links?: { pages?: { next?: string } } } = await api(ctx, next ?? first);
          const link = page.links?.pages?.next;
          return { items: page.droplets ?? [], next: link ? `${new URL(link).pathname}${new URL(link).search}` : undefined };
        });
        for await (const droplet of droplets) {
          if (!params.regions || params.regions.includes(droplet.region?.slug ?? '')) yield dropletToProposal(droplet);
        }
      }
    },
    async status(target, ctx) {
      const { droplet } = await api<{ droplet: Droplet }>(ctx, `/v2/droplets/${encodeURIComponent(target.id)}`);
      return { state: droplet.status, checks: {}, events: [] };
    },
    async metrics(target, query, ctx) {
      const end = Math.floor(ctx.clock.now() / 1000);
      const start = end - Math.floor(query.windowMs / 1000);
      const wanted = [
        ...(query.sets.includes('cpu') ? (['load_1'] as const) : []),
        ...(query.sets.includes('cpu') ? (['memory_total', 'memory_available'] as const) : []),
      ];
      const values: Parameters<typeof dropletSamples>[0] = {};
      for (const metric of wanted) {
        const answer = await api<MetricsAnswer>(
          ctx,
          `/v2/monitoring/metrics/droplet/${metric}?host_id=${encodeURIComponent(target.id)}&start=${start}&end=${end}`,
        );
        const newest = newestValue(answer);
        if (newest) values[metric] = newest;
      }
      return dropletSamples(values);
    },
    actions: Object.fromEntries(
      (Object.keys(ACTIONS) as PowerAction[]).map((action) => [
        action,
        async (target: { id: string }, ctx: ProviderContext) => {
          const answer = await api<{ action?: { id?: number; status?: string } }>(
            ctx,
            `/v2/droplets/${encodeURIComponent(target.id)}/actions`,
            {
              method: 'POST',
              body: { type: ACTIONS[action] },
            },
          );
          return {
            ok: true,
            output: `droplet ${target.id}: ${ACTIONS[action]} ${answer.action?.status ?? 'accepted'} (action ${answer.action?.id ?? '?'})`,
          };
        },
      ]),
    ),
  });
}
