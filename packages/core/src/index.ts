export type {
  ExportInventoryOptions,
  ImportInventoryOptions,
  InventoryDocument,
  JsonValue,
  SecretContext,
  SecretDescriptor,
} from './assets/inventory.js';
export { exportInventory, importInventory } from './assets/inventory.js';
export type { AssetPatch } from './assets/merge.js';
export type { IsUp, Reachability } from './assets/reachability.js';
export { checkReachability } from './assets/reachability.js';
export { createAssetRegistry } from './assets/registry.js';
export type {
  AddManyOptions,
  AssetChange,
  AssetRegistry,
  AssetRegistryOptions,
  DanglingDependency,
  UpsertResult,
} from './assets/registry-types.js';
export { compileSelector, parseSelector } from './assets/selector.js';
export type {
  CompiledSelector,
  ExistsCondition,
  LabelCondition,
  NotCondition,
  ParsedSelector,
  Selector,
  SelectorObject,
  SelectorOperator,
  SelectorOptions,
  SelectorRequirement,
} from './assets/selector-types.js';
export type { AnyOfGroup, Asset, AssetBase, AssetConnections, DependsOnEntry, Facts, Lifecycle } from './assets/types.js';
export type { ExecLocalParamsInput } from './builtins/exec/exec-local.js';
export { execLocalParamsSchema } from './builtins/exec/exec-local.js';
export type { HostLocalOptions } from './builtins/host-local/collector.js';
export { createHostLocalCollector } from './builtins/host-local/collector.js';
export type { HostLocalParams } from './builtins/host-local/options.js';
export { DEFAULT_EXCLUDED_FS_TYPES, DEFAULT_EXCLUDED_MOUNT_POINTS } from './builtins/host-local/options.js';
export type { OsInfo } from './builtins/host-local/os-fallback.js';
export type { Loadavg } from './builtins/host-local/parse-loadavg.js';
export { parseLoadavg } from './builtins/host-local/parse-loadavg.js';
export { parseMeminfo } from './builtins/host-local/parse-meminfo.js';
export type { MountEntry } from './builtins/host-local/parse-mounts.js';
export type { NetDevCounters } from './builtins/host-local/parse-net-dev.js';
export { parseNetDev } from './builtins/host-local/parse-net-dev.js';
export type { CpuTimes, ProcStat } from './builtins/host-local/parse-proc-stat.js';
export { cpuBusyFraction, parseProcStat, ticksElapsed } from './builtins/host-local/parse-proc-stat.js';
export type { Uptime } from './builtins/host-local/parse-uptime.js';
export { parseUptime } from './builtins/host-local/parse-uptime.js';
export type { StatFsInfo } from './builtins/host-local/samples.js';
export { filesystemSamples, gauge, memorySamples, networkSamples } from './builtins/host-local/samples.js';
export type { LogNotifierParams } from './builtins/log/notifier.js';
export type { NagiosParamsInput } from './builtins/probes/nagios.js';
export { nagiosParamsSchema } from './builtins/probes/nagios.js';
export type { PingParamsInput } from './builtins/probes/ping.js';
export { pingParamsSchema } from './builtins/probes/ping.js';
export type { TcpParamsInput } from './builtins/probes/tcp.js';
export { tcpParamsSchema } from './builtins/probes/tcp.js';
export type { ChangeHandle, ChangePolicy, ChangeSpec, ChangeSpecBase, ChangeWindow } from './change/types.js';
export type { FlapChange, FlapDetector, FlapThresholds, FlapUpdate } from './checks/flapping.js';
export { createFlapDetector, DEFAULT_FLAP_THRESHOLDS } from './checks/flapping.js';
export { expandMacros } from './checks/macros.js';
export type { NagiosOutput, ParseNagiosOptions } from './checks/nagios-output.js';
export { formatNagios, parseNagiosOutput } from './checks/nagios-output.js';
export type { PerfDatum, PerfdataParse, PerfdataSampleOptions } from './checks/perfdata.js';
export { parsePerfdata } from './checks/perfdata.js';
export type { StateSettingsInput } from './checks/state-settings.js';
export type { Threshold, ThresholdInput, ThresholdPair } from './checks/threshold.js';
export { evaluateThresholds, parseThreshold } from './checks/threshold.js';
export type { CheckResult, CheckStatus } from './checks/types.js';
export { STATUS_EXIT_CODE, worstStatus } from './checks/types.js';
export type { ErrorCode } from './errors/codes.js';
export { ErrorCodes } from './errors/codes.js';
export type { ConfigIssue } from './errors/config-error.js';
export { configError, parseConfig } from './errors/config-error.js';
export type { PluginErrorOptions, WardenErrorOptions } from './errors/warden-error.js';
export { isWardenError, PluginError, WardenError } from './errors/warden-error.js';
export type {
  AssetUpdatedEvent,
  CheckFlappingEvent,
  CheckResultEvent,
  CheckStateEvent,
  CollectCompletedEvent,
  CollectErrorEvent,
  DiscoveryProgressEvent,
  IncidentEventPayload,
  MaintenanceEventPayload,
  NotifyFailedEvent,
  RemediationEventPayload,
  SchedulerJobEvent,
  WardenErrorEvent,
  WardenEventName,
  WardenEvents,
  WardenListener,
} from './events/types.js';
export type { AcknowledgeOptions } from './incidents/acknowledge.js';
export type { IncidentPair, IncidentTarget } from './incidents/manager-types.js';
export type { Problem, ProblemQuery } from './incidents/problems.js';
export type { Acknowledgement, Incident, IncidentSeverity, IncidentTimelineEntry } from './incidents/types.js';
export type { Clock, TimerHandle } from './internal/clock.js';
export { systemClock } from './internal/clock.js';
export type { Duration } from './internal/duration.js';
export { formatDuration, parseDuration } from './internal/duration.js';
export type { LogFn, Logger } from './internal/logger.js';
export { silentLogger } from './internal/logger.js';
export type {
  ActiveMaintenanceWindow,
  FixedMaintenanceSpec,
  MaintenanceCalendar,
  MaintenanceHandle,
  MaintenanceInterval,
  MaintenanceQuery,
  MaintenanceRecurrence,
  MaintenanceSpec,
  MaintenanceSpecBase,
  MaintenanceWindow,
  RecurringMaintenanceSpec,
  TimeInput,
} from './maintenance/types.js';
export { prometheusName } from './metrics/prometheus-naming.js';
export { createMetricStore, DEFAULT_MAX_SAMPLES_PER_SERIES } from './metrics/store.js';
export type {
  EvaluateOptions,
  ExpositionOptions,
  IngestOptions,
  IngestResult,
  MetricStore,
  MetricStoreOptions,
  MetricStoreStats,
  Point,
  SeriesFilter,
  SeriesHandle,
  SeriesInfo,
  SeriesOptions,
  WindowFunction,
  WindowOptions,
  WindowResult,
} from './metrics/store-types.js';
export type { Labels, MetricType, Sample } from './metrics/types.js';
export type {
  EscalationStep,
  NotificationRateLimit,
  NotificationRetry,
  NotificationRouteHandle,
  NotificationRouteSpec,
  NotificationTrigger,
} from './notifications/types.js';
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
  NotificationItem,
  NotificationKind,
  NotifierDefinition,
  PluginAssets,
  PluginMaintenance,
  PluginStore,
  ProbeDefinition,
  SecretAccess,
} from './plugins/types.js';
export type { RemediationHandle } from './remediation/rule-engine.js';
export type {
  RemediationPlan,
  RemediationPolicy,
  RemediationRateLimit,
  RemediationRuleSpec,
  RemediationStep,
  RemediationTrigger,
  VerifyPolicy,
} from './remediation/rule-spec.js';
export type {
  ActOptions,
  ActResult,
  AuditKind,
  AuditQuery,
  AuditQueryInput,
  AuditRecord,
  WardenAudit,
} from './remediation/types.js';
export { computeAvailability } from './reports/availability.js';
export type {
  AssetAvailability,
  AvailabilityFigures,
  AvailabilityInput,
  AvailabilityReport,
  AvailabilityRow,
  CheckAssetPair,
  Outage,
  TimeBreakdown,
  TimeBucket,
} from './reports/types.js';
export { inProcessExecutor } from './scheduler/executor.js';
export { createScheduler } from './scheduler/scheduler.js';
export type {
  AbandonedEvent,
  ConcurrencyLimits,
  CronSchedule,
  Executor,
  IntervalSchedule,
  Job,
  JobIdentity,
  JobRun,
  MissedEvent,
  OverrunEvent,
  RunCompletedEvent,
  RunOutcome,
  RunStatus,
  SampleSummary,
  Schedule,
  Scheduler,
  SchedulerCounters,
  SchedulerEvent,
  SchedulerOptions,
  SchedulerState,
  SchedulerStats,
  StopOptions,
  TimeoutEvent,
} from './scheduler/types.js';
export { DEFAULT_CONCURRENCY, MIN_EVERY_MS } from './scheduler/validate.js';
export type { Redactor, RedactorOptions } from './secrets/redactor.js';
export { createRedactor } from './secrets/redactor.js';
export type { ZSecretOptions } from './secrets/schema.js';
export { secretOrString, zSecret } from './secrets/schema.js';
export type { FileSecretOptions } from './secrets/secret.js';
export { secret } from './secrets/secret.js';
export type { Secret, SecretLike, SecretSource } from './secrets/types.js';
export { isSecret, REDACTED } from './secrets/types.js';
export type { MemoryStoreOptions } from './store/memory-store.js';
export { createMemoryStore, MEMORY_STORE_DEFAULTS } from './store/memory-store.js';
export type { CheckStateRecord, IncidentQuery, StateChangeQuery, StateChangeRecord, StateStore } from './store/types.js';
export { CORE_VERSION } from './version.js';
export type { NotificationSettings, WardenIncidents } from './warden/incident-wiring.js';
export type { MetricCheckFields } from './warden/metric-check.js';
export type { RemediationOptions, WardenOptions } from './warden/options.js';
export type { ReportOptions } from './warden/report.js';
export type { ScheduleSpec } from './warden/schedule.js';
export type {
  AggregateCheckSpec,
  AggregateFields,
  CheckSpec,
  CheckSpecBase,
  CollectSpec,
  MetricCheckSpec,
  PassiveCheckSpec,
  ProbeCheckSpec,
  RunCheckSpec,
} from './warden/specs.js';
export type {
  CheckState,
  Handle,
  RunOnceOptions,
  RunReport,
  RunReportResult,
  Warden,
  WardenMetrics,
  WardenStatus,
  WardenStopOptions,
} from './warden/types.js';
export { createWarden } from './warden/warden.js';
