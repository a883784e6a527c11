/**
 * Regions: where every region stands now (map, counts, load), how its health, latency, load and
 * availability went over time, and which regions clients were sent to.
 */
import { HEALTH_STATES, probeMetrics, regionMetrics } from '../../../common/metrics/catalogue';
import * as units from '@grafana/grafana-foundation-sdk/units';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { pulseDashboard } from '../dashboard-builders/dashboard';
import { barGaugePanel } from '../dashboard-builders/panels/bar-gauge';
import { stackedBarChartPanel } from '../dashboard-builders/panels/bar-chart';
import { geomapPanel } from '../dashboard-builders/panels/geomap';
import { statPanel } from '../dashboard-builders/panels/stat';
import { stateTimelinePanel } from '../dashboard-builders/panels/state-timeline';
import { tablePanel } from '../dashboard-builders/panels/table';
import { timeseriesPanel } from '../dashboard-builders/panels/timeseries';
import { fallingThresholds, risingThresholds } from '../dashboard-builders/thresholds';
import { pivot } from '../dashboard-builders/transformations';
import type { DashboardInputs } from '../inputs/dashboard-inputs';
import { aggregateBy, histogramQuantile, rate, sumBy } from '../promql/functions';
import { healthIndex, regionHealthIndex, UNKNOWN_HEALTH } from '../promql/health';
import { notEqual, selector } from '../promql/selector';
import { byRegion, byVantage, regionVariable, vantageVariable } from './filters';
import { healthMapping, healthThresholds } from './health-display';
import { DASHBOARD_UIDS } from './uids';

const byRegionAndVantage = { ...byRegion, ...byVantage };
const DAY_SECONDS = 86_400;

function healthMap() {
  const info = aggregateBy('max', ['region', 'name', 'latitude', 'longitude'], selector(regionMetrics.info.name, byRegion));
  return geomapPanel({
    title: 'Region health map',
    description:
      'Every configured region at its coordinates (pulse_region_info), coloured by the worst state any selected vantage point sees: healthy, degraded, down, or unknown before its first probes.',
    unit: units.NoUnit,
    queries: [{ expr: `${info} * on (region) group_left () (${regionHealthIndex(byRegion, byVantage)})`, instant: true, table: true }],
    mappings: [healthMapping()],
    thresholds: healthThresholds(),
    latitudeField: 'latitude',
    longitudeField: 'longitude',
    labelField: 'name',
    layerName: 'Regions',
    width: 12,
    height: 12,
  });
}

function regionsByState() {
  const index = regionHealthIndex(byRegion, byVantage);
  const states = [{ name: 'unknown', index: UNKNOWN_HEALTH }, ...HEALTH_STATES.map((name, i) => ({ name, index: i }))];
  return statPanel({
    title: 'Regions by state',
    description: 'How many of the selected regions are in each state now, judged by the worst state any selected vantage point sees.',
    unit: units.Short,
    queries: states.map((state) => ({ expr: `count((${index}) == ${state.index}) or vector(0)`, legend: state.name, instant: true })),
    named: true,
    orientation: 'vertical',
    overrides: [
      { field: 'unknown', properties: [{ id: 'color', value: { mode: 'fixed', fixedColor: 'text' } }] },
      { field: 'healthy', properties: [{ id: 'color', value: { mode: 'fixed', fixedColor: 'green' } }] },
      { field: 'degraded', properties: [{ id: 'color', value: { mode: 'fixed', fixedColor: 'orange' } }] },
      { field: 'down', properties: [{ id: 'color', value: { mode: 'fixed', fixedColor: 'red' } }] },
    ],
    width: 4,
    height: 12,
  });
}

function loadNow(inputs: DashboardInputs) {
  return barGaugePanel({
    title: 'Load against capacity now',
    description: `Current load of each region as a share of its configured capacity. Orange from ${inputs.thresholds.loadHigh * 100} % (PulseRegionLoadHigh), red from ${inputs.thresholds.nearCapacity * 100} % (near capacity).`,
    unit: units.PercentUnit,
    queries: [{ expr: selector(inputs.loadRatio, byRegion), legend: '{{region}}', instant: true }],
    min: 0,
    max: 1,
    thresholds: risingThresholds(inputs.thresholds.loadHigh, inputs.thresholds.nearCapacity),
    width: 8,
    height: 12,
  });
}

function healthTimeline() {
  return stateTimelinePanel({
    title: 'Health by region and vantage point',
    description: 'The health state machine of each region as each vantage point saw it: healthy, degraded or down (N of the last M probes). Gaps are times the exporter was not scraped.',
    unit: units.NoUnit,
    queries: [{ expr: healthIndex(['region', 'vantage'], byRegionAndVantage), legend: '{{region}} · {{vantage}}' }],
    mappings: [healthMapping()],
    thresholds: healthThresholds(),
    width: 24,
    height: 9,
  });
}

