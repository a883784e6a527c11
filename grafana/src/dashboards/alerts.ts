/**
 * Alerts: what fires or is pending now (Prometheus' ALERTS series), when each alert fired over the
 * time range, and the notifications Alertmanager delivered to the exporter's webhook by severity.
 */
import { alertMetrics } from '../../../common/metrics/catalogue';
import { SEVERITIES } from '../../../alert-rules/src/model/types';
import * as units from '@grafana/grafana-foundation-sdk/units';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { pulseDashboard } from '../dashboard-builders/dashboard';
import { statPanel } from '../dashboard-builders/panels/stat';
import { stateTimelinePanel } from '../dashboard-builders/panels/state-timeline';
import { tablePanel } from '../dashboard-builders/panels/table';
import { timeseriesPanel } from '../dashboard-builders/panels/timeseries';
import { valueLabels } from '../dashboard-builders/thresholds';
import { listVariable } from '../dashboard-builders/variables';
import { aggregateBy, dedupeReplicas, sumBy, withFixedWindow } from '../promql/functions';
import { fromVariable, selector, type Matchers } from '../promql/selector';
import { prometheusMetricNames } from '../runtime-metric-names';
import { byProjectAndRegion, projectVariable, regionVariable } from './filters';
import { alertTriggersLink, exporterUrlVariable } from './exporter-api';
import { DASHBOARD_UIDS } from './uids';

type Severity = (typeof SEVERITIES)[number];

const SEVERITY_COLOURS: Readonly<Record<Severity, string>> = { critical: 'red', high: 'orange', medium: 'yellow', low: 'blue', info: 'text' };
const bySeverity: Matchers = { severity: fromVariable('severity') };
const ALERT_FILTERS: Matchers = { ...byProjectAndRegion, ...bySeverity };
const ALERT_LABELS_HIDDEN = ['__name__', 'Value', 'channels', 'instance', 'job'];

const severityColours = () => SEVERITIES.map((severity) => ({ field: severity, properties: [{ id: 'color', value: { mode: 'fixed', fixedColor: SEVERITY_COLOURS[severity] } }] }));

function firingBySeverity() {
  return statPanel({
    title: 'Firing alerts by severity',
    description: 'Alerts firing now, per severity, among the selected projects and regions.',
    unit: units.Short,
    queries: SEVERITIES.map((severity) => ({
      expr: `count(${selector(prometheusMetricNames.alerts, { ...byProjectAndRegion, alertstate: 'firing', severity })}) or vector(0)`,
      legend: severity,
      instant: true,
    })),
    named: true,
    orientation: 'vertical',
    overrides: severityColours(),
    width: 6,
    height: 9,
  });
}

function currentAlerts() {
  return tablePanel({
    title: 'Firing and pending alerts',
    description: 'Every alert Prometheus evaluates as firing or pending (its `for` not yet over) right now, with its labels. Silenced alerts still show here; Alertmanager mutes them, not Prometheus.',
    unit: units.NoUnit,
    queries: [{ expr: selector(prometheusMetricNames.alerts, ALERT_FILTERS), instant: true, table: true }],
    hide: ALERT_LABELS_HIDDEN,
    order: ['alertstate', 'alertname', 'severity', 'region', 'project'],
    sortBy: { column: 'alertstate', ascending: true },
    whenEmpty: 'No alert is firing or pending',
    width: 18,
    height: 9,
  });
}

function history() {
  return stateTimelinePanel({
    title: 'Alert history',
    description: 'When each alert was firing over the time range, per alert, region and project.',
    unit: units.NoUnit,
    queries: [{ expr: aggregateBy('max', ['alertname', 'severity', 'region', 'project'], selector(prometheusMetricNames.alerts, { ...ALERT_FILTERS, alertstate: 'firing' })), legend: '{{alertname}} {{region}} {{project}} ({{severity}})' }],
    mappings: [valueLabels([{ value: 1, text: 'firing', color: 'red' }])],
    whenEmpty: 'No alert fired in the time range',
    width: 24,
    height: 10,
  });
}

function notificationsPerHour() {
  const notifications = selector(alertMetrics.notifications.name, { ...bySeverity, status: 'firing' });
  return timeseriesPanel({
    title: 'Notifications per hour by severity',
    description: 'Firing notifications Alertmanager delivered to the exporter webhook, per hour and severity (each bar is the hour ending at its time). Muted and silenced alerts send none.',
    unit: units.Short,
    queries: [{ expr: withFixedWindow('hourly buckets', sumBy(['severity'], dedupeReplicas(`increase(${notifications}[1h])`))), legend: '{{severity}}', minStep: '1h' }],
    style: 'stacked-bars',
    overrides: severityColours(),
    decimals: 0,
    whenEmpty: 'No notification in the time range',
    width: 12,
    height: 9,
  });
}

function notificationsByAlert() {
  const notifications = selector(alertMetrics.notifications.name, bySeverity);
  return tablePanel({
    title: 'Notifications by alert in the time range',
    description: 'How many notifications (firing and resolved) each alert sent to the exporter webhook over the time range, most first. The trigger history API (link at the top) has each one with its labels and annotations.',
    unit: units.Short,
    queries: [
      {
        expr: withFixedWindow('the whole time range', `sort_desc(${sumBy(['alertname', 'severity', 'status'], dedupeReplicas(`increase(${notifications}[$__range])`))} > 0)`),
        instant: true,
        table: true,
      },
    ],
    rename: { Value: 'Notifications' },
    decimals: 0,
    sortBy: { column: 'Notifications' },
    whenEmpty: 'No notification in the time range',
    width: 12,
    height: 9,
  });
}

export function alertsDashboard(): Dashboard {
  return pulseDashboard({
    uid: DASHBOARD_UIDS.alerts,
    title: 'Pulse / Alerts',
    description: 'Alerts firing and pending now, their history, and the notifications delivered by severity.',
    tags: ['alerts'],
    time: { from: 'now-24h', to: 'now' },
    refresh: '30s',
    variables: [
      projectVariable(),
      regionVariable(),
      listVariable({ name: 'severity', label: 'Severity', description: 'Severities of the alert rules, most urgent first.', values: SEVERITIES, multi: true }),
      exporterUrlVariable(),
    ],
    links: [alertTriggersLink()],
    rows: [
      { title: 'Now', panels: [firingBySeverity(), currentAlerts()] },
      { title: 'History', panels: [history(), notificationsPerHour(), notificationsByAlert()] },
    ],
  });
}
