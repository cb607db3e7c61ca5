import type { AssetProposal } from '@warden/core';
import type { InstanceStatusReport } from '../types.js';
import { items, path, text, type XmlNode } from './xml.js';

/** EC2 API version the plugin speaks. */
export const EC2_VERSION = '2016-11-15';

/**
 * Flattens EC2 filters into query parameters (`Filter.1.Name`, `Filter.1.Value.1`).
 *
 * @param filters - filter name → accepted values
 * @returns query parameters
 */
export function ec2Filters(filters: Record<string, readonly string[]> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  Object.entries(filters ?? {}).forEach(([name, values], i) => {
    out[`Filter.${i + 1}.Name`] = name;
    values.forEach((value, j) => {
      out[`Filter.${i + 1}.Value.${j + 1}`] = value;
    });
  });
  return out;
}

/** Label values: Warden labels are strings; tag keys keep their case, `:` and `/` become `_`. */
const labelKey = (key: string): string => key.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^([^A-Za-z_])/, '_$1');

/**
 * Maps one EC2 `Instance` element (DescribeInstances) to an asset proposal: id
 * `aws:<region>:<instance-id>`, kind `cloud-instance`, name from the `Name` tag, address the
 * private IP (else public), tags as labels, state/type/AZ/image/launch time as facts.
 *
 * @param instance - the `<item>` of an `instancesSet`
 * @param region - the region it was listed in
 * @param ownerId - the reservation's account
 * @returns the proposal, or undefined when the element has no instance id
 */
export function instanceToProposal(instance: XmlNode, region: string, ownerId: string | undefined): AssetProposal | undefined {
  const id = text(instance, 'instanceId');
  if (!id) return undefined;
  const labels: Record<string, string> = {};
  let name: string | undefined;
  for (const tag of items(path(instance, 'tagSet'))) {
    const key = text(tag, 'key');
    if (!key) continue;
    const value = text(tag, 'value') ?? '';
    if (key === 'Name') name = value;
    labels[labelKey(key)] = value;
  }
  const facts: Record<string, string> = {};
  const put = (fact: string, value: string | undefined) => {
    if (value) facts[fact] = value;
  };
  put('state', text(instance, 'instanceState', 'name'));
  put('instanceType', text(instance, 'instanceType'));
  put('availabilityZone', text(instance, 'placement', 'availabilityZone'));
  put('region', region);
  put('imageId', text(instance, 'imageId'));
  put('launchTime', text(instance, 'launchTime'));
  put('architecture', text(instance, 'architecture'));
  put('platform', text(instance, 'platformDetails') ?? text(instance, 'platform'));
  put('vpcId', text(instance, 'vpcId'));
  put('privateIp', text(instance, 'privateIpAddress'));
  put('publicIp', text(instance, 'ipAddress'));
  put('account', ownerId);
  const address = text(instance, 'privateIpAddress') ?? text(instance, 'ipAddress');
  return {
    id: `aws:${region}:${id}`,
    kind: 'cloud-instance',
    ...(name ? { name } : {}),
    ...(address ? { address } : {}),
    labels: { ...labels, provider: 'aws', region },
    facts,
    cloud: { provider: 'aws', region, id, ...(ownerId ? { account: ownerId } : {}) },
  } as AssetProposal;
}

/**
 * Reads every instance of one DescribeInstances page.
 *
 * @param page - the answer's root element
 * @param region - the region listed
 * @returns the proposals and the next page's token
 */
export function describeInstancesPage(page: XmlNode, region: string): { proposals: AssetProposal[]; nextToken: string | undefined } {
  const proposals: AssetProposal[] = [];
  for (const reservation of items(path(page, 'reservationSet'))) {
    const owner = text(reservation, 'ownerId');
    for (const instance of items(path(reservation, 'instancesSet'))) {
      const proposal = instanceToProposal(instance, region, owner);
      if (proposal) proposals.push(proposal);
    }
  }
  return { proposals, nextToken: text(page, 'nextToken') || undefined };
}

/**
 * Reads the status of one instance from a DescribeInstanceStatus answer (with
 * `IncludeAllInstances=true`, so stopped instances are listed too).
 *
 * @param page - the answer's root element
 * @param instanceId - the instance
 * @returns its state, status checks and scheduled events, or undefined when absent
 */
export function instanceStatusOf(page: XmlNode, instanceId: string): InstanceStatusReport | undefined {
  const entry = items(path(page, 'instanceStatusSet')).find((s) => text(s, 'instanceId') === instanceId);
  if (!entry) return undefined;
  const date = (value: string | undefined) => (value ? Date.parse(value) : undefined);
  return {
    state: text(entry, 'instanceState', 'name') ?? 'unknown',
    checks: {
      system: text(entry, 'systemStatus', 'status') ?? 'not-applicable',
      instance: text(entry, 'instanceStatus', 'status') ?? 'not-applicable',
    },
    events: items(path(entry, 'eventsSet')).map((e) => ({
      id: text(e, 'instanceEventId'),
      code: text(e, 'code') ?? 'unknown',
      description: text(e, 'description') ?? '',
      notBefore: date(text(e, 'notBefore')),
      notAfter: date(text(e, 'notAfter')),
    })),
  };
}

/**
 * Reads the state change of a Start/Stop answer.
 *
 * @param page - the answer's root element
 * @returns `previous → current`, when listed
 */
export function stateChangeOf(page: XmlNode): string | undefined {
  const change = items(path(page, 'instancesSet'))[0];
  if (!change) return undefined;
  return `${text(change, 'previousState', 'name') ?? '?'} → ${text(change, 'currentState', 'name') ?? '?'}`;
}
