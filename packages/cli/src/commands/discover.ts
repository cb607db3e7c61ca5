import { type AssetProposal, createWarden, type DiscoveryProgressEvent, secret, type Warden } from '@warden/core';
import { stringify } from 'yaml';
import { buildWarden } from '../config/build.js';
import { loadConfig } from '../config/load.js';
import { BUNDLED_PLUGINS } from '../config/plugins.js';
import { toSecretRefs } from '../config/secrets.js';
import type { CliIo } from '../io.js';
import { progressBar } from '../output/progress.js';
import { type ParsedArgs, UsageError } from '../usage.js';
import { integerValue, keyValues, stringValue, stringValues } from './shared.js';

const SNMP_ONLY = ['community', 'community-env', 'snmp-version', 'port', 'timeout', 'retries', 'concurrency'];
const CLOUD_ONLY = ['region', 'filter'];

/**
 * `warden discover snmp|cloud`: runs the plugin's discoverer and prints the proposals as config.
 *
 * @param args - parsed arguments
 * @param io - streams, and the signal that stops a sweep early
 * @returns 0 (also when nothing was found: a note says so on stderr)
 */
export async function discoverCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const [source, ...rest] = args.positionals;
  if (source !== 'snmp' && source !== 'cloud')
    throw new UsageError('say what to discover: `discover snmp <address|cidr>…` or `discover cloud <provider>`', 'discover');
  for (const name of source === 'snmp' ? CLOUD_ONLY : SNMP_ONLY) {
    if (args.values[name] !== undefined) throw new UsageError(`--${name} does not apply to discover ${source}`, 'discover');
  }
  const labels = keyValues(stringValues(args, 'label'), 'label', 'discover');
  const { discoverer, params } = source === 'snmp' ? snmpParams(args, rest, labels) : cloudParams(args, rest);
  const warden = await makeWarden(args, io, source);
  const bar = progressBar(io.stderr, discoverer);
  const onProgress = (e: DiscoveryProgressEvent): void => bar.update(e.done, e.total, `found ${e.found}`);
  warden.on('discovery:progress', onProgress);
  const found: AssetProposal[] = [];
  try {
    for await (const proposal of warden.discover(discoverer as never, params as never, io.signal ? { signal: io.signal } : {})) {
      found.push(
        source === 'cloud' && Object.keys(labels).length > 0 ? { ...proposal, labels: { ...proposal.labels, ...labels } } : proposal,
      );
    }
  } catch (err) {
    if (!io.signal?.aborted) throw err; // stopped by SIGINT: print what was found so far
  } finally {
    bar.done();
    warden.off('discovery:progress', onProgress);
    await warden.stop();
  }
  const assets = found.map((proposal) => toSecretRefs(proposal));
  if (args.values.json === true) io.stdout.write(`${JSON.stringify({ assets }, null, 2)}\n`);
  else {
    const what = `${found.length} asset${found.length === 1 ? '' : 's'} found by ${discoverer}`;
    io.stdout.write(`# ${what}; paste under \`assets:\` in your config\n${stringify({ assets }, { lineWidth: 0 })}`);
  }
  if (io.signal?.aborted) io.stderr.write(`warden: ${discoverer} stopped early; ${found.length} found before that\n`);
  else if (found.length === 0) io.stderr.write(`warden: ${discoverer} found nothing\n`);
  return 0;
}

function snmpParams(args: ParsedArgs, targets: string[], labels: Record<string, string>) {
  if (targets.length === 0) throw new UsageError('discover snmp needs at least one address, CIDR range or host name', 'discover');
  const version = stringValue(args, 'snmp-version');
  if (version !== undefined && version !== '1' && version !== '2c')
    throw new UsageError(`--snmp-version ${version}: expected 1 or 2c`, 'discover');
  const communities = [...stringValues(args, 'community'), ...stringValues(args, 'community-env').map((name) => secret.env(name))];
  const timeout = stringValue(args, 'timeout');
  const numbers = {
    port: integerValue(args, 'port', 'discover', [1, 65_535]),
    retries: integerValue(args, 'retries', 'discover', [0, 3]),
    concurrency: integerValue(args, 'concurrency', 'discover', [1, 256]),
  };
  const params: Record<string, unknown> = { targets };
  for (const [key, value] of Object.entries(numbers)) if (value !== undefined) params[key] = value;
  if (version !== undefined) params.version = version;
  if (communities.length > 0) params.communities = communities;
  if (timeout !== undefined) params.timeout = /^\d+$/.test(timeout) ? Number(timeout) : timeout;
  if (Object.keys(labels).length > 0) params.labels = labels;
  return { discoverer: 'snmp.sweep', params };
}

function cloudParams(args: ParsedArgs, rest: string[]) {
  if (rest.length !== 1) throw new UsageError('discover cloud takes one provider name, e.g. `discover cloud aws`', 'discover');
  const filters: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(keyValues(stringValues(args, 'filter'), 'filter', 'discover'))) {
    filters[name] = [...(filters[name] ?? []), ...values.split(',')];
  }
  const regions = stringValues(args, 'region');
  return {
    discoverer: 'cloud.inventory',
    params: { provider: rest[0], ...(regions.length > 0 ? { regions } : {}), ...(Object.keys(filters).length > 0 ? { filters } : {}) },
  };
}

async function makeWarden(args: ParsedArgs, io: CliIo, plugin: 'snmp' | 'cloud'): Promise<Warden> {
  const config = stringValue(args, 'config');
  if (config === undefined) return createWarden({ plugins: [BUNDLED_PLUGINS[plugin]()], selfMetricsEvery: 0 });
  const loaded = await loadConfig(config, { ...(io.cwd ? { cwd: io.cwd } : {}), command: 'discover' });
  const { warden } = await buildWarden(loaded, { require: [plugin] });
  return warden;
}
