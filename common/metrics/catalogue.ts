/**
 * The metric catalogue: every metric Pulse publishes, defined once. The exporter registers from
 * it; the rules generator and the dashboards import it, so a rename breaks the build instead of a
 * dashboard. Naming follows Prometheus conventions: base units, `_total` on counters, `_info`
 * gauges carrying strings. Probe metrics keep blackbox_exporter's names.
 */
export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface MetricDefinition {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  /** Base unit, when the metric has one; it is also the name's suffix. */
  readonly unit?: 'seconds' | 'bytes' | 'ratio' | 'minutes' | 'timestamp_seconds';
  readonly labels: readonly string[];
  readonly buckets?: readonly number[];
}

/** Latency buckets for probes: tight around the 10–300 ms a media region answers in. */
export const PROBE_DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1, 2.5, 5, 10,
] as const;

const define = <T extends Record<string, MetricDefinition>>(metrics: T): T => metrics;

/** blackbox_exporter-compatible probe metrics, with `region` and `vantage` labels. */
export const probeMetrics = define({
  success: {
    name: 'probe_success',
    help: 'Whether the last probe of the region from this vantage point succeeded (1) or failed (0).',
    type: 'gauge',
    labels: ['region', 'vantage'],
  },
  duration: {
    name: 'probe_duration_seconds',
    help: 'How long the last probe of the region took, in seconds.',
    type: 'gauge',
    unit: 'seconds',
    labels: ['region', 'vantage'],
  },
  httpPhaseDuration: {
    name: 'probe_http_duration_seconds',
    help: 'Duration of each phase of the last HTTP probe (resolve, connect, tls, processing, transfer), in seconds.',
    type: 'gauge',
    unit: 'seconds',
    labels: ['region', 'vantage', 'phase'],
  },
  httpStatusCode: {
    name: 'probe_http_status_code',
    help: 'HTTP status code of the last HTTP probe (0 when no response arrived).',
    type: 'gauge',
    labels: ['region', 'vantage'],
  },
  sslEarliestCertExpiry: {
    name: 'probe_ssl_earliest_cert_expiry',
    help: 'Expiry of the earliest certificate in the chain of the last TLS probe, as a Unix timestamp.',
    type: 'gauge',
    labels: ['region', 'vantage'],
  },
});

/** Region state: health, load, capacity, selection. */
export const regionMetrics = define({
  info: {
    name: 'pulse_region_info',
    help: 'Static facts about a region: display name and coordinates (always 1).',
    type: 'gauge',
    labels: ['region', 'name', 'latitude', 'longitude'],
  },
  active: {
    name: 'pulse_region_active',
    help: 'Whether the region is active in config and may be selected (1) or not (0).',
    type: 'gauge',
    labels: ['region'],
  },
  priority: {
    name: 'pulse_region_priority',
    help: 'Configured priority of the region (lower is preferred; weighs 10 points in selection).',
    type: 'gauge',
    labels: ['region'],
  },
  capacity: {
    name: 'pulse_region_capacity',
    help: 'Configured capacity of the region, in concurrent participants.',
    type: 'gauge',
    labels: ['region'],
  },
  load: {
    name: 'pulse_region_load',
    help: 'Current load of the region, in concurrent participants, as last reported.',
    type: 'gauge',
    labels: ['region'],
  },
  loadRatio: {
    name: 'pulse_region_load_ratio',
    help: 'Current load of the region divided by its capacity.',
    type: 'gauge',
    unit: 'ratio',
    labels: ['region'],
  },
  healthState: {
    name: 'pulse_region_health_state',
    help: 'Health state of the region seen from this vantage point: 1 for the current state, 0 for the others.',
    type: 'gauge',
    labels: ['region', 'vantage', 'state'],
  },
  healthTransitions: {
    name: 'pulse_region_health_transitions_total',
    help: 'Health state changes of the region seen from this vantage point.',
    type: 'counter',
    labels: ['region', 'vantage', 'from', 'to'],
  },
  lastCheck: {
    name: 'pulse_region_last_check_timestamp_seconds',
    help: 'When the region was last probed from this vantage point, as a Unix timestamp.',
    type: 'gauge',
    unit: 'timestamp_seconds',
    labels: ['region', 'vantage'],
  },
  probeDuration: {
    name: 'pulse_region_probe_duration_seconds',
    help: 'Duration of probes of the region, successful or not, in seconds (for percentiles and SLOs).',
    type: 'histogram',
    unit: 'seconds',
    labels: ['region', 'vantage'],
    buckets: PROBE_DURATION_BUCKETS,
  },
  probes: {
    name: 'pulse_region_probes_total',
    help: 'Probes of the region on its interval (and asked for on demand) by result: success or the kind of failure.',
    type: 'counter',
    labels: ['region', 'vantage', 'result'],
  },
  confirmationProbes: {
    name: 'pulse_region_confirmation_probes_total',
    help: 'Probes that confirmed a failed probe of the region soon after it (health.confirm_delay), by result; not in pulse_region_probes_total.',
    type: 'counter',
    labels: ['region', 'vantage', 'result'],
  },
  selections: {
    name: 'pulse_region_selections_total',
    help: 'Region selection answers by chosen region and reason.',
    type: 'counter',
    labels: ['region', 'reason'],
  },
});

