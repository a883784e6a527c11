/**
 * The analytics API's custom metric definitions: POST /metrics/custom (project in the body),
 * GET /metrics/custom/:project_id, PUT and DELETE /metrics/custom/:project_id/:id. Parse and
 * authorise here; the work is in custom-metrics/. On with project alerts (they share the rule files).
 */
import type { Request, Response, Router } from 'express';
import { CUSTOM_METRIC_ID, CUSTOM_METRICS_MAX_PER_PROJECT, createCustomMetrics, type CustomMetricChange, type UsingAlert } from '../custom-metrics/custom-metrics';
import { createCustomMetricBody, replaceCustomMetricBody, validateCustomMetric } from '../custom-metrics/definition';
import { customMetricSeries } from '../custom-metrics/render';
import type { CustomMetric } from '../custom-metrics/types';
import type { AnalyticsRouteContext } from './analytics-context';
import { renderRules, withAlerts } from './project-alert-routes';
import { badRequest } from './request-body';

function renderMetric(metric: CustomMetric) {
  return { ...metric, series: customMetricSeries(metric.project_id, metric) };
}

/** 409: the definition is named by alerts of the project, listed so the caller can change them first. */
function answerInUse(res: Response, project: string, id: string, alerts: readonly UsingAlert[]): void {
  const names = alerts.map((a) => `"${a.alert_name}" (${a.id})`).join(', ');
  res.status(409).json({ error: `custom metric "${id}" of project "${project}" is used by alerts ${names}; change or delete them first`, alerts });
}

function answerChange(res: Response, project: string, id: string | undefined, change: CustomMetricChange, status: number, name: string): void {
  if (change.ok) {
    res.status(status).json({ ...renderMetric(change.metric), rules: renderRules(change.rules) });
  } else if (change.problem === 'in_use') {
    answerInUse(res, project, String(id), change.alerts);
  } else if (change.problem === 'limit') {
    res.status(422).json({ error: `project "${project}" already has ${CUSTOM_METRICS_MAX_PER_PROJECT} custom metrics, the most allowed; delete one first` });
  } else if (change.problem === 'name_taken') {
    res.status(409).json({ error: `name: project "${project}" already has a custom metric named "${name}"`, problems: [{ field: 'name', message: `already used in project "${project}" (got "${name}")` }] });
  } else {
    res.status(404).json({ error: `no custom metric "${String(id)}" in project "${project}"` });
  }
}

function metricId(req: Request, res: Response): string | undefined {
  const id = String(req.params.id);
  if (CUSTOM_METRIC_ID.test(id)) return id;
  res.status(404).json({ error: `no custom metric "${id}" in project "${String(req.params.project_id)}"` });
  return undefined;
}

export function mountCustomMetrics(router: Router, context: AnalyticsRouteContext): void {
  const { guard } = context;
  const service = (rules: Parameters<typeof createCustomMetrics>[1]) => createCustomMetrics(context.runtime.store, rules);
  router.post(
    '/metrics/custom',
    guard,
    withAlerts(context, async (alerts, project, req, res) => {
      const parsed = validateCustomMetric(createCustomMetricBody, req.body, project);
      if (!parsed.ok) {
        res.status(400).json(badRequest(parsed.problems));
        return;
      }
      answerChange(res, project, undefined, await service(alerts.rules).create(project, parsed.value), 201, parsed.value.name);
    }),
  );
  router.get(
    '/metrics/custom/:project_id',
    guard,
    withAlerts(context, async (alerts, project, _req, res) => {
      res.json({ project_id: project, metrics: (await service(alerts.rules).list(project)).map(renderMetric) });
    }),
  );
  router.put(
    '/metrics/custom/:project_id/:id',
    guard,
    withAlerts(context, async (alerts, project, req, res) => {
      const id = metricId(req, res);
      if (id === undefined) return;
      const parsed = validateCustomMetric(replaceCustomMetricBody, req.body, project);
      if (!parsed.ok) {
        res.status(400).json(badRequest(parsed.problems));
        return;
      }
      answerChange(res, project, id, await service(alerts.rules).replace(project, id, parsed.value), 200, parsed.value.name);
    }),
  );
  router.delete(
    '/metrics/custom/:project_id/:id',
    guard,
    withAlerts(context, async (alerts, project, req, res) => {
      const id = metricId(req, res);
      if (id === undefined) return;
      const removal = await service(alerts.rules).remove(project, id);
      if (removal.ok) res.json({ deleted: id, rules: renderRules(removal.rules) });
      else if (removal.problem === 'in_use') answerInUse(res, project, id, removal.alerts);
      else res.status(404).json({ error: `no custom metric "${id}" in project "${project}"` });
    }),
  );
}
