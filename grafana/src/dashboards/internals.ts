/**
 * Pulse internals: whether Prometheus scrapes the exporter and the forecaster, and how each of
 * them is doing — probes, the store, the event loop, HTTP, config reloads, forecaster runs.
 */
import { exporterMetrics, forecasterMetrics, regionMetrics, usageEventMetrics } from '../../../common/metrics/catalogue';
import * as units from '@grafana/grafana-foundation-sdk/units';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { pulseDashboard } from '../dashboard-builders/dashboard';
import { statPanel } from '../dashboard-builders/panels/stat';
import { stateTimelinePanel } from '../dashboard-builders/panels/state-timeline';
import { tablePanel } from '../dashboard-builders/panels/table';
import { timeseriesPanel } from '../dashboard-builders/panels/timeseries';
import { valueLabels } from '../dashboard-builders/thresholds';
import { labelVariable } from '../dashboard-builders/variables';
import type { DashboardInputs } from '../inputs/dashboard-inputs';
import { aggregateBy, dedupeReplicas, histogramQuantile, rate, sumBy } from '../promql/functions';
import { fromVariable, notEqual, oneOfValues, selector, type Matchers } from '../promql/selector';
import { prometheusMetricNames, runtimeMetricNames } from '../runtime-metric-names';
import { upDownMapping } from './health-display';
import { DASHBOARD_UIDS } from './uids';

const byInstance: Matchers = { instance: fromVariable('instance') };

function jobs(inputs: DashboardInputs): Matchers {
  return { job: oneOfValues([inputs.jobs.exporter, inputs.jobs.forecaster]), ...byInstance };
}

function targetsUp(inputs: DashboardInputs) {
  return stateTimelinePanel({
    title: 'Scrape targets up',
    description: `Whether Prometheus could scrape each exporter (job ${inputs.jobs.exporter}) and forecaster (job ${inputs.jobs.forecaster}) instance.`,
    unit: units.NoUnit,
    queries: [{ expr: selector(prometheusMetricNames.up, jobs(inputs)), legend: '{{job}} {{instance}}' }],
    mappings: [upDownMapping()],
    width: 12,
    height: 8,
  });
}

function scrapeDuration(inputs: DashboardInputs) {
  return timeseriesPanel({
    title: 'Scrape duration',
    description: 'How long each scrape of /metrics took. The exporter renders gauges from its latest state and reads usage totals from the store, so a slow store shows here first.',
    unit: units.Seconds,
    queries: [{ expr: selector(prometheusMetricNames.scrapeDuration, jobs(inputs)), legend: '{{job}} {{instance}}' }],
    width: 12,
    height: 8,
  });
}

function buildInfo() {
  return tablePanel({
    title: 'Versions',
    description: 'Component, version and Node.js version of every running Pulse process (pulse_build_info).',
    unit: units.NoUnit,
    queries: [{ expr: selector(exporterMetrics.buildInfo.name, byInstance), instant: true, table: true }],
    hide: ['__name__', 'Value'],
    order: ['component', 'version', 'node_version', 'instance', 'job'],
    width: 12,
    height: 6,
  });
}

function configReload() {
  return statPanel({
    title: 'Last config reload',
    description: 'Whether the last configuration reload of each exporter succeeded. A rejected reload keeps the running configuration and logs why.',
    unit: units.NoUnit,
    queries: [{ expr: selector(exporterMetrics.configReloadSuccess.name, byInstance), legend: '{{instance}}', instant: true }],
    mappings: [
      valueLabels([
        { value: 0, text: 'rejected', color: 'red' },
        { value: 1, text: 'ok', color: 'green' },
      ]),
    ],
    background: true,
    named: true,
    width: 6,
    height: 6,
  });
}

function configReloads() {
  return timeseriesPanel({
    title: 'Config reloads by result',
    description: 'Reload attempts (SIGHUP or POST /-/reload) by result, per second.',
    unit: units.CountsPerSecond,
    queries: [{ expr: sumBy(['result'], rate(selector(exporterMetrics.configReloads.name, byInstance))), legend: '{{result}}' }],
    style: 'bars',
    whenEmpty: 'No reload in the time range',
    width: 6,
    height: 6,
  });
}