function latencyByVantage(inputs: DashboardInputs) {
  const buckets = selector(`${regionMetrics.probeDuration.name}_bucket`, byRegionAndVantage);
  return timeseriesPanel({
    title: 'Probe latency p50 and p95 by region and vantage point',
    description: `Median and 95th percentile of probe durations from the pulse_region_probe_duration_seconds histogram, per region and vantage point. The dashed line is the PulseProbeLatencyHigh threshold (p${inputs.thresholds.latencyQuantile * 100} over ${inputs.thresholds.latencyHighSeconds * 1000} ms).`,
    unit: units.Seconds,
    queries: [0.5, 0.95].map((quantile) => ({ expr: histogramQuantile(quantile, ['region', 'vantage'], buckets), legend: `p${quantile * 100} {{region}} · {{vantage}}` })),
    thresholds: [
      { from: null, color: 'green' },
      { from: inputs.thresholds.latencyHighSeconds, color: 'red' },
    ],
    thresholdLines: true,
    legendTable: true,
    width: 12,
    height: 10,
  });
}

function latencyQuantiles(inputs: DashboardInputs) {
  return timeseriesPanel({
    title: 'Probe latency quantiles by region',
    description: `Latency quantiles per region over all vantage points, from the recording rules (${inputs.latencyQuantiles.map((q) => `p${q.quantile * 100}`).join(', ')}), cheap over long ranges.`,
    unit: units.Seconds,
    queries: inputs.latencyQuantiles.map((q) => ({ expr: selector(q.record, byRegion), legend: `p${q.quantile * 100} {{region}}` })),
    legendTable: true,
    width: 12,
    height: 10,
  });
}

function phaseBreakdown() {
  return stackedBarChartPanel({
    title: 'HTTP probe phases by region',
    description: 'Where the time of the last HTTP probe went, per region (averaged over the selected vantage points): resolve, connect, TLS, processing and transfer, stacked.',
    unit: units.Seconds,
    queries: [{ expr: aggregateBy('avg', ['region', 'phase'], selector(probeMetrics.httpPhaseDuration.name, byRegionAndVantage)), instant: true, table: true }],
    transformations: [pivot('region', 'phase')],
    width: 12,
    height: 10,
  });
}

function certificateExpiry(inputs: DashboardInputs) {
  const expiry = aggregateBy('min', ['region'], `${selector(probeMetrics.sslEarliestCertExpiry.name, byRegionAndVantage)} > 0`);
  return barGaugePanel({
    title: 'TLS certificates expire in',
    description: `Time until the earliest certificate of each region's TLS probes expires. Red within ${inputs.thresholds.tlsCriticalDays} days, orange within ${inputs.thresholds.tlsWarnDays} (the TLS expiry alerts).`,
    unit: units.Seconds,
    queries: [{ expr: `${expiry} - time()`, legend: '{{region}}', instant: true }],
    thresholds: fallingThresholds(inputs.thresholds.tlsCriticalDays * DAY_SECONDS, inputs.thresholds.tlsWarnDays * DAY_SECONDS),
    whenEmpty: 'No TLS probes',
    width: 12,
    height: 10,
  });
}

function loadOverTime(inputs: DashboardInputs) {
  return timeseriesPanel({
    title: 'Load against capacity',
    description: `Load of each region as a share of its capacity. Dashed lines: ${inputs.thresholds.loadHigh * 100} % (load high) and ${inputs.thresholds.nearCapacity * 100} % (near capacity).`,
    unit: units.PercentUnit,
    queries: [{ expr: selector(inputs.loadRatio, byRegion), legend: '{{region}}' }],
    min: 0,
    thresholds: risingThresholds(inputs.thresholds.loadHigh, inputs.thresholds.nearCapacity),
    thresholdLines: true,
    width: 12,
    height: 9,
  });
}

function loadTable(inputs: DashboardInputs) {
  return tablePanel({
    title: 'Load and capacity now',
    description: 'Current load and configured capacity of each region, in concurrent participants, and their ratio.',
    unit: units.Short,
    queries: [
      { expr: aggregateBy('max', ['region'], selector(regionMetrics.load.name, byRegion)), instant: true, table: true },
      { expr: aggregateBy('max', ['region'], selector(regionMetrics.capacity.name, byRegion)), instant: true, table: true },
      { expr: selector(inputs.loadRatio, byRegion), instant: true, table: true },
    ],
    hide: ['__name__'],
    rename: { 'Value #A': 'Load', 'Value #B': 'Capacity', 'Value #C': 'Load ratio' },
    overrides: [{ field: 'Load ratio', properties: [{ id: 'unit', value: units.PercentUnit }] }],
    sortBy: { column: 'Load ratio' },
    width: 12,
    height: 9,
  });
}

