/**
 * Series the dashboards read that no Pulse catalogue defines: the Node services' self-telemetry,
 * named by OpenTelemetry's runtime and HTTP instrumentation (with the unit suffixes
 * common/telemetry/unit-suffixes.ts adds), and what Prometheus writes itself.
 */
export const runtimeMetricNames = {
  httpServerDuration: 'http_server_request_duration_seconds',
  eventLoopDelayP99: 'nodejs_eventloop_delay_p99_seconds',
  eventLoopUtilization: 'nodejs_eventloop_utilization_ratio',
  heapUsed: 'v8js_memory_heap_used_bytes',
} as const;

/** Series Prometheus itself writes for every scrape target and alerting rule. */
export const prometheusMetricNames = {
  up: 'up',
  scrapeDuration: 'scrape_duration_seconds',
  alerts: 'ALERTS',
} as const;
