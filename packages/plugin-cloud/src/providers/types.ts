import type { ActionResult, AssetProposal, HookContext, Sample } from '@warden/core';
import type { HttpTransport } from '../transport/http-transport.js';

/** Where a provider's credentials came from (never the credentials themselves). */
export interface CredentialsInfo {
  /** The source: `environment`, `profile default`, `imds`, … */
  source: string;
}

/** What a provider hook receives: the hook context plus the plugin's HTTP transport. */
export interface ProviderContext extends HookContext {
  /** Pooled, retrying HTTP client; use it for every call so limits and aborts apply. */
  http: HttpTransport;
}

/** The provider resource an asset stands for (its `cloud` block). */
export interface CloudTarget {
  /** Warden asset id. */
  assetId: string;
  /** Resource id at the provider. */
  id: string;
  /** Region. */
  region?: string | undefined;
  /** Account or profile name. */
  account?: string | undefined;
}

/** A maintenance the provider scheduled (EC2 scheduled events). */
export interface ScheduledEvent {
  /** The provider's id of the event (`instance-event-0d59937288b749b32`), stable while it moves. */
  id?: string | undefined;
  /** Provider code (`system-reboot`, `instance-retirement`). */
  code: string;
  /** Description; EC2 prefixes it with `[Completed]` or `[Canceled]` once settled. */
  description: string;
  /** Earliest start (ms since the epoch). */
  notBefore?: number | undefined;
  /** Latest end. */
  notAfter?: number | undefined;
}

/** Payload of the `cloud:scheduled-event` event: one provider event `cloud.instanceStatus` saw. */
export interface CloudScheduledEventPayload {
  /** The asset the event is for. */
  asset: string;
  /** The provider's event id, when it has one. */
  id?: string | undefined;
  /** Provider code (`system-reboot`). */
  code: string;
  /** Description (`[Completed] …` once settled on EC2). */
  description: string;
  /** Earliest start, ms since the epoch. */
  from?: number | undefined;
  /** Latest end, ms since the epoch. */
  to?: number | undefined;
}

/** An instance's state and health as the provider reports it. */
export interface InstanceStatusReport {
  /** Lifecycle state (`running`, `stopped`, `pending`, `active`, `off`). */
  state: string;
  /** Provider health checks by name, each `ok`, `impaired`, `insufficient-data`, `initializing`, `not-applicable`. */
  checks: Record<string, string>;
  /** Scheduled maintenance. */
  events: ScheduledEvent[];
}

/** What a metrics call asks for. */
export interface MetricsQuery {
  /** Window to read, ending now, ms. */
  windowMs: number;
  /** Aggregation period, seconds. */
  periodSeconds: number;
  /** Which metric sets: `cpu`, `network`, `status`, `disk`. */
  sets: ReadonlyArray<'cpu' | 'network' | 'status' | 'disk'>;
}

/** Power actions a provider may support. */
export type PowerAction = 'start' | 'stop' | 'reboot';

/** What a vendor implements to add a cloud to Warden. */
export interface CloudProviderDefinition {
  /** Provider name, as assets name it in `cloud.provider` (`aws`, `digitalocean`). */
  name: string;
  /** Checks that credentials resolve (called by `cloud.credentials`-style probes and at start when asked). */
  credentials(ctx: ProviderContext): Promise<CredentialsInfo>;
  /** Lists resources as asset proposals with stable ids and `cloud` blocks. */
  discover(
    params: { regions?: readonly string[] | undefined; filters?: Record<string, readonly string[]> | undefined },
    ctx: ProviderContext,
  ): AsyncIterable<AssetProposal>;
  /** Reads state, health checks and scheduled events of one resource. */
  status(target: CloudTarget, ctx: ProviderContext): Promise<InstanceStatusReport>;
  /** Reads metrics of one resource as samples (canonical names where they exist). */
  metrics(target: CloudTarget, query: MetricsQuery, ctx: ProviderContext): Promise<Sample[]>;
  /** Power actions it supports. */
  actions: Partial<Record<PowerAction, (target: CloudTarget, ctx: ProviderContext) => Promise<ActionResult>>>;
}

/** A provider, validated by {@link defineCloudProvider}. */
export type CloudProvider = Readonly<CloudProviderDefinition>;