function availability(inputs: DashboardInputs) {
  const probes = selector(regionMetrics.probes.name, byRegionAndVantage);
  const good = selector(regionMetrics.probes.name, { ...byRegionAndVantage, result: 'success' });
  const objective = inputs.slo.objectives.find((slo) => slo.sli === 'availability');
  return timeseriesPanel({
    title: 'Availability by region',
    description: `Share of probes that succeeded, per region, over the selected vantage points.${objective ? ` The dashed line is the ${objective.slo} objective (${objective.objective * 100} %).` : ''}`,
    unit: units.PercentUnit,
    decimals: 3,
    max: 1,
    // A region whose probes all fail has no success series at all; `or … * 0` makes that a 0.
    queries: [{ expr: `(${sumBy(['region'], rate(good))} or ${sumBy(['region'], rate(probes))} * 0) / ${sumBy(['region'], rate(probes))}`, legend: '{{region}}' }],
    ...(objective && { thresholds: [{ from: null, color: 'red' }, { from: objective.objective, color: 'green' }], thresholdLines: true }),
    width: 8,
    height: 9,
  });
}

function budgetRemaining(inputs: DashboardInputs) {
  return barGaugePanel({
    title: `Error budget remaining (${inputs.slo.period})`,
    description: `Share of each SLO's error budget over the ${inputs.slo.period} period still left, per region. Below 0 the objective is missed.`,
    unit: units.PercentUnit,
    queries: [{ expr: selector(inputs.slo.errorBudgetRemaining, byRegion), legend: '{{slo}} · {{region}}', instant: true }],
    max: 1,
    thresholds: fallingThresholds(0, 0.25),
    width: 8,
    height: 9,
  });
}

function burnRate(inputs: DashboardInputs) {
  return timeseriesPanel({
    title: 'Error budget burn rate (1 h)',
    description: `How fast each SLO spends its error budget over the last hour, in multiples of the rate that would spend exactly all of it in ${inputs.slo.period}. Above 1× the budget runs out before the period ends; the burn-rate alerts page at much higher multiples.`,
    unit: 'suffix:×',
    queries: [{ expr: `${selector(inputs.slo.errorRatio1h, byRegion)} / on (slo) group_left () ${inputs.slo.errorBudget}`, legend: '{{slo}} · {{region}}' }],
    thresholds: [
      { from: null, color: 'green' },
      { from: 1, color: 'orange' },
    ],
    thresholdLines: true,
    width: 8,
    height: 9,
  });
}

function selections() {
  return timeseriesPanel({
    title: 'Selections by region and reason',
    description: 'Answers of POST /api/v1/regions/nearest per second, by chosen region and reason (spread, lowest score, preferred, preferred unavailable, none available).',
    unit: units.RequestsPerSecond,
    queries: [{ expr: sumBy(['region', 'reason'], rate(selector(regionMetrics.selections.name, byRegion))), legend: '{{region}} · {{reason}}' }],
    style: 'stacked-lines',
    legendTable: true,
    width: 12,
    height: 9,
  });
}

function probeFailures() {
  return timeseriesPanel({
    title: 'Probe failures by region and result',
    description: 'Failed probes per second by region and kind of failure (timeout, dns_error, connect_error, tls_error, http_status, body_mismatch, protocol_error).',
    unit: units.CountsPerSecond,
    queries: [{ expr: sumBy(['region', 'result'], rate(selector(regionMetrics.probes.name, { ...byRegionAndVantage, result: notEqual('success') }))), legend: '{{region}} · {{result}}' }],
    style: 'stacked-lines',
    whenEmpty: 'No probe failed',
    width: 12,
    height: 9,
  });
}

export function regionsDashboard(inputs: DashboardInputs): Dashboard {
  return pulseDashboard({
    uid: DASHBOARD_UIDS.regions,
    title: 'Pulse / Regions',
    description: 'Health, latency, load, availability and selection of every media region, from every vantage point.',
    tags: ['regions'],
    time: { from: 'now-6h', to: 'now' },
    refresh: '30s',
    variables: [regionVariable(), vantageVariable()],
    rows: [
      { title: 'Now', panels: [healthMap(), regionsByState(), loadNow(inputs)] },
      { title: 'Health', panels: [healthTimeline()] },
      { title: 'Latency', panels: [latencyByVantage(inputs), latencyQuantiles(inputs), phaseBreakdown(), certificateExpiry(inputs)] },
      { title: 'Load', panels: [loadOverTime(inputs), loadTable(inputs)] },
      { title: 'Availability and SLOs', panels: [availability(inputs), budgetRemaining(inputs), burnRate(inputs)] },
      { title: 'Selections and probe failures', panels: [selections(), probeFailures()] },
    ],
  });
}
