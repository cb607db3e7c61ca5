import { type Asset, type HookContext, WardenError } from '@warden/core';
import { z } from 'zod';
import type { AcmePduAssetConfig } from './options.js';
import { getJson, type JsonResponse, TransportError } from './transport/http-json.js';

/** One outlet, as the PDU's `GET /api/v1/status` reports it. */
export const outletSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  state: z.enum(['on', 'off']),
  /** Amperes. */
  current: z.number(),
  /** Watts. */
  power: z.number(),
  /** Watt-hours since the counter was last reset. */
  energy: z.number(),
});

/** The PDU's status document. Unknown fields are ignored: firmware updates add fields. */
export const statusSchema = z.object({
  model: z.string(),
  serial: z.string(),
  firmware: z.string(),
  inlet: z.object({ voltage: z.number(), current: z.number() }),
  outlets: z.array(outletSchema),
});

/** An outlet. */
export type Outlet = z.infer<typeof outletSchema>;
/** The status document. */
export type PduStatus = z.infer<typeof statusSchema>;

/**
 * Reads `GET /api/v1/status` from the asset's PDU. Every failure is a {@link WardenError}
 * with the code a user can act on: `ERR_AUTH` (token refused), `ERR_TIMEOUT`,
 * `ERR_UNREACHABLE`, `ERR_PROTOCOL` (not the JSON we know), `ERR_ABORTED`.
 *
 * @param asset - the PDU (its `address` and `acme-pdu` block)
 * @param ctx - the hook context: its signal is honoured, its secrets reveal the token
 * @param timeoutMs - request timeout
 * @returns the parsed status
 * @throws WardenError as above
 */
export async function readStatus(asset: Asset, ctx: HookContext, timeoutMs: number): Promise<PduStatus> {
  const config = asset['acme-pdu'] as AcmePduAssetConfig | undefined;
  if (!config) throw new WardenError('ERR_CONFIG_INVALID', `asset ${asset.id} has no \`acme-pdu\` block; add { token } to it`);
  const tls = config.tls ?? true;
  const host = asset.address ?? asset.id;
  const url = new URL(
    `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${config.port ?? (tls ? 443 : 80)}/api/v1/status`,
  );
  const where = `acme-pdu on ${asset.id} (${url})`;
  // Reveal the token at the moment of use only; Warden scrubs it from any error text.
  const token = await ctx.secrets.reveal(config.token);
  let response: JsonResponse;
  try {
    response = await getJson(url, { authorization: `Bearer ${token}`, accept: 'application/json' }, ctx.signal, timeoutMs);
  } catch (err) {
    const failure = err instanceof TransportError ? err.failure : { kind: 'network' as const, code: String(err) };
    if (failure.kind === 'aborted') throw new WardenError('ERR_ABORTED', `${where}: aborted`, { cause: err });
    if (failure.kind === 'timeout') throw new WardenError('ERR_TIMEOUT', `${where}: no answer within ${timeoutMs} ms`, { cause: err });
    throw new WardenError('ERR_UNREACHABLE', `${where}: ${failure.code}; check the address, port and tls setting`, { cause: err });
  }
  if (response.status === 401 || response.status === 403) {
    throw new WardenError('ERR_AUTH', `${where}: the PDU refused the token (HTTP ${response.status}); check the API token`);
  }
  if (response.status !== 200) throw new WardenError('ERR_PROTOCOL', `${where}: HTTP ${response.status}`);
  if (response.body === undefined) throw new WardenError('ERR_PROTOCOL', `${where}: the answer is not JSON`);
  const parsed = statusSchema.safeParse(response.body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WardenError(
      'ERR_PROTOCOL',
      `${where}: unexpected status document at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  return parsed.data;
}