/** The exporter's own health, apart from domain metrics. */
export const exporterMetrics = define({
  buildInfo: {
    name: 'pulse_build_info',
    help: 'Build facts of the running Pulse component (always 1).',
    type: 'gauge',
    labels: ['component', 'version', 'node_version'],
  },
  configReloadSuccess: {
    name: 'pulse_config_last_reload_successful',
    help: 'Whether the last configuration reload succeeded (1) or was rejected (0).',
    type: 'gauge',
    labels: [],
  },
  configReloadTimestamp: {
    name: 'pulse_config_last_reload_success_timestamp_seconds',
    help: 'When the configuration was last loaded successfully, as a Unix timestamp.',
    type: 'gauge',
    unit: 'timestamp_seconds',
    labels: [],
  },
  configReloads: {
    name: 'pulse_config_reloads_total',
    help: 'Configuration reload attempts by result (success or failure).',
    type: 'counter',
    labels: ['result'],
  },
  probesInFlight: {
    name: 'pulse_scheduler_probes_in_flight',
    help: 'Probes running right now.',
    type: 'gauge',
    labels: [],
  },
  probesSkipped: {
    name: 'pulse_scheduler_probes_skipped_total',
    help: 'Scheduled probes not started because the previous probe of the same target was still running.',
    type: 'counter',
    labels: ['region'],
  },
  storeUp: {
    name: 'pulse_store_up',
    help: 'Whether the state store answers (1) or not (0).',
    type: 'gauge',
    labels: ['store'],
  },
  storeErrors: {
    name: 'pulse_store_errors_total',
    help: 'Store operations that failed, by operation.',
    type: 'counter',
    labels: ['operation'],
  },
});

/** Prefix of every family a project records itself (POST /api/v1/analytics/metrics) on /metrics: `pulse_custom_<name>`. */
export const RECORDED_METRIC_PREFIX = 'pulse_custom_';

/** Usage types projects report; storage_bytes is a level, the others running totals. */
export const USAGE_TYPES = ['participant_minutes', 'egress_minutes', 'storage_bytes', 'bandwidth_bytes', 'api_requests'] as const;
export type UsageType = (typeof USAGE_TYPES)[number];

