/**
 * Forecast: every usage type's actual daily figure against its forecast, with the 95 % band drawn
 * into the future; how good each series' model is; and how many days remain before a quota or
 * the capacity is reached.
 *
 * Drawing into the future: Prometheus refuses samples stamped ahead of now, so the forecaster
 * stamps each forecast "now", with a `horizon` label saying how far ahead it looks. A forecast
 * published at t for t+7d is drawn at t+7d by reading it 7 days late: `… offset 7d` evaluated at
 * t+7d returns the sample stamped t. With the time range reaching now+30d, Grafana asks
 * Prometheus for points up to a month ahead, and every point up to now+horizon finds the forecast
 * made one horizon earlier; before now the same series shows what was predicted for each day,
 * beside what happened. So the offset is positive: a negative one (`offset -7d`, accepted by
 * Prometheus 2.42 without a feature flag) would read samples from the future, which do not exist,
 * and Grafana's per-panel time shift moves the whole panel's range, not one series.
 */
import { FORECAST_HORIZONS, FORECAST_QUANTILES, forecasterMetrics, forecastMetrics, USAGE_TYPES, usageMetrics, type UsageType } from '../../../common/metrics/catalogue';
import * as units from '@grafana/grafana-foundation-sdk/units';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { pulseDashboard, type RowSpec } from '../dashboard-builders/dashboard';
import { statPanel } from '../dashboard-builders/panels/stat';
import { tablePanel } from '../dashboard-builders/panels/table';
import { timeseriesPanel } from '../dashboard-builders/panels/timeseries';
import { risingThresholds, thresholdsConfig } from '../dashboard-builders/thresholds';
import { listVariable } from '../dashboard-builders/variables';
import type { DashboardInputs } from '../inputs/dashboard-inputs';
import { aggregateBy, dedupeReplicas } from '../promql/functions';
import { selector, type Matchers } from '../promql/selector';
import { byProjectAndRegion, projectVariable, regionVariable } from './filters';
import { BAND_SERIES, bandOverrides } from './forecast-band';
import { DASHBOARD_UIDS } from './uids';
import { isLevel, USAGE_PRESENTATION } from './usage-types';

const HORIZON = '$horizon';
const SERIES_LABELS = ['metric', 'project', 'region'] as const;

/**
 * What the forecaster predicts per series (assumed until it lands): the daily total of a running
 * total, and the level of storage.
 */
function actual(inputs: DashboardInputs, type: UsageType): string {
  if (isLevel(type)) return `sum(${dedupeReplicas(selector(usageMetrics[type].name, byProjectAndRegion))})`;
  return `sum(${selector(inputs.usage[type].daily, byProjectAndRegion)})`;
}

/** The forecast quantile for `type`, moved forward by the horizon to the time it predicts. */
function forecast(type: UsageType, quantile: string): string {
  const series = selector(forecastMetrics.forecast.name, { metric: type, ...byProjectAndRegion, horizon: HORIZON, forecast_quantile: quantile });
  return `sum(${dedupeReplicas(`${series} offset ${HORIZON}`)})`;
}

function forecastRow(inputs: DashboardInputs, type: UsageType, collapsed: boolean): RowSpec {
  const presentation = USAGE_PRESENTATION[type];
  const figure = isLevel(type) ? `${presentation.title.toLowerCase()} in use` : `${presentation.title.toLowerCase()} per day`;
  return {
    title: presentation.title,
    collapsed,
    panels: [
      timeseriesPanel({
        title: `${presentation.title}: actual and forecast`,
        description: `Actual ${figure} (green) against the forecast made one horizon earlier (dashed) and its 95 % band (shaded), over the selected projects and regions; right of now only the forecast remains, up to now + the horizon. With several series selected, the band is the sum of their bands, wider than the band of the total.`,
        unit: presentation.totalUnit,
        queries: [
          { expr: actual(inputs, type), legend: BAND_SERIES.actual },
          { expr: forecast(type, FORECAST_QUANTILES.median), legend: BAND_SERIES.median },
          { expr: forecast(type, FORECAST_QUANTILES.lower), legend: BAND_SERIES.lower },
          { expr: forecast(type, FORECAST_QUANTILES.upper), legend: BAND_SERIES.upper },
        ],
        overrides: bandOverrides(),
        width: 24,
        height: 10,
      }),
    ],
  };
}

/** `name` of the model each series selected, one row per series. */
function ofSelectedModel(name: string, matchers: Matchers): string {
  const labels = [...SERIES_LABELS, 'model'];
  return `${aggregateBy('max', labels, selector(name, matchers))} * on (${labels.join(', ')}) ${aggregateBy('max', labels, selector(forecastMetrics.selectedModelInfo.name, matchers))}`;
}

