export type { Asset, AssetBase, AssetConnections, DependsOnEntry, Facts, Lifecycle } from './assets/types.js';
export type { CheckResult, CheckStatus } from './checks/types.js';
export { worstStatus } from './checks/types.js';
export type { ErrorCode } from './errors/codes.js';
export { ErrorCodes } from './errors/codes.js';
export type { ConfigIssue } from './errors/config-error.js';
export type { PluginErrorOptions, WardenErrorOptions } from './errors/warden-error.js';
export { isWardenError, PluginError, WardenError } from './errors/warden-error.js';
export type { WardenEventName, WardenEvents, WardenListener } from './events/types.js';
export type { Clock, TimerHandle } from './internal/clock.js';
export { systemClock } from './internal/clock.js';
export type { Duration } from './internal/duration.js';
export { formatDuration, parseDuration } from './internal/duration.js';
export type { LogFn, Logger } from './internal/logger.js';
export { silentLogger } from './internal/logger.js';
export type { Labels, MetricType, Sample } from './metrics/types.js';
export type { PluginDefinition, PluginFactory, PluginSetupContext, StartContext, WardenPlugin } from './plugins/define-plugin.js';
export { definePlugin } from './plugins/define-plugin.js';
export type {
  ActionName,
  ActionRegistry,
  CollectorName,
  CollectorRegistry,
  DiscovererName,
  DiscovererRegistry,
  NotifierName,
  NotifierRegistry,
  ProbeName,
  ProbeRegistry,
} from './plugins/registry-types.js';
export type {
  ActionDefinition,
  ActionResult,
  AssetProposal,
  CollectContext,
  CollectorDefinition,
  DiscovererDefinition,
  HookContext,
  Notification,
  NotifierDefinition,
  ProbeDefinition,
  SecretAccess,
} from './plugins/types.js';
export { CORE_VERSION } from './version.js';
