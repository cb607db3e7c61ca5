// An app that already exports OpenTelemetry metrics carries Warden's samples through its own
// MeterProvider: toOpenTelemetry() publishes them as observable instruments, so whatever exporter
// the app uses (OTLP to a collector, the Prometheus exporter, a vendor SDK) sends them along.
//
// Here the exporter is the SDK's in-memory one, printed as one line per data point after one
// pass of the `host.local` collector and a memory check. Pass --console for the SDK's
// ConsoleMetricExporter instead (its verbose dump of every metric).
//
//   npx tsx --conditions=@warden/source examples/otel/index.ts [--console]
import { parseArgs } from 'node:util';
import {
  AggregationTemporality,
  ConsoleMetricExporter,
  DataPointType,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import { createWarden } from '@warden/core';
import { toOpenTelemetry } from '@warden/core/otel';

const { values } = parseArgs({ options: { console: { type: 'boolean', default: false } } });

// The app's OpenTelemetry setup. In production the exporter would be OTLPMetricExporter from
// @opentelemetry/exporter-metrics-otlp-http, pointed at a collector.
const memory = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const exporter: PushMetricExporter = values.console ? new ConsoleMetricExporter() : memory;
const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
const provider = new MeterProvider({ readers: [reader] });

// Warden watching this machine, with one check.
const warden = createWarden();
warden.assets.add({ id: 'self', kind: 'host' });
warden.collect({ collector: 'host.local', assets: { ids: ['self'] }, every: '15s' });
warden.check({ id: 'memory', assets: { ids: ['self'] }, metric: 'system.memory.utilization', warn: '>0.9', crit: '>0.95' });

// Publish Warden's samples and check states through the app's meter.
const publisher = toOpenTelemetry(warden, provider.getMeter('warden'), {
  metrics: ['system.cpu.load_average.1m', 'system.memory.usage', 'system.memory.utilization', 'system.network.io', 'system.uptime'],
});

await warden.runOnce();
await reader.forceFlush(); // an export now, rather than at the next 60 s interval

if (!values.console) {
  for (const { scopeMetrics } of memory.getMetrics()) {
    for (const { metrics } of scopeMetrics) {
      for (const metric of metrics) {
        const kind = metric.dataPointType === DataPointType.SUM ? 'counter' : 'gauge';
        for (const point of metric.dataPoints) {
          const attributes = Object.entries(point.attributes)
            .map(([key, value]) => `${key}=${String(value)}`)
            .join(',');
          console.log(`${metric.descriptor.name}{${attributes}} ${String(point.value)} ${metric.descriptor.unit} (${kind})`);
        }
      }
    }
  }
}

publisher.stop();
await provider.shutdown();
await warden.stop();
