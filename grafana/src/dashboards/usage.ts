/**
 * Usage analytics: the last trend window of every usage type against the window before, usage by
 * project and region, hourly and daily totals, and the alerts that fired for projects.
 */
import { RECORDED_METRIC_PREFIX, USAGE_TYPES, usageEventMetrics, usageMetrics, type UsageType } from '../../../common/metrics/catalogue';
import * as units from '@grafana/grafana-foundation-sdk/units';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { pulseDashboard, type RowSpec } from '../dashboard-builders/dashboard';
import { barGaugePanel } from '../dashboard-builders/panels/bar-gauge';
import { statPanel } from '../dashboard-builders/panels/stat';
import { tablePanel } from '../dashboard-builders/panels/table';
import { timeseriesPanel } from '../dashboard-builders/panels/timeseries';
import { valueLabels } from '../dashboard-builders/thresholds';
import { refIdAt } from '../dashboard-builders/query';
import type { DashboardInputs } from '../inputs/dashboard-inputs';
import { dedupeReplicas, oneReplica, sumBy, withFixedWindow } from '../promql/functions';
import { fromVariable, notEqual, selector } from '../promql/selector';
import { prometheusMetricNames } from '../runtime-metric-names';
import { byProject, byProjectAndRegion, projectVariable, regionVariable } from './filters';
import { alertTriggersLink, exporterUrlVariable } from './exporter-api';
import { readableDuration } from './readable-duration';
import { DASHBOARD_UIDS } from './uids';
import { isLevel, liveUsage, USAGE_PRESENTATION } from './usage-types';

/**
 * Sum over the selected projects and regions of the trend-window figure, `offset` ago. Counters
 * are read raw (the same increase the trend recording rule takes), because the window before the
 * last one may predate the recording rules, as it does right after a history backfill.
 */
function windowTotal(inputs: DashboardInputs, type: UsageType, offset?: string): string {
  const shift = offset === undefined ? '' : ` offset ${offset}`;
  const series = selector(usageMetrics[type].name, byProjectAndRegion);
  if (isLevel(type)) return `sum(${dedupeReplicas(`${series}${shift}`)})`;
  return `sum(${dedupeReplicas(`increase(${series}[${inputs.trendWindow}]${shift})`)})`;
}

function trendCard(inputs: DashboardInputs, type: UsageType) {
  const window = inputs.trendWindow;
  const spoken = readableDuration(window);
  const now = windowTotal(inputs, type);
  const before = windowTotal(inputs, type, window);
  const change = `(${now} - ${before}) / (${before} > 0)`;
  const fixed = (expr: string) => (isLevel(type) ? expr : withFixedWindow(`the ${spoken} trend window`, expr));
  const band = inputs.trendStableWithin;
  const presentation = USAGE_PRESENTATION[type];
  return statPanel({
    title: `${presentation.title}, last ${spoken}`,
    description: `${isLevel(type) ? `${presentation.title} in use now` : `${presentation.title} used in the last ${spoken}`} over the selected projects and regions; its change against the ${spoken} before; and the trend: up or down beyond ±${band * 100} %, else stable (as the trend recording rules judge it).`,
    unit: presentation.totalUnit,
    queries: [
      { expr: fixed(now), legend: isLevel(type) ? 'now' : `last ${spoken}`, instant: true },
      { expr: fixed(change), legend: 'change', instant: true },
      { expr: fixed(`(${change} > bool ${band}) - (${change} < bool -${band})`), legend: 'trend', instant: true },
    ],
    named: true,
    orientation: 'vertical',
    overrides: [
      { field: 'change', properties: [{ id: 'unit', value: units.PercentUnit }, { id: 'decimals', value: 1 }, { id: 'color', value: { mode: 'fixed', fixedColor: 'text' } }] },
      {
        field: 'trend',
        properties: [
          { id: 'unit', value: units.NoUnit },
          {
            id: 'mappings',
            value: [
              valueLabels([
                { value: 1, text: '▲ up', color: 'green' },
                { value: 0, text: '► stable', color: 'text' },
                { value: -1, text: '▼ down', color: 'orange' },
              ]),
            ],
          },
        ],
      },
    ],
    width: 4,
    height: 7,
  });
}

