/**
 * Self-telemetry through OpenTelemetry: HTTP server request durations and Node runtime metrics
 * (event loop delay and utilisation, heap, GC). They reach Prometheus on the component's own
 * /metrics (appended to the prom-client output) and, when OTEL_EXPORTER_OTLP_ENDPOINT is set,
 * an OTLP collector too. Honours OTEL_SERVICE_NAME and the other standard OTEL_* variables.
 *
 * Start it before the HTTP server module is loaded, so the HTTP instrumentation can wrap it.
 */
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { RuntimeNodeInstrumentation } from '@opentelemetry/instrumentation-runtime-node';
import { PeriodicExportingMetricReader, type IMetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { withUnitSuffixes } from './unit-suffixes';

export interface Telemetry {
  /** OpenTelemetry metrics in the Prometheus text format. */
  render(): Promise<string>;
  shutdown(): Promise<void>;
}

export function startTelemetry(defaultServiceName: string, env: NodeJS.ProcessEnv = process.env): Telemetry {
  const otlp = Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT);
  // Without a collector, exporting traces and logs would only produce connection errors.
  if (!otlp) {
    env.OTEL_TRACES_EXPORTER ??= 'none';
    env.OTEL_LOGS_EXPORTER ??= 'none';
  }
  env.OTEL_METRICS_EXPORTER ??= 'none'; // readers are configured below, not from the environment
  env.OTEL_SEMCONV_STABILITY_OPT_IN ??= 'http'; // http.server.request.duration, in seconds
  const prometheus = new PrometheusExporter({ preventServerStart: true, withoutScopeInfo: true });
  const readers: IMetricReader[] = [prometheus];
  if (otlp) {
    // A reader built by hand does not read OTEL_METRIC_EXPORT_INTERVAL / _TIMEOUT itself.
    const interval = Number(env.OTEL_METRIC_EXPORT_INTERVAL) || 60_000;
    const timeout = Math.min(Number(env.OTEL_METRIC_EXPORT_TIMEOUT) || 30_000, interval);
    readers.push(new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter(), exportIntervalMillis: interval, exportTimeoutMillis: timeout }));
  }

  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? defaultServiceName,
    metricReaders: readers,
    instrumentations: [
      // Outgoing requests are probes, measured by the probes themselves.
      new HttpInstrumentation({ disableOutgoingRequestInstrumentation: true }),
      new RuntimeNodeInstrumentation({ monitoringPrecision: 10 }),
    ],
  });
  sdk.start();
  const serializer = new PrometheusSerializer(undefined, false, undefined, false, true);
  return {
    async render() {
      const { resourceMetrics } = await prometheus.collect();
      return withUnitSuffixes(serializer.serialize(resourceMetrics));
    },
    shutdown: () => sdk.shutdown(),
  };
}
