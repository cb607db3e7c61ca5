import { Resolver } from 'node:dns/promises';
import { HttpError } from './errors.js';

/** Record types the `cloud.dns` probe asks for. */
export type DnsRecordType = 'A' | 'AAAA' | 'CNAME' | 'MX' | 'NS' | 'TXT';

/** One DNS question. */
export interface DnsQuestion {
  /** Name to resolve. */
  name: string;
  /** Record type. */
  type: DnsRecordType;
  /** Servers (`'10.0.0.53'`, `'127.0.0.1:5353'`); the system's when absent. */
  servers?: readonly string[] | undefined;
  /** Per-try timeout in ms (c-ares retries once more). */
  timeoutMs: number;
  /** Cancels the query. */
  signal?: AbortSignal | undefined;
}

/**
 * Resolves one name with c-ares (not the system's `getaddrinfo`), so a given server is really
 * asked and the answer is the record set, not whatever `/etc/hosts` says.
 *
 * @param question - name, type, servers, timeout, signal
 * @returns the answers as text (`10.0.0.5`, `10 mx.example.com`, TXT chunks joined)
 * @throws HttpError `ERR_NOT_FOUND` (NXDOMAIN or no data), `ERR_TIMEOUT`, `ERR_UNREACHABLE` (refused, server failure), `ERR_ABORTED`
 */
export async function dnsQuery(question: DnsQuestion): Promise<string[]> {
  const endpoint = `DNS ${question.type} ${question.name}${question.servers?.length ? ` @${question.servers.join(',')}` : ''}`;
  if (question.signal?.aborted) throw new HttpError('ERR_ABORTED', `${endpoint}: aborted`, { endpoint });
  const resolver = new Resolver({ timeout: question.timeoutMs, tries: 2 });
  if (question.servers?.length) resolver.setServers([...question.servers]);
  const onAbort = (): void => resolver.cancel();
  question.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    switch (question.type) {
      case 'A':
        return await resolver.resolve4(question.name);
      case 'AAAA':
        return await resolver.resolve6(question.name);
      case 'CNAME':
        return await resolver.resolveCname(question.name);
      case 'NS':
        return await resolver.resolveNs(question.name);
      case 'MX':
        return (await resolver.resolveMx(question.name))
          .sort((a, b) => a.priority - b.priority)
          .map((mx) => `${mx.priority} ${mx.exchange}`);
      case 'TXT':
        return (await resolver.resolveTxt(question.name)).map((chunks) => chunks.join(''));
      default: {
        const unknown: never = question.type;
        throw new HttpError('ERR_CONFIG_INVALID', `${endpoint}: unsupported record type ${String(unknown)}`, { endpoint });
      }
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code === 'ECANCELLED' || question.signal?.aborted)
      throw new HttpError('ERR_ABORTED', `${endpoint}: aborted`, { endpoint, cause: err });
    if (code === 'ENOTFOUND' || code === 'ENODATA')
      throw new HttpError('ERR_NOT_FOUND', `${endpoint}: ${code === 'ENOTFOUND' ? 'no such name (NXDOMAIN)' : 'no records of that type'}`, {
        endpoint,
        cause: err,
      });
    if (code === 'ETIMEOUT')
      throw new HttpError('ERR_TIMEOUT', `${endpoint}: no answer within ${question.timeoutMs} ms (2 tries)`, { endpoint, cause: err });
    throw new HttpError('ERR_UNREACHABLE', `${endpoint}: ${code || (err as Error).message}`, { endpoint, cause: err });
  } finally {
    question.signal?.removeEventListener('abort', onAbort);
  }
}
