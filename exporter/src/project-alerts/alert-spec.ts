/**
 * A project alert as an alert of `alert-rules/specs` (kind Alerts): the one translation from the
 * API's fields to the spec model, used both to validate (the spec schema and checks) and to
 * render (the same generator). What is compared:
 *   - a counter (participant_minutes, egress_minutes, bandwidth_bytes, api_requests): its increase
 *     over the last `duration` minutes, summed over regions;
 *   - storage_bytes (a gauge): its current level, summed over regions;
 * and the condition must hold for `duration` minutes before the alert fires.
 */
import { usageMetrics } from '../../../common/metrics/catalogue';
import { OPERATORS } from '../../../alert-rules/src/rule-builders/user-alerts';
import type { AlertSpec } from '../../../alert-rules/src/spec-files/schema';
import type { ProjectAlertFields } from './types';

/** Every project alert shares this rule name; `alert_id` and `project` tell them apart. */
export const PROJECT_ALERT_NAME = 'ProjectAlert';

export function isLevel(fields: Pick<ProjectAlertFields, 'metric_name'>): boolean {
  return usageMetrics[fields.metric_name].type === 'gauge';
}

/** The value the threshold is compared with, in words (also the alert's description). */
export function comparedValue(fields: Pick<ProjectAlertFields, 'metric_name' | 'duration'>): string {
  const metric = usageMetrics[fields.metric_name].name;
  return isLevel(fields) ? `${metric} (its current level), summed over regions` : `the increase of ${metric} over the last ${fields.duration}m, summed over regions`;
}

export function toAlertSpec(project: string, fields: ProjectAlertFields, runbookUrl: string): AlertSpec {
  const minutes = `${fields.duration}m`;
  const level = isLevel(fields);
  return {
    name: PROJECT_ALERT_NAME,
    metric: usageMetrics[fields.metric_name].name,
    function: level ? 'value' : 'increase',
    window: level ? undefined : minutes,
    aggregation: 'sum',
    by: [],
    matchers: {},
    condition: fields.condition,
    threshold: fields.threshold,
    for: minutes,
    severity: fields.severity,
    channels: [],
    project,
    summary: fields.alert_name,
    description: `${comparedValue(fields)} ${OPERATORS[fields.condition]} ${fields.threshold} for ${minutes} (project ${project})`,
    runbook_url: runbookUrl,
  };
}