function eventsCard(inputs: DashboardInputs) {
  const window = inputs.trendWindow;
  const events = (result: string) =>
    withFixedWindow('the same window as the usage cards', `sum(${dedupeReplicas(`increase(${selector(usageEventMetrics.events.name, { result })}[${window}])`)}) or vector(0)`);
  return statPanel({
    title: `Usage events, last ${readableDuration(window)}`,
    description: `Usage events the exporter received in the last ${readableDuration(window)}, over all projects: accepted (counted), duplicate (acknowledged, not counted again) and rejected (invalid).`,
    unit: units.Short,
    queries: ['accepted', 'duplicate', 'rejected'].map((result) => ({ expr: events(result), legend: result, instant: true })),
    named: true,
    orientation: 'vertical',
    overrides: [{ field: 'rejected', properties: [{ id: 'color', value: { mode: 'fixed', fixedColor: 'orange' } }] }],
    decimals: 0,
    width: 4,
    height: 7,
  });
}

function projectsTable(inputs: DashboardInputs) {
  const rename = Object.fromEntries(USAGE_TYPES.map((type, index) => [`Value #${refIdAt(index)}`, USAGE_PRESENTATION[type].title]));
  return tablePanel({
    title: 'Usage by project, last day',
    description: 'What every selected project used in the selected regions over the last 24 hours (storage: its change), largest participant minutes first.',
    unit: units.Short,
    queries: USAGE_TYPES.map((type) => ({ expr: sumBy(['project'], selector(inputs.usage[type].daily, byProjectAndRegion)), instant: true, table: true })),
    rename,
    overrides: USAGE_TYPES.map((type) => ({ field: USAGE_PRESENTATION[type].title, properties: [{ id: 'unit', value: USAGE_PRESENTATION[type].totalUnit }] })),
    sortBy: { column: USAGE_PRESENTATION.participant_minutes.title },
    width: 14,
    height: 10,
  });
}

function topProjects(inputs: DashboardInputs) {
  const type: UsageType = 'participant_minutes';
  return barGaugePanel({
    title: `Top 10 projects by ${USAGE_PRESENTATION[type].title.toLowerCase()}, last day`,
    description: `The ten projects with the most ${USAGE_PRESENTATION[type].title.toLowerCase()} over the last 24 hours in the selected regions.`,
    unit: USAGE_PRESENTATION[type].totalUnit,
    queries: [{ expr: `topk(10, ${sumBy(['project'], selector(inputs.usage[type].daily, byProjectAndRegion))})`, legend: '{{project}}', instant: true }],
    thresholds: [{ from: null, color: 'blue' }],
    width: 10,
    height: 10,
  });
}

function projectAlerts() {
  // Alerts about regions have no project label, and All (`.*`) would match them too.
  const alerts = selector(prometheusMetricNames.alerts, { alertstate: 'firing', ...byProjectAndRegion, project: [fromVariable('project'), notEqual('')] });
  return tablePanel({
    title: 'Project alerts fired in the time range',
    description:
      'Alerts about projects (usage thresholds, forecasts, anomalies) that fired at some point in the time range, from Prometheus. The full trigger history with annotations is in the exporter API (link at the top).',
    unit: units.NoUnit,
    queries: [{ expr: `max_over_time(${alerts}[$__range])`, instant: true, table: true }],
    hide: ['__name__', 'Value', 'alertstate', 'channels', 'instance', 'job'],
    order: ['alertname', 'severity', 'project', 'region'],
    whenEmpty: 'No project alert fired in the time range',
    width: 24,
    height: 8,
  });
}