function probeErrors() {
  return timeseriesPanel({
    title: 'Probe errors by result',
    description: 'Failed probes per second over all regions, by kind of failure; one region failing is on the Regions dashboard, every region failing at once points at the exporter or its network.',
    unit: units.CountsPerSecond,
    queries: [{ expr: sumBy(['result'], rate(selector(regionMetrics.probes.name, { ...byInstance, result: notEqual('success') }))), legend: '{{result}}' }],
    style: 'stacked-lines',
    whenEmpty: 'No probe failed',
    width: 8,
    height: 8,
  });
}

function probesInFlight() {
  return timeseriesPanel({
    title: 'Probes in flight',
    description: 'Probes running or waiting for a concurrency slot, per exporter. Near the concurrency limit for long, probes start late.',
    unit: units.Short,
    queries: [{ expr: selector(exporterMetrics.probesInFlight.name, byInstance), legend: '{{instance}}' }],
    width: 8,
    height: 8,
  });
}

function probesSkipped() {
  return timeseriesPanel({
    title: 'Probes skipped',
    description: 'Scheduled probes per second not started because the previous probe of the same region was still running (a hanging region, or a timeout longer than it should be).',
    unit: units.CountsPerSecond,
    queries: [{ expr: sumBy(['region'], rate(selector(exporterMetrics.probesSkipped.name, byInstance))), legend: '{{region}}' }],
    whenEmpty: 'No probe was skipped',
    width: 8,
    height: 8,
  });
}

function storeUp() {
  return stateTimelinePanel({
    title: 'Store up',
    description: 'Whether each exporter reaches its state store (memory or Redis). While Redis is down, /metrics answers from the last state read and usage events are refused with 503.',
    unit: units.NoUnit,
    queries: [{ expr: selector(exporterMetrics.storeUp.name, byInstance), legend: '{{instance}} {{store}}' }],
    mappings: [upDownMapping()],
    width: 12,
    height: 7,
  });
}

function storeErrors() {
  return timeseriesPanel({
    title: 'Store errors by operation',
    description: 'Failed store operations per second, by operation.',
    unit: units.CountsPerSecond,
    queries: [{ expr: sumBy(['operation'], rate(selector(exporterMetrics.storeErrors.name, byInstance))), legend: '{{operation}}' }],
    whenEmpty: 'No store error',
    width: 12,
    height: 7,
  });
}

function usageEvents() {
  return timeseriesPanel({
    title: 'Usage events by result',
    description: 'Usage events per second, accepted, duplicate (retries, not counted again) and rejected (invalid). Totals come from the store, so replicas are deduplicated.',
    unit: units.CountsPerSecond,
    queries: [{ expr: sumBy(['result'], dedupeReplicas(rate(selector(usageEventMetrics.events.name, byInstance)))), legend: '{{result}}' }],
    style: 'stacked-lines',
    width: 24,
    height: 8,
  });
}

function eventLoopDelay(inputs: DashboardInputs) {
  return timeseriesPanel({
    title: 'Event loop delay p99',
    description: 'The 99th percentile of how late the Node.js event loop ran its timers: above a few tens of milliseconds, probe timings and API answers suffer.',
    unit: units.Seconds,
    queries: [{ expr: selector(runtimeMetricNames.eventLoopDelayP99, jobs(inputs)), legend: '{{job}} {{instance}}' }],
    width: 12,
    height: 8,
  });
}

function eventLoopUtilization(inputs: DashboardInputs) {
  return timeseriesPanel({
    title: 'Event loop utilization',
    description: 'Share of time the Node.js event loop was busy; near 100 % the process is CPU-bound.',
    unit: units.PercentUnit,
    max: 1,
    queries: [{ expr: selector(runtimeMetricNames.eventLoopUtilization, jobs(inputs)), legend: '{{job}} {{instance}}' }],
    width: 12,
    height: 8,
  });
}

