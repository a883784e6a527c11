/**
 * Project alerts → rule groups, through the alert-rules generator (spec → draft → rule), so a
 * project alert reads like an alert of `alert-rules/specs`: scoped to its project, with
 * severity, summary, description and runbook_url. Pure.
 */
import { makeAlert } from '../../../alert-rules/src/rule-builders/alert-rule';
import { userAlertDraft } from '../../../alert-rules/src/rule-builders/user-alerts';
import type { AlertingRule, RuleGroup } from '../../../alert-rules/src/model/types';
import { num } from '../../../alert-rules/src/render/promql';
import type { CustomMetric } from '../custom-metrics/types';
import { resolveAlertMetric, type AlertMetric } from './alert-metric';
import { toAlertSpec } from './alert-spec';
import type { ProjectAlert } from './types';

/**
 * The project's channels go in `project_channels`, not in `channels`: Alertmanager routes
 * `channels` to the operator's receivers, while a project's notifications go through the
 * exporter's webhook to the project's own destinations.
 */
export const PROJECT_CHANNELS_LABEL = 'project_channels';
export const ALERT_ID_LABEL = 'alert_id';
/** The annotation the messages' Dashboard line reads (alert-rules/src/messages), here and in Alertmanager. */
export const DASHBOARD_URL_ANNOTATION = 'dashboard_url';

/** The configured dashboard URL for this project (`{project}` replaced), or undefined. */
export function projectDashboardUrl(template: string | undefined, project: string): string | undefined {
  return template?.replaceAll('{project}', encodeURIComponent(project));
}

export function projectAlertRule(alert: ProjectAlert, runbookUrl: string, metric: AlertMetric, dashboardUrl?: string): AlertingRule {
  const spec = toAlertSpec(alert.project_id, alert, runbookUrl, metric);
  const rule = makeAlert(userAlertDraft(spec, { [ALERT_ID_LABEL]: alert.id, [PROJECT_CHANNELS_LABEL]: [...alert.notification_channels].sort().join(',') }));
  const dashboard = projectDashboardUrl(dashboardUrl, alert.project_id);
  // The value that crossed the threshold, for the messages the exporter sends.
  return {
    ...rule,
    annotations: { ...rule.annotations, value: '{{ $value }}', threshold: num(alert.threshold), condition: alert.condition, ...(dashboard && { [DASHBOARD_URL_ANNOTATION]: dashboard }) },
  };
}

/** A number annotation this file renders (value, threshold) read back from a notification, or null. */
export function annotationNumber(text: string | undefined): number | null {
  const value = text === undefined || text.trim() === '' ? NaN : Number(text);
  return Number.isFinite(value) ? value : null;
}

/** The metric an active alert reads, or undefined when it names a custom metric that is gone or inactive (see README: such an alert renders no rule). */
export function renderedMetric(alert: ProjectAlert, customs: readonly CustomMetric[]): AlertMetric | undefined {
  const metric = resolveAlertMetric(alert.metric_name, customs);
  return metric?.kind === 'custom' && !metric.metric.is_active ? undefined : metric;
}

/**
 * The project's alert group: active alerts only, in the store's order (so every replica renders
 * the same bytes). `customs` are the project's custom metric definitions, which alerts may name;
 * `dashboardUrl` is project_alerts.dashboard_url.
 */
export function projectAlertGroups(project: string, alerts: readonly ProjectAlert[], runbookUrl: string, customs: readonly CustomMetric[] = [], dashboardUrl?: string): RuleGroup[] {
  const rules = alerts.flatMap((alert) => {
    const metric = alert.is_active ? renderedMetric(alert, customs) : undefined;
    return metric ? [projectAlertRule(alert, runbookUrl, metric, dashboardUrl)] : [];
  });
  return rules.length === 0 ? [] : [{ name: `project-alerts:${project}`, rules }];
}