function modelTable() {
  return tablePanel({
    title: 'Model and accuracy per series',
    description:
      'The model the rolling-origin backtest chose for each series, its MASE (below 1: better than the seasonal naive forecast) and how often the actuals fell inside its 95 % band (ideally 95 %).',
    unit: units.NoUnit,
    queries: [
      { expr: ofSelectedModel(forecastMetrics.backtestMase.name, byProjectAndRegion), instant: true, table: true },
      { expr: ofSelectedModel(forecastMetrics.backtestCoverage.name, byProjectAndRegion), instant: true, table: true },
    ],
    rename: { 'Value #A': 'MASE', 'Value #B': '95 % band coverage' },
    order: [...SERIES_LABELS, 'model'],
    decimals: 2,
    overrides: [
      { field: 'MASE', properties: [{ id: 'thresholds', value: thresholdsConfig(risingThresholds(1, 1.5)) }, { id: 'custom.cellOptions', value: { type: 'color-text' } }] },
      { field: '95 % band coverage', properties: [{ id: 'unit', value: units.PercentUnit }] },
    ],
    sortBy: { column: 'MASE' },
    width: 12,
    height: 10,
  });
}

function daysUntilLimit(inputs: DashboardInputs) {
  const within = inputs.thresholds.forecastWithinDays;
  return tablePanel({
    title: 'Days until a quota or the capacity is reached',
    description: `For each series whose forecast crosses a configured limit within its horizon: the days left. Red within ${within} days, where PulseForecastCrossesLimit fires.`,
    unit: units.Days,
    queries: [{ expr: `${aggregateBy('min', [...SERIES_LABELS, 'limit'], selector(forecastMetrics.timeToLimit.name, byProjectAndRegion))} / 86400`, instant: true, table: true }],
    rename: { Value: 'Days left' },
    decimals: 1,
    overrides: [
      { field: 'Days left', properties: [{ id: 'thresholds', value: thresholdsConfig([{ from: null, color: 'red' }, { from: within, color: 'green' }]) }, { id: 'custom.cellOptions', value: { type: 'color-background' } }] },
    ],
    sortBy: { column: 'Days left', ascending: true },
    whenEmpty: 'No forecast crosses a limit within its horizon',
    width: 12,
    height: 10,
  });
}

function anomalies() {
  const outside = `${aggregateBy('max', [...SERIES_LABELS], selector(forecastMetrics.anomaly.name, byProjectAndRegion))} == 1`;
  return statPanel({
    title: 'Series outside their forecast band',
    description: 'Series of the selected projects and regions whose latest hour lies far outside its 95 % forecast band, twice the band\'s distance from the median (PulseUsageAnomaly fires when one stays outside).',
    unit: units.Short,
    queries: [{ expr: `count(${outside}) or vector(0)`, instant: true }],
    thresholds: [
      { from: null, color: 'green' },
      { from: 1, color: 'orange' },
    ],
    background: true,
    width: 12,
    height: 4,
  });
}

function forecastAge() {
  return statPanel({
    title: 'Forecast age',
    description: 'Time since the forecaster last finished a run; forecasts older than a day or so no longer reflect recent usage.',
    unit: units.Seconds,
    queries: [{ expr: `time() - max(${forecasterMetrics.lastRun.name})`, instant: true }],
    thresholds: risingThresholds(6 * 3600, 24 * 3600),
    background: true,
    width: 12,
    height: 4,
  });
}

export function forecastDashboard(inputs: DashboardInputs): Dashboard {
  return pulseDashboard({
    uid: DASHBOARD_UIDS.forecast,
    title: 'Pulse / Forecast',
    description: 'Usage forecasts per project and region with their 95 % band drawn into the future, model accuracy, and days until limits.',
    tags: ['forecast', 'usage'],
    // Reaches a month ahead, so forecasts are drawn at the time they predict.
    time: { from: 'now-30d', to: 'now+30d' },
    refresh: '5m',
    variables: [
      projectVariable(),
      regionVariable(),
      listVariable({ name: 'horizon', label: 'Horizon', description: 'How far ahead the forecast looks; it is drawn that far to the right.', values: FORECAST_HORIZONS, selected: '7d' }),
    ],
    rows: [
      { title: 'Forecast health', panels: [anomalies(), forecastAge(), modelTable(), daysUntilLimit(inputs)] },
      ...USAGE_TYPES.map((type, index) => forecastRow(inputs, type, index > 0)),
    ],
  });
}