function httpLatency(inputs: DashboardInputs) {
  const buckets = selector(`${runtimeMetricNames.httpServerDuration}_bucket`, jobs(inputs));
  return timeseriesPanel({
    title: 'HTTP request latency p95',
    description: 'The 95th percentile of HTTP server request durations, by method and route (API, /metrics, webhook).',
    unit: units.Seconds,
    queries: [{ expr: histogramQuantile(0.95, ['job', 'http_request_method', 'http_route'], buckets), legend: '{{job}} {{http_request_method}} {{http_route}}' }],
    width: 12,
    height: 8,
  });
}

function httpRequests(inputs: DashboardInputs) {
  return timeseriesPanel({
    title: 'HTTP requests by status',
    description: 'HTTP requests served per second, by job and status code.',
    unit: units.RequestsPerSecond,
    queries: [{ expr: sumBy(['job', 'http_response_status_code'], rate(selector(`${runtimeMetricNames.httpServerDuration}_count`, jobs(inputs)))), legend: '{{job}} {{http_response_status_code}}' }],
    style: 'stacked-lines',
    width: 12,
    height: 8,
  });
}

function heapUsed(inputs: DashboardInputs) {
  return timeseriesPanel({
    title: 'Heap used',
    description: 'V8 heap in use per process, over all heap spaces; a steady climb is a leak.',
    unit: units.BytesIEC,
    queries: [{ expr: sumBy(['job', 'instance'], selector(runtimeMetricNames.heapUsed, jobs(inputs))), legend: '{{job}} {{instance}}' }],
    width: 12,
    height: 8,
  });
}

function forecasterRunAge() {
  return statPanel({
    title: 'Since the last forecaster run',
    description: 'Time since each forecaster instance last finished a run.',
    unit: units.Seconds,
    queries: [{ expr: `time() - ${aggregateBy('max', ['instance'], selector(forecasterMetrics.lastRun.name, byInstance))}`, legend: '{{instance}}', instant: true }],
    named: true,
    width: 8,
    height: 7,
  });
}

function forecasterRunDuration() {
  return timeseriesPanel({
    title: 'Forecaster run duration',
    description: 'How long the last forecaster run took: reading the history, fitting and backtesting every model, publishing.',
    unit: units.Seconds,
    queries: [{ expr: selector(forecasterMetrics.lastRunDuration.name, byInstance), legend: '{{instance}}' }],
    width: 8,
    height: 7,
  });
}

function forecasterSource() {
  return stateTimelinePanel({
    title: 'Forecaster source up',
    description: 'Whether the forecaster reaches the Prometheus it reads usage history from.',
    unit: units.NoUnit,
    queries: [{ expr: selector(forecasterMetrics.sourceUp.name, byInstance), legend: '{{instance}}' }],
    mappings: [upDownMapping()],
    width: 8,
    height: 7,
  });
}

export function internalsDashboard(inputs: DashboardInputs): Dashboard {
  return pulseDashboard({
    uid: DASHBOARD_UIDS.internals,
    title: 'Pulse / Internals',
    description: 'Health of pulse-exporter and pulse-forecaster themselves: scrapes, probes, store, event loop, HTTP, config reloads and forecaster runs.',
    tags: ['internals'],
    time: { from: 'now-6h', to: 'now' },
    refresh: '30s',
    variables: [
      labelVariable({
        name: 'instance',
        label: 'Instance',
        description: 'Exporter and forecaster instances Prometheus scrapes.',
        series: selector(prometheusMetricNames.up, { job: oneOfValues([inputs.jobs.exporter, inputs.jobs.forecaster]) }),
        labelName: 'instance',
      }),
    ],
    rows: [
      { title: 'Scrapes', panels: [targetsUp(inputs), scrapeDuration(inputs), buildInfo(), configReload(), configReloads()] },
      { title: 'Probes and store', panels: [probeErrors(), probesInFlight(), probesSkipped(), storeUp(), storeErrors(), usageEvents()] },
      { title: 'Runtime', panels: [eventLoopDelay(inputs), eventLoopUtilization(inputs), httpLatency(inputs), httpRequests(inputs), heapUsed(inputs)] },
      { title: 'Forecaster', panels: [forecasterRunAge(), forecasterRunDuration(), forecasterSource()] },
    ],
  });
}
