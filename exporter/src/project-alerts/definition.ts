/**
 * Validation of a project alert body (POST and PUT): first the API's own shape (the original
 * design's MetricAlert fields, every error naming its field), then the same model as
 * `alert-rules/specs` (the Alerts spec schema and its checks against the metric catalogue), with
 * any problem it finds named by the API field it came from.
 */
import { z } from 'zod';
import type { ConfigProblem } from '../../../common/config/errors';
import { USAGE_TYPES } from '../../../common/metrics/catalogue';
import { NAME_MAX as CUSTOM_NAME_MAX } from '../custom-metrics/definition';
import type { CustomMetric } from '../custom-metrics/types';
import { catalogueIndex } from '../../../alert-rules/src/rule-builders/catalogue-index';
import { checkUserAlerts } from '../../../alert-rules/src/rule-builders/user-alerts';
import { alertsSpec, API_VERSION } from '../../../alert-rules/src/spec-files/schema';
import { parseBody, type FieldProblem, type Parsed } from '../api/request-body';
import { recordedDefinition, resolveAlertMetric, type AlertMetric } from './alert-metric';
import { toAlertSpec } from './alert-spec';
import { ALERT_CONDITIONS, ALERT_SEVERITIES, PROJECT_CHANNELS, type ProjectAlertFields } from './types';

export const ALERT_NAME_MAX = 100;
export const DURATION_MAX_MINUTES = 1440;
export const THRESHOLD_MAX = 1e15;

const fields = {
  // A usage type or a custom metric of the project: which one is checked against the store's definitions.
  metric_name: z.string().min(1, 'must not be empty').max(CUSTOM_NAME_MAX, `must be at most ${CUSTOM_NAME_MAX} characters`),
  alert_name: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(ALERT_NAME_MAX, `must be at most ${ALERT_NAME_MAX} characters`)
    // Prometheus expands templates in annotations; a name is shown as written.
    .regex(/^[^{}\p{Cc}]*$/u, 'must not hold braces or control characters'),
  condition: z.enum(ALERT_CONDITIONS),
  threshold: z.number().min(-THRESHOLD_MAX, `must be from -${THRESHOLD_MAX} to ${THRESHOLD_MAX}`).max(THRESHOLD_MAX, `must be from -${THRESHOLD_MAX} to ${THRESHOLD_MAX}`),
  duration: z.number().int('must be a whole number of minutes').min(1, `must be from 1 to ${DURATION_MAX_MINUTES} minutes`).max(DURATION_MAX_MINUTES, `must be from 1 to ${DURATION_MAX_MINUTES} minutes`),
  severity: z.enum(ALERT_SEVERITIES),
  notification_channels: z
    .array(z.enum(PROJECT_CHANNELS))
    .max(PROJECT_CHANNELS.length, `must list at most ${PROJECT_CHANNELS.length} channels`)
    .refine((list) => new Set(list).size === list.length, 'must not list a channel twice')
    .default([]),
  is_active: z.boolean().default(true),
};

/** POST /api/v1/analytics/alerts: the project is in the body. */
export const createAlertBody = z.strictObject({ project_id: z.string(), ...fields });
/** PUT …/alerts/:project_id/:alert_id: the whole definition again; project_id may repeat the path's. */
export const replaceAlertBody = z.strictObject({ project_id: z.string().optional(), ...fields });

/** Where a problem of the spec model comes from in the API body. */
const SPEC_FIELD: Readonly<Record<string, string>> = {
  name: 'alert_name',
  summary: 'alert_name',
  description: 'alert_name',
  metric: 'metric_name',
  function: 'metric_name',
  window: 'duration',
  for: 'duration',
  threshold: 'threshold',
  condition: 'condition',
  severity: 'severity',
  project: 'project_id',
  runbook_url: 'project_alerts.runbook_url (config)',
};

/** The fields checked by the alert-rules model, as the YAML specs are. */
export function checkWithSpecModel(project: string, alert: ProjectAlertFields, runbookUrl: string, metric: AlertMetric): FieldProblem[] {
  const spec = { apiVersion: API_VERSION, kind: 'Alerts', alerts: [toAlertSpec(project, alert, runbookUrl, metric)] };
  const parsed = alertsSpec.safeParse(spec);
  const problems: ConfigProblem[] = [];
  const catalogue = new Map(catalogueIndex());
  if (metric.kind === 'custom') catalogue.set(spec.alerts[0].metric, recordedDefinition(metric.metric));
  if (parsed.success) checkUserAlerts({ spec: parsed.data, at: { file: 'request body', lineOf: () => undefined } }, catalogue, problems);
  const found = parsed.success ? problems.map((p) => ({ path: p.path, message: p.message })) : parsed.error.issues.map((i) => ({ path: i.path, message: i.message }));
  return found.map(({ path, message }) => {
    const key = String(path[2] ?? '');
    const field = SPEC_FIELD[key] ?? key;
    const value = field === 'project_id' ? ` (got "${project}")` : '';
    return { field, message: message.includes('(got') ? message : `${message}${value}` };
  });
}

/** The metric an alert names, or the problem with it: unknown, or a definition that is inactive while the alert is active. */
function alertMetric(project: string, alert: ProjectAlertFields, customs: readonly CustomMetric[]): AlertMetric | FieldProblem {
  const metric = resolveAlertMetric(alert.metric_name, customs);
  const got = `(got "${alert.metric_name}")`;
  if (!metric) return { field: 'metric_name', message: `must be a usage type (${USAGE_TYPES.join(', ')}) or the name of a custom metric of project "${project}" ${got}` };
  if (metric.kind === 'custom' && alert.is_active && !metric.metric.is_active) return { field: 'metric_name', message: `names an inactive custom metric; activate it first, or create the alert inactive ${got}` };
  return metric;
}

/** `customs`: the project's custom metric definitions, which metric_name may name. */
export function validateAlert(
  schema: typeof createAlertBody | typeof replaceAlertBody,
  body: unknown,
  project: string,
  runbookUrl: string,
  customs: readonly CustomMetric[] = [],
): Parsed<ProjectAlertFields> {
  const parsed = parseBody(schema, body);
  if (!parsed.ok) return parsed;
  const { project_id: named, ...alert } = parsed.value;
  if (named !== undefined && named !== project) return { ok: false, problems: [{ field: 'project_id', message: `must be the project of the path, "${project}" (got "${named}")` }] };
  const metric = alertMetric(project, alert, customs);
  if ('field' in metric) return { ok: false, problems: [metric] };
  const problems = checkWithSpecModel(project, alert, runbookUrl, metric);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: alert };
}
