/**
 * Self-telemetry through OpenTelemetry: HTTP server request durations and Node runtime metrics
 * (event loop delay and utilisation, heap, GC). They reach Prometheus on the component's own
 * /metrics (appended to the prom-client output) and, when OTEL_EXPORTER_OTLP_ENDPOINT is set,
 * an OTLP collector too. Honours OTEL_SERVICE_NAME and the other standard OTEL_* variables.
 *
 * Start it before the HTTP server module is loaded, so the HTTP instrumentation (with a collector) can wrap it.
 */
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { registerInstrumentations, type Instrumentation } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { RuntimeNodeInstrumentation } from '@opentelemetry/instrumentation-runtime-node';
import { detectResources, envDetector, hostDetector, processDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, type IMetricReader } from '@opentelemetry/sdk-metrics';
import { recordServerDurations } from './http-server-duration';
import { withUnitSuffixes } from './unit-suffixes';

export interface Telemetry {
  /** OpenTelemetry metrics in the Prometheus text format. */
  render(): Promise<string>;
  shutdown(): Promise<void>;
}

export function startTelemetry(defaultServiceName: string, env: NodeJS.ProcessEnv = process.env): Telemetry {
  const otlp = Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT);
  env.OTEL_SEMCONV_STABILITY_OPT_IN ??= 'http'; // http.server.request.duration, in seconds
  const serviceName = env.OTEL_SERVICE_NAME ?? defaultServiceName;
  const prometheus = new PrometheusExporter({ preventServerStart: true, withoutScopeInfo: true });
  const runtime = (): Instrumentation => new RuntimeNodeInstrumentation({ monitoringPrecision: 10 });
  // Outgoing requests are probes, measured by the probes themselves.
  const http = (): Instrumentation => new HttpInstrumentation({ disableOutgoingRequestInstrumentation: true });
  const shutdown = otlp ? startFullSdk(serviceName, prometheus, [http(), runtime()], env) : startMetricsOnly(serviceName, prometheus, [runtime()]);
  const serializer = new PrometheusSerializer(undefined, false, undefined, false, true);
  return {
    async render() {
      const { resourceMetrics } = await prometheus.collect();
      return withUnitSuffixes(serializer.serialize(resourceMetrics));
    },
    shutdown,
  };
}

/**
 * Without a collector only metrics leave the process, through /metrics: a meter provider, the
 * runtime instrumentation and the HTTP server durations (http-server-duration.ts, the same
 * histogram as the HTTP instrumentation's without its span per request), without the SDK's
 * tracing, logging and exporter modules (about 30 MB of resident memory the exporter would carry
 * for nothing).
 */
function startMetricsOnly(serviceName: string, prometheus: IMetricReader, instrumentations: Instrumentation[]): () => Promise<void> {
  const resource = detectResources({ detectors: [envDetector, hostDetector, processDetector] }).merge(resourceFromAttributes({ 'service.name': serviceName }));
  // Host and process attributes arrive asynchronously; target_info carries them once they have.
  void resource.waitForAsyncAttributes?.();
  const provider = new MeterProvider({ resource, readers: [prometheus] });
  metrics.setGlobalMeterProvider(provider);
  const unregister = registerInstrumentations({ meterProvider: provider, instrumentations });
  const stopDurations = recordServerDurations(provider.getMeter('pulse-http-server'));
  return async () => {
    stopDurations();
    unregister();
    await provider.shutdown();
  };
}

/** With a collector: the whole Node SDK (traces and logs too, configured by the OTEL_* variables), loaded only then. */
function startFullSdk(serviceName: string, prometheus: IMetricReader, instrumentations: Instrumentation[], env: NodeJS.ProcessEnv): () => Promise<void> {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded on demand: most deployments never need them */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { OTLPMetricExporter } = require('@opentelemetry/exporter-metrics-otlp-http') as typeof import('@opentelemetry/exporter-metrics-otlp-http');
  const { PeriodicExportingMetricReader } = require('@opentelemetry/sdk-metrics') as typeof import('@opentelemetry/sdk-metrics');
  /* eslint-enable @typescript-eslint/no-require-imports */
  env.OTEL_METRICS_EXPORTER ??= 'none'; // readers are configured below, not from the environment
  // A reader built by hand does not read OTEL_METRIC_EXPORT_INTERVAL / _TIMEOUT itself.
  const interval = Number(env.OTEL_METRIC_EXPORT_INTERVAL) || 60_000;
  const timeout = Math.min(Number(env.OTEL_METRIC_EXPORT_TIMEOUT) || 30_000, interval);
  const otlpReader = new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter(), exportIntervalMillis: interval, exportTimeoutMillis: timeout });
  const sdk = new NodeSDK({ serviceName, metricReaders: [prometheus, otlpReader], instrumentations });
  sdk.start();
  return () => sdk.shutdown();
}