/** Usage per project and region, as stored (shared by every replica when the store is Redis). */
export const usageMetrics = define({
  participant_minutes: {
    name: 'pulse_usage_participant_minutes_total',
    help: 'Participant minutes used, per project and region.',
    type: 'counter',
    unit: 'minutes',
    labels: ['project', 'region'],
  },
  egress_minutes: {
    name: 'pulse_usage_egress_minutes_total',
    help: 'Egress (recording and streaming) minutes used, per project and region.',
    type: 'counter',
    unit: 'minutes',
    labels: ['project', 'region'],
  },
  storage_bytes: {
    name: 'pulse_usage_storage_bytes',
    help: 'Storage in use, per project and region: the last reported value, in bytes.',
    type: 'gauge',
    unit: 'bytes',
    labels: ['project', 'region'],
  },
  bandwidth_bytes: {
    name: 'pulse_usage_bandwidth_bytes_total',
    help: 'Bandwidth used, per project and region, in bytes.',
    type: 'counter',
    unit: 'bytes',
    labels: ['project', 'region'],
  },
  api_requests: {
    name: 'pulse_usage_api_requests_total',
    help: 'API requests made, per project and region.',
    type: 'counter',
    labels: ['project', 'region'],
  },
} satisfies Record<UsageType, MetricDefinition>);

export const usageEventMetrics = define({
  events: {
    name: 'pulse_usage_events_total',
    help: 'Usage events received, by result: accepted (counted), duplicate (acknowledged, not counted again) or rejected.',
    type: 'counter',
    labels: ['result'],
  },
});

export const alertMetrics = define({
  notifications: {
    name: 'pulse_alert_notifications_total',
    help: 'Alert notifications received from Alertmanager, by alert name, severity and status.',
    type: 'counter',
    labels: ['alertname', 'severity', 'status'],
  },
  deliveryAttempts: {
    name: 'pulse_alert_delivery_attempts_total',
    help: "Attempts to send a project alert notification to one of the project's channels, by channel and result (success or failure).",
    type: 'counter',
    labels: ['channel', 'result'],
  },
  deliveries: {
    name: 'pulse_alert_deliveries_total',
    help: 'Project alert notifications by channel and outcome: delivered, expired (still failing when the retry period ended) or dropped (no destination, or the queue was full).',
    type: 'counter',
    labels: ['channel', 'outcome'],
  },
});

/** The live streams (WebSocket and SSE, exporter/src/live/): per process. */
export const STREAM_LAG_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] as const;

export const streamMetrics = define({
  connections: {
    name: 'pulse_stream_connections',
    help: 'Live stream connections open now, by transport (websocket, sse).',
    type: 'gauge',
    labels: ['transport'],
  },
  messages: {
    name: 'pulse_stream_messages_total',
    help: 'Messages written to live stream connections, by message type.',
    type: 'counter',
    labels: ['type'],
  },
  drops: {
    name: 'pulse_stream_drops_total',
    help: 'Live stream connections refused or closed by the server, by reason (slow_consumer, dead_peer, global_cap, project_cap).',
    type: 'counter',
    labels: ['reason'],
  },
  lag: {
    name: 'pulse_stream_delivery_lag_seconds',
    help: 'Time from an event arising (webhook arrival, state change, dashboard tick) to its frame having been handed to the socket of every connection it goes to; one observation per event.',
    type: 'histogram',
    unit: 'seconds',
    labels: ['type'],
    buckets: STREAM_LAG_BUCKETS,
  },
  dashboardDrift: {
    name: 'pulse_stream_dashboard_drift_seconds',
    help: 'How late each 5-second dashboard tick fired after its aligned instant.',
    type: 'histogram',
    unit: 'seconds',
    labels: [],
    buckets: STREAM_LAG_BUCKETS,
  },
});

/** The quantiles of `pulse_forecast`: the 95 % band and its median. */
export const FORECAST_QUANTILES = { lower: '0.025', median: '0.5', upper: '0.975' } as const;

/** The horizons pulse-forecaster publishes by default (its `horizon` label), nearest first. */
export const FORECAST_HORIZONS = ['1d', '7d', '30d', '90d'] as const;

