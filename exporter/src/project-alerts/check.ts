/**
 * `check`: every alert of a project evaluated now against Prometheus — the value its rule
 * compares, whether the condition holds now, and the rule's state as Prometheus last evaluated it
 * (`ALERTS`: pending or firing; inactive otherwise). Reads only.
 */
import { userAlertValueExpr } from '../../../alert-rules/src/rule-builders/user-alerts';
import type { PrometheusApi } from '../project-rules/prometheus-api';
import { PROJECT_ALERT_NAME, comparedValue, toAlertSpec } from './alert-spec';
import type { CustomMetric } from '../custom-metrics/types';
import { ALERT_ID_LABEL, renderedMetric } from './render';
import type { AlertCondition, StoredProjectAlert } from './types';

export type AlertState = 'inactive' | 'pending' | 'firing';

export interface AlertCheck {
  readonly id: string;
  readonly alert_name: string;
  readonly metric_name: string;
  readonly compared_value: string;
  /** null when the metric has no data for the project yet. */
  readonly value: number | null;
  readonly condition: AlertCondition;
  readonly threshold: number;
  readonly condition_met: boolean;
  readonly state: AlertState;
  readonly is_active: boolean;
}

const HOLDS: Record<AlertCondition, (value: number, threshold: number) => boolean> = {
  gt: (v, t) => v > t,
  gte: (v, t) => v >= t,
  lt: (v, t) => v < t,
  lte: (v, t) => v <= t,
  eq: (v, t) => v === t,
  ne: (v, t) => v !== t,
};

export function alertsQuery(project: string): string {
  return `ALERTS{alertname="${PROJECT_ALERT_NAME}", project="${project}"}`;
}

/** What an alert over a custom metric that was deleted or deactivated compares: nothing (value null). */
export const MISSING_CUSTOM_METRIC = 'nothing: the custom metric it names is deleted or inactive';

/** `customs`: the project's custom metric definitions, which alerts may name. */
export async function checkAlerts(
  prometheus: PrometheusApi,
  project: string,
  alerts: readonly StoredProjectAlert[],
  runbookUrl: string,
  customs: readonly CustomMetric[] = [],
): Promise<AlertCheck[]> {
  const metrics = alerts.map((alert) => renderedMetric(alert, customs));
  const [states, values] = await Promise.all([
    prometheus.query(alertsQuery(project)),
    Promise.all(alerts.map((alert, i) => (metrics[i] ? prometheus.query(userAlertValueExpr(toAlertSpec(project, alert, runbookUrl, metrics[i]))) : []))),
  ]);
  const stateOf = new Map(states.map((s) => [s.labels[ALERT_ID_LABEL], s.labels.alertstate as AlertState]));
  return alerts.map((alert, i) => {
    const value = values[i][0]?.value ?? null;
    const metric = metrics[i];
    return {
      id: alert.id,
      alert_name: alert.alert_name,
      metric_name: alert.metric_name,
      compared_value: metric ? comparedValue(alert, metric) : MISSING_CUSTOM_METRIC,
      value,
      condition: alert.condition,
      threshold: alert.threshold,
      condition_met: value !== null && HOLDS[alert.condition](value, alert.threshold),
      state: (alert.is_active && stateOf.get(alert.id)) || 'inactive',
      is_active: alert.is_active,
    };
  });
}
