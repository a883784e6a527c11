/**
 * Project alerts → rule groups, through the alert-rules generator (spec → draft → rule), so a
 * project alert reads like an alert of `alert-rules/specs`: scoped to its project, with
 * severity, summary, description and runbook_url. Pure.
 */
import { makeAlert } from '../../../alert-rules/src/rule-builders/alert-rule';
import { userAlertDraft } from '../../../alert-rules/src/rule-builders/user-alerts';
import type { AlertingRule, RuleGroup } from '../../../alert-rules/src/model/types';
import { num } from '../../../alert-rules/src/render/promql';
import { toAlertSpec } from './alert-spec';
import type { ProjectAlert } from './types';

/**
 * The project's channels go in `project_channels`, not in `channels`: Alertmanager routes
 * `channels` to the operator's receivers, while a project's notifications go through the
 * exporter's webhook to the project's own destinations.
 */
export const PROJECT_CHANNELS_LABEL = 'project_channels';
export const ALERT_ID_LABEL = 'alert_id';

export function projectAlertRule(alert: ProjectAlert, runbookUrl: string): AlertingRule {
  const spec = toAlertSpec(alert.project_id, alert, runbookUrl);
  const rule = makeAlert(userAlertDraft(spec, { [ALERT_ID_LABEL]: alert.id, [PROJECT_CHANNELS_LABEL]: [...alert.notification_channels].sort().join(',') }));
  // The value that crossed the threshold, for the messages the exporter sends.
  return { ...rule, annotations: { ...rule.annotations, value: '{{ $value }}', threshold: num(alert.threshold), condition: alert.condition } };
}

/** A number annotation this file renders (value, threshold) read back from a notification, or null. */
export function annotationNumber(text: string | undefined): number | null {
  const value = text === undefined || text.trim() === '' ? NaN : Number(text);
  return Number.isFinite(value) ? value : null;
}

/** The project's alert group: active alerts only, in the store's order (so every replica renders the same bytes). */
export function projectAlertGroups(project: string, alerts: readonly ProjectAlert[], runbookUrl: string): RuleGroup[] {
  const rules = alerts.filter((a) => a.is_active).map((a) => projectAlertRule(a, runbookUrl));
  return rules.length === 0 ? [] : [{ name: `project-alerts:${project}`, rules }];
}
