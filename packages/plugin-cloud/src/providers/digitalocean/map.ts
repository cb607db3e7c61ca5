import type { AssetProposal, Sample } from '@warden/core';

/** The fields of a DigitalOcean droplet object the plugin reads (API v2). */
export interface Droplet {
  /** Droplet id. */
  id: number;
  /** Droplet name. */
  name: string;
  /** `new`, `active`, `off` or `archive`. */
  status: string;
  /** Memory, MiB. */
  memory?: number;
  /** Virtual CPUs. */
  vcpus?: number;
  /** Disk, GB. */
  disk?: number;
  /** Size slug (`s-1vcpu-1gb`). */
  size_slug?: string;
  /** Creation time (ISO 8601). */
  created_at?: string;
  /** Region (`slug`: `ams3`). */
  region?: { slug?: string; name?: string };
  /** Image (distribution and name). */
  image?: { distribution?: string; name?: string };
  /** Addresses; `type` is `public` or `private`. */
  networks?: { v4?: Array<{ ip_address: string; type: string }> };
  /** Tags (`web`, `env:prod`). */
  tags?: string[];
  /** VPC id. */
  vpc_uuid?: string;
}

const labelKey = (key: string): string => key.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^([^A-Za-z_])/, '_$1');

/**
 * Maps a droplet to an asset proposal: id `digitalocean:<droplet-id>`, kind `cloud-instance`,
 * address the private IPv4 (else public), tags as labels (`env:prod` → `env=prod`, a bare tag
 * → `<tag>=true`), size/region/image as facts.
 *
 * @param droplet - the droplet object
 * @returns the proposal
 */
export function dropletToProposal(droplet: Droplet): AssetProposal {
  const v4 = droplet.networks?.v4 ?? [];
  const address = v4.find((n) => n.type === 'private')?.ip_address ?? v4.find((n) => n.type === 'public')?.ip_address;
  const labels: Record<string, string> = { provider: 'digitalocean' };
  for (const tag of droplet.tags ?? []) {
    const colon = tag.indexOf(':');
    if (colon > 0) labels[labelKey(tag.slice(0, colon))] = tag.slice(colon + 1);
    else labels[labelKey(tag)] = 'true';
  }
  const region = droplet.region?.slug;
  if (region) labels.region = region;
  const facts: Record<string, string | number> = { state: droplet.status };
  if (droplet.size_slug) facts.instanceType = droplet.size_slug;
  if (region) facts.region = region;
  if (droplet.vcpus !== undefined) facts.vcpus = droplet.vcpus;
  if (droplet.memory !== undefined) facts.memoryMiB = droplet.memory;
  if (droplet.image?.distribution) facts.os = droplet.image.distribution;
  if (droplet.image?.name) facts.osVersion = droplet.image.name;
  if (droplet.created_at) facts.launchTime = droplet.created_at;
  return {
    id: `digitalocean:${droplet.id}`,
    kind: 'cloud-instance',
    name: droplet.name,
    ...(address ? { address } : {}),
    labels,
    facts,
    cloud: { provider: 'digitalocean', id: String(droplet.id), ...(region ? { region } : {}) },
  } as AssetProposal;
}

/** A Prometheus-style matrix answer of the DigitalOcean monitoring API. */
export interface MetricsAnswer {
  /** `success` when the query ran. */
  status?: string;
  /** Series, each with `[unix seconds, "value"]` pairs. */
  data?: { resultType?: string; result?: Array<{ metric?: Record<string, string>; values?: Array<[number, string]> }> };
}

/**
 * The newest value of a monitoring answer.
 *
 * @param answer - the parsed answer
 * @returns `[timestamp ms, value]`, or undefined without data
 */
export function newestValue(answer: MetricsAnswer): [number, number] | undefined {
  let best: [number, number] | undefined;
  for (const series of answer.data?.result ?? []) {
    for (const [ts, value] of series.values ?? []) {
      const v = Number(value);
      if (Number.isFinite(v) && (!best || ts * 1000 > best[0])) best = [ts * 1000, v];
    }
  }
  return best;
}

/**
 * Droplet memory and load as canonical samples.
 *
 * @param values - newest values by metric (`memory_total`, `memory_available`, `load_1`)
 * @returns samples
 */
export function dropletSamples(values: Partial<Record<'memory_total' | 'memory_available' | 'load_1', [number, number]>>): Sample[] {
  const samples: Sample[] = [];
  const total = values.memory_total;
  const available = values.memory_available;
  if (total) samples.push({ name: 'system.memory.limit', value: total[1], unit: 'By', timestamp: total[0] });
  if (total && available && total[1] > 0) {
    samples.push({
      name: 'system.memory.utilization',
      value: 1 - available[1] / total[1],
      unit: '1',
      timestamp: Math.min(total[0], available[0]),
    });
  }
  if (values.load_1) samples.push({ name: 'system.cpu.load_average.1m', value: values.load_1[1], unit: '1', timestamp: values.load_1[0] });
  return samples;
}
