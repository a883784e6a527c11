/**
 * The analytics API's custom metric definitions: POST /metrics/custom (project in the body),
 * GET /metrics/custom/:project_id, PUT and DELETE /metrics/custom/:project_id/:id. Parse and
 * authorise here; the work is in custom-metrics/. On with project alerts (they share the rule files).
 */
import type { Request, Response, Router } from 'express';
import { CUSTOM_METRIC_ID, CUSTOM_METRICS_MAX_PER_PROJECT, createCustomMetrics, type CustomMetricChange } from '../custom-metrics/custom-metrics';
import { createCustomMetricBody, replaceCustomMetricBody, validateCustomMetric } from '../custom-metrics/definition';
import { customMetricSeries } from '../custom-metrics/render';
import type { CustomMetric } from '../custom-metrics/types';
import type { AnalyticsRouteContext } from './analytics-context';
import { renderRules, withAlerts } from './project-alert-routes';
import { badRequest } from './request-body';

function renderMetric(metric: CustomMetric) {
  return { ...metric, series: customMetricSeries(metric.project_id, metric) };
}

function answerChange(res: Response, project: string, id: string | undefined, change: CustomMetricChange, status: number, name: string): void {
  if (change.ok) {
    res.status(status).json({ ...renderMetric(change.metric), rules: renderRules(change.rules) });
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
      const rules = await service(alerts.rules).remove(project, id);
      if (!rules) {
        res.status(404).json({ error: `no custom metric "${id}" in project "${project}"` });
        return;
      }
      res.json({ deleted: id, rules: renderRules(rules) });
    }),
  );
}