function usageRow(inputs: DashboardInputs, type: UsageType, collapsed: boolean): RowSpec {
  const presentation = USAGE_PRESENTATION[type];
  const records = inputs.usage[type];
  const totals = isLevel(type) ? 'change of' : 'totals of';
  return {
    title: presentation.title,
    collapsed,
    panels: [
      timeseriesPanel({
        title: `${presentation.live.title} by project and region`,
        description: isLevel(type)
          ? `${presentation.title} in use per project and region (the last value each project reported).`
          : `${presentation.live.title} per project and region${presentation.live.perSecondScale === 60 ? `: ${presentation.title.toLowerCase()} used per minute, which is how many run at once` : ', per second'}.`,
        unit: presentation.live.unit,
        queries: [{ expr: liveUsage(type, ['project', 'region'], byProjectAndRegion), legend: '{{project}} · {{region}}' }],
        legendTable: true,
        width: 24,
        height: 9,
      }),
      timeseriesPanel({
        title: `${presentation.title} per hour by project`,
        description: `Hourly ${totals} ${presentation.title.toLowerCase()} per project over the selected regions; each bar is the hour ending at its time.`,
        unit: presentation.totalUnit,
        queries: [{ expr: sumBy(['project'], selector(records.hourly, byProjectAndRegion)), legend: '{{project}}', minStep: '1h' }],
        style: 'stacked-bars',
        width: 12,
        height: 9,
      }),
      timeseriesPanel({
        title: `${presentation.title} per day by project, last 30 days`,
        description: `Daily ${totals} ${presentation.title.toLowerCase()} per project over the selected regions for the last 30 days, whatever the dashboard's range; each bar is the day ending at its time (UTC).`,
        unit: presentation.totalUnit,
        queries: [{ expr: sumBy(['project'], selector(records.daily, byProjectAndRegion)), legend: '{{project}}', minStep: '1d' }],
        style: 'stacked-bars',
        timeFrom: '30d',
        width: 12,
        height: 9,
      }),
    ],
  };
}

/**
 * The gauges projects record themselves (`POST /api/v1/analytics/metrics`, exposed as
 * `pulse_custom_*`), any name: counters and histograms (their `_total`, `_bucket`, `_sum`, `_count`
 * series) are left out, since their raw values mean nothing. Replicas expose identical series:
 * topk keeps one of each, with its name (an aggregation such as max would drop `__name__`).
 */
function customMetricsRow(): RowSpec {
  const recorded = selector('', { __name__: [{ op: '=~', value: `${RECORDED_METRIC_PREFIX}.+` }, { op: '!~', value: '.+_(total|bucket|sum|count)' }], ...byProject });
  return {
    title: 'Custom metrics',
    collapsed: true,
    panels: [
      timeseriesPanel({
        title: 'Recorded gauges by project',
        description: `Gauges the selected projects record themselves through POST /api/v1/analytics/metrics (exposed as ${RECORDED_METRIC_PREFIX}<name>), one line per project, metric and label set; the last value each project set.`,
        unit: units.Short,
        queries: [{ expr: oneReplica(recorded), legend: '{{project}} · {{__name__}} {{region}}' }],
        legendTable: true,
        width: 24,
        height: 9,
      }),
    ],
  };
}

export function usageDashboard(inputs: DashboardInputs): Dashboard {
  return pulseDashboard({
    uid: DASHBOARD_UIDS.usage,
    title: 'Pulse / Usage',
    description: 'Usage per project and region: real-time trend, hourly and daily totals, top projects and their alerts.',
    tags: ['usage'],
    time: { from: 'now-24h', to: 'now' },
    refresh: '1m',
    variables: [projectVariable(), regionVariable(), exporterUrlVariable()],
    links: [alertTriggersLink()],
    rows: [
      { title: `Last ${readableDuration(inputs.trendWindow)}`, panels: [...USAGE_TYPES.map((type) => trendCard(inputs, type)), eventsCard(inputs)] },
      { title: 'Projects', panels: [projectsTable(inputs), topProjects(inputs), projectAlerts()] },
      ...USAGE_TYPES.map((type, index) => usageRow(inputs, type, index > 0)),
      customMetricsRow(),
    ],
  });
}