/** What pulse-forecaster publishes (forecasts are stamped "now"; `horizon` says how far ahead). */
export const forecastMetrics = define({
  forecast: {
    name: 'pulse_forecast',
    help: 'Forecast of a usage metric per project and region, at a horizon, as forecast quantiles 0.025, 0.5 and 0.975 (the 95 % band).',
    type: 'gauge',
    // Not `quantile`: Prometheus keeps that label for summaries (promtool check metrics refuses it on a gauge).
    labels: ['metric', 'project', 'region', 'horizon', 'forecast_quantile'],
  },
  anomaly: {
    name: 'pulse_forecast_anomaly',
    help: 'Whether the latest hour lies far outside its 95 % forecast band, more than twice the band\'s distance from the median (1), or not (0).',
    type: 'gauge',
    labels: ['metric', 'project', 'region'],
  },
  timeToLimit: {
    name: 'pulse_forecast_time_to_limit_seconds',
    help: 'Seconds until the forecast crosses a configured limit (quota or capacity); absent when it does not within the horizon.',
    type: 'gauge',
    unit: 'seconds',
    labels: ['metric', 'project', 'region', 'limit'],
  },
  backtestMase: {
    name: 'pulse_forecast_backtest_mase',
    help: 'Mean absolute scaled error of each model in the rolling-origin backtest of a series (below 1 beats the seasonal naive).',
    type: 'gauge',
    labels: ['metric', 'project', 'region', 'model'],
  },
  backtestCoverage: {
    name: 'pulse_forecast_backtest_coverage_ratio',
    help: 'Share of backtest actuals inside the 95 % band, per series and model.',
    type: 'gauge',
    unit: 'ratio',
    labels: ['metric', 'project', 'region', 'model'],
  },
  selectedModelInfo: {
    name: 'pulse_forecast_selected_model_info',
    help: 'The model (or combination) forecasting a series (always 1).',
    type: 'gauge',
    labels: ['metric', 'project', 'region', 'model'],
  },
});

/** pulse-forecaster's own health. */
export const forecasterMetrics = define({
  lastRun: {
    name: 'pulse_forecaster_last_run_timestamp_seconds',
    help: 'When the last forecasting run finished, as a Unix timestamp.',
    type: 'gauge',
    unit: 'timestamp_seconds',
    labels: [],
  },
  lastSuccess: {
    name: 'pulse_forecaster_last_success_timestamp_seconds',
    help: 'When a run last read Prometheus successfully: the age of the forecasts published.',
    type: 'gauge',
    unit: 'timestamp_seconds',
    labels: [],
  },
  lastRunDuration: {
    name: 'pulse_forecaster_last_run_duration_seconds',
    help: 'How long the last forecasting run took.',
    type: 'gauge',
    unit: 'seconds',
    labels: [],
  },
  sourceUp: {
    name: 'pulse_forecaster_source_up',
    help: 'Whether the Prometheus the forecaster reads answered its last query (1) or not (0).',
    type: 'gauge',
    labels: [],
  },
  seriesForecast: {
    name: 'pulse_forecaster_series',
    help: 'Series in the last run, by outcome: forecast or skipped.',
    type: 'gauge',
    labels: ['outcome'],
  },
  seriesSkipped: {
    name: 'pulse_forecaster_series_skipped',
    help: 'A series the last run skipped (always 1), with the reason.',
    type: 'gauge',
    labels: ['metric', 'project', 'region', 'reason'],
  },
  runs: {
    name: 'pulse_forecaster_runs_total',
    help: 'Forecasting runs by result: success, or source_error when Prometheus could not be read.',
    type: 'counter',
    labels: ['result'],
  },
});

/** Health states in the order of their severity. */
export const HEALTH_STATES = ['healthy', 'degraded', 'down'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

/** HTTP probe phases, as blackbox_exporter names them. */
export const HTTP_PHASES = ['resolve', 'connect', 'tls', 'processing', 'transfer'] as const;
export type HttpPhase = (typeof HTTP_PHASES)[number];
