/**
 * A project alert as an alert of `alert-rules/specs` (kind Alerts): the one translation from the
 * API's fields to the spec model, used both to validate (the spec schema and checks) and to
 * render (the same generator). What is compared:
 *   - a counter (participant_minutes, egress_minutes, bandwidth_bytes, api_requests): its increase
 *     over the last `duration` minutes, summed over regions;
 *   - storage_bytes (a gauge): its current level, summed over regions;
 *   - a custom metric of the project: the value its recording rule records now (a counter's rate
 *     per second, a gauge's level), aggregated across the definition's `by` labels with its own
 *     aggregation (count is summed);
 * and the condition must hold for `duration` minutes before the alert fires.
 */
import { usageMetrics } from '../../../common/metrics/catalogue';
import { OPERATORS } from '../../../alert-rules/src/rule-builders/user-alerts';
import type { AlertSpec } from '../../../alert-rules/src/spec-files/schema';
import { customMetricSeries } from '../custom-metrics/render';
import type { AlertMetric } from './alert-metric';
import type { ProjectAlertFields } from './types';

/** Every project alert shares this rule name; `alert_id` and `project` tell them apart. */
export const PROJECT_ALERT_NAME = 'ProjectAlert';

function isLevel(metric: AlertMetric): boolean {
  return metric.kind === 'custom' || usageMetrics[metric.type].type === 'gauge';
}

function seriesOf(project: string, metric: AlertMetric): string {
  return metric.kind === 'custom' ? customMetricSeries(project, metric.metric) : usageMetrics[metric.type].name;
}

/** The value the threshold is compared with, in words (also the alert's description). */
export function comparedValue(fields: Pick<ProjectAlertFields, 'duration'>, metric: AlertMetric): string {
  if (metric.kind === 'custom') {
    const { name, aggregation, project_id: project } = metric.metric;
    return `${seriesOf(project, metric)} (custom metric ${name}, its current value), ${aggregation === 'count' ? 'sum' : aggregation} over its labels`;
  }
  const series = usageMetrics[metric.type].name;
  return isLevel(metric) ? `${series} (its current level), summed over regions` : `the increase of ${series} over the last ${fields.duration}m, summed over regions`;
}

export function toAlertSpec(project: string, fields: ProjectAlertFields, runbookUrl: string, metric: AlertMetric): AlertSpec {
  const minutes = `${fields.duration}m`;
  const level = isLevel(metric);
  const aggregation = metric.kind === 'custom' && metric.metric.aggregation !== 'count' ? metric.metric.aggregation : 'sum';
  return {
    name: PROJECT_ALERT_NAME,
    metric: seriesOf(project, metric),
    function: level ? 'value' : 'increase',
    window: level ? undefined : minutes,
    aggregation,
    by: [],
    matchers: {},
    condition: fields.condition,
    threshold: fields.threshold,
    for: minutes,
    severity: fields.severity,
    channels: [],
    project,
    summary: fields.alert_name,
    description: `${comparedValue(fields, metric)} ${OPERATORS[fields.condition]} ${fields.threshold} for ${minutes} (project ${project})`,
    runbook_url: runbookUrl,
  };
}
